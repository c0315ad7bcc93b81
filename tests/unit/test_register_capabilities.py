"""A register sets which capabilities its pledges track, and whether the pack shows them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import enums
from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import ValidationError
from coalition_desk.reports import export_register, import_register, write_meeting_pack
from coalition_desk.services import meetings, records, settings
from coalition_desk.services.crud import Writer
from tests.unit.reports_helpers import column_letter, edit_workbook

CORRIDOR = ("escort_ships", "inspection_teams", "Demining", "insurance")


def test_the_default_list_is_todays(empty_db) -> None:
    assert settings.capabilities(empty_db) == enums.Capability.values()
    assert settings.pledge_sheets(empty_db)


def test_a_grain_corridor_tracks_its_own_capabilities(empty_db) -> None:
    settings.set_capabilities(empty_db, CORRIDOR)
    assert settings.capabilities(empty_db) == CORRIDOR
    writer = Writer(empty_db, origin="test")
    writer.create(rec.Nation(name="Türkiye", code="TUR"))
    nation = records.list_all(empty_db, rec.Nation)[0]
    writer.create(rec.Pledge(nation_uuid=nation.uuid, capability="Demining",
                             as_of=dt.date(2025, 4, 10), quantity=2, unit="teams"))
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Pledge(nation_uuid=nation.uuid, capability="troops",
                                 as_of=dt.date(2025, 4, 10)))
    reason = caught.value.reason_for("capability")
    assert "'troops' is not one of this register's capabilities" in reason
    assert "escort_ships" in reason
    assert enums.capability_label("inspection_teams") == "inspection teams"


def test_a_capability_in_use_cannot_be_dropped(demo_db) -> None:
    used = {p.capability for p in records.list_all(demo_db, rec.Pledge)}
    assert used
    with pytest.raises(ValidationError) as caught:
        settings.set_capabilities(demo_db, ("funding",))
    assert "still use" in str(caught.value)
    assert settings.capabilities(demo_db) == enums.Capability.values()


@pytest.mark.parametrize(("values", "reason"), [
    (("troops", "Troops"), "listed twice"),
    (("troops", " "), "must not be blank"),
    (("troops", "x" * 21), "at most 20"),
])
def test_an_unfit_list_is_refused_with_why(empty_db, values, reason) -> None:
    with pytest.raises(ValidationError) as caught:
        settings.set_capabilities(empty_db, values)
    assert reason in str(caught.value)


def test_the_pack_leaves_out_pledge_sheets_when_the_register_says_so(demo_db,
                                                                    tmp_path) -> None:
    brussels = meetings.find_meeting(demo_db, "2025-04-10")
    settings.set_pledge_sheets(demo_db, False)
    path = tmp_path / "pack.xlsx"
    write_meeting_pack(demo_db, brussels.uuid, path)
    pack = load_workbook(path)
    assert "Pledges" not in pack.sheetnames and "Capability gap" not in pack.sheetnames
    contents = [row[0] for row in pack["Cover"].iter_rows(values_only=True)]
    assert "Pledges" not in contents and "Positions" in contents
    settings.set_pledge_sheets(demo_db, True)
    write_meeting_pack(demo_db, brussels.uuid, path)
    assert "Pledges" in load_workbook(path).sheetnames


def test_an_import_checks_the_registers_capabilities(demo_db, tmp_path) -> None:
    used = sorted({p.capability for p in records.list_all(demo_db, rec.Pledge)})
    settings.set_capabilities(demo_db, (*used, "grain_escort"))
    exported = tmp_path / "register.xlsx"
    export_register(demo_db, exported)
    letter = column_letter(exported, "Pledges", "capability")
    for value, accepted in (("grain_escort", True), ("naval", False)):
        edited = tmp_path / f"{value}.xlsx"
        edit_workbook(exported, edited, {("Pledges", f"{letter}2"): value})
        report = import_register(demo_db, edited, dry_run=True)
        assert report.ok is accepted, report.problem_lines()
        if not accepted:
            assert "'naval' is not one of this register's capabilities" in (
                report.problem_lines()[0])
    pledge = records.list_all(demo_db, rec.Pledge)[0]
    Writer(demo_db, origin="test").update(dataclasses.replace(pledge, capability="grain_escort"))
