"""Capability requirements travel in the register workbook like every other record."""

from __future__ import annotations

import dataclasses

from coalition_desk.domain import records as rec
from coalition_desk.reports import export_register, import_register
from coalition_desk.reports.register_format import SHEETS
from coalition_desk.services.analysis import capability_gap
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database
from tests.unit.reports_helpers import record_values, sheet_values, snapshot


def _without_times(requirement: rec.CapabilityRequirement) -> rec.CapabilityRequirement:
    # Taken from a workbook, a record gets a revision of its own (docs/merge.md).
    return dataclasses.replace(requirement, created_at=None, updated_at=None, revisions="")


def test_requirements_round_trip_into_an_empty_database(demo_db, tmp_path) -> None:
    writer = Writer(demo_db, "test")
    writer.create(rec.CapabilityRequirement("Deterrence force", "troops", 10_000, "personnel",
                                            "Two brigades"))
    writer.create(rec.CapabilityRequirement("Monitoring", "air_defence", 2.5, "batteries",
                                            '=HYPERLINK("http://x","y")'))
    written = capability_gap.list_requirements(demo_db)
    exported = tmp_path / "register.xlsx"
    export_register(demo_db, exported)
    (layout,) = [s for s in SHEETS if s.spec.name == "requirement"]
    assert len(sheet_values(exported, layout.title)) == 3  # header + two requirements
    other = open_database(tmp_path / "other.sqlite3")
    try:
        report = import_register(other, exported)
        assert report.ok, report.problem_lines()
        read_back = capability_gap.list_requirements(other)
        assert [_without_times(r) for r in read_back] == [_without_times(r) for r in written]
        assert read_back[1].notes == '=HYPERLINK("http://x","y")'
        again = tmp_path / "again.xlsx"
        export_register(other, again)
        assert record_values(again, layout.title) == record_values(exported, layout.title)
        before = snapshot(other)
        second = import_register(other, exported)
        assert second.ok and all(s.added == 0 and s.updated == 0 for s in second.sheets)
        assert snapshot(other) == before
        # The gap reads the same in both registers.
        assert capability_gap.gap_for_scenario(other, "Deterrence force") == (
            capability_gap.gap_for_scenario(demo_db, "Deterrence force"))
    finally:
        other.dispose()
