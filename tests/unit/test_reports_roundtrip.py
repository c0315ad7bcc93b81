"""Export → import → export gives the same register; a second import changes nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports import Cancelled, export_register, import_register
from coalition_desk.reports.register_format import ABOUT_SHEET, AUDIT_SHEET, SHEETS
from coalition_desk.reports.safety import decode_text
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database
from tests.unit.reports_helpers import record_values, sheet_values, snapshot

RISKY_TEXTS = [
    '=HYPERLINK("http://x","y")',
    "+44 20 7946 0000",
    "-1+2",
    "@SUM(A1:A2)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "a Windows line\r\nand a literal _x000D_ escape",
    "  leading and trailing blanks  ",
    "unicode: Zürich — Київ — 東京 🙂",
]


@pytest.fixture
def exported(demo_db, tmp_path):
    path = tmp_path / "register.xlsx"
    export_register(demo_db, path)
    return path


def test_export_has_every_sheet_with_uuid_and_every_field(demo_db, exported) -> None:
    workbook = load_workbook(exported, read_only=True)
    # Format 2: deletions and redirects travel, before the Audit sheet.
    assert workbook.sheetnames == [ABOUT_SHEET, *(s.title for s in SHEETS), "Deleted",
                                   "Redirects", AUDIT_SHEET]
    workbook.close()
    counts = records.counts(demo_db)
    for layout in SHEETS:
        rows = sheet_values(exported, layout.title)
        assert rows[0][0] == "uuid"
        assert set(rows[0]) == {f.name for f in dataclasses.fields(layout.spec.record_type)}
        assert len(rows) - 1 == counts[layout.spec.plural]
    about = dict(row[:2] for row in sheet_values(exported, ABOUT_SHEET) if row and row[0])
    assert about["format_version"] == 2


def test_round_trip_into_an_empty_database_gives_the_same_values(exported, tmp_path) -> None:
    other = open_database(tmp_path / "other.sqlite3")
    try:
        report = import_register(other, exported)
        assert report.ok, report.problem_lines()
        again = tmp_path / "again.xlsx"
        export_register(other, again)
    finally:
        other.dispose()
    for layout in SHEETS:
        first, second = record_values(exported, layout.title), record_values(again, layout.title)
        assert first == second, layout.title
    assert len(sheet_values(again, "Positions")) == 13


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    exported, tmp_path
) -> None:
    other = open_database(tmp_path / "other.sqlite3")
    try:
        first = import_register(other, exported)
        assert sum(s.added for s in first.sheets) > 0
        before = snapshot(other)
        # One audit entry per record written, each with its after-values.
        assert before[1] == sum(s.added for s in first.sheets)
        trail = records.audit_trail(other, sheet_values(exported, "Nations")[1][0])
        assert [(e.action, e.origin) for e in trail] == [("create", "import")]
        assert trail[0].after["name"]
        second = import_register(other, exported)
        assert second.ok
        assert all(s.added == 0 and s.updated == 0 for s in second.sheets)
        assert sum(s.unchanged for s in second.sheets) == sum(s.added for s in first.sheets)
        assert snapshot(other) == before
        assert second.changed_entities == frozenset()
    finally:
        other.dispose()


def test_an_edited_row_updates_that_record_only(demo_db, exported, tmp_path) -> None:
    from tests.unit.reports_helpers import column_letter, edit_workbook

    letter = column_letter(exported, "Nations", "notes")
    edited = tmp_path / "edited.xlsx"
    edit_workbook(exported, edited, {("Nations", f"{letter}2"): "Changed by the other laptop"})
    report = import_register(demo_db, edited)
    assert report.ok, report.problem_lines()
    nations = next(s for s in report.sheets if s.sheet == "Nations")
    assert (nations.added, nations.updated) == (0, 1)
    assert report.changed_entities == {"nation"}
    notes = [n.notes for n in records.list_all(demo_db, rec.Nation)]
    assert "Changed by the other laptop" in notes


def test_risky_text_is_written_as_text_and_comes_back_exactly(empty_db, tmp_path) -> None:
    writer = Writer(empty_db, "test")
    nation = writer.create(rec.Nation(name="Testland", code="TST", notes=RISKY_TEXTS[0]))
    nation_uuid = nation.changes[0].uuid
    for text in RISKY_TEXTS:
        writer.create(rec.Person(name=text.strip() or "x", office=text, notes=text,
                                 nation_uuid=nation_uuid))
    path = tmp_path / "risky.xlsx"
    export_register(empty_db, path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    workbook = load_workbook(path)
    offices = [cell for cell in workbook["People"]["C"][1:]]
    assert {decode_text(cell.value) for cell in offices} == set(RISKY_TEXTS)
    for cell in offices:
        assert cell.data_type == "s"
        if cell.value[0] in "=+-@\t\r":
            assert cell.quotePrefix, cell.value
    other = open_database(tmp_path / "other.sqlite3")
    try:
        assert import_register(other, path).ok
        people = records.list_all(other, rec.Person)
        assert sorted(p.office for p in people) == sorted(RISKY_TEXTS)
        assert records.list_all(other, rec.Nation)[0].notes == '=HYPERLINK("http://x","y")'
    finally:
        other.dispose()


def test_progress_reaches_the_end_and_cancel_leaves_no_file(demo_db, tmp_path) -> None:
    seen: list[tuple[int, int]] = []
    path = tmp_path / "register.xlsx"
    export_register(demo_db, path, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    cancelled = tmp_path / "cancelled.xlsx"
    with pytest.raises(Cancelled):
        export_register(demo_db, cancelled, cancel=lambda: True)
    assert list(tmp_path.glob("*cancelled*")) == []


def test_cancelled_import_changes_nothing(exported, tmp_path) -> None:
    other = open_database(tmp_path / "other.sqlite3")
    try:
        report = import_register(other, exported, cancel=lambda: True)
        assert report.cancelled and not report.ok
        assert records.is_empty(other)
    finally:
        other.dispose()


def test_dry_run_reports_counts_and_writes_nothing(exported, tmp_path) -> None:
    other = open_database(tmp_path / "other.sqlite3")
    try:
        report = import_register(other, exported, dry_run=True)
        assert report.ok and report.dry_run and not report.committed
        assert sum(s.added for s in report.sheets) == 57
        assert records.is_empty(other)
        assert "dry run" in report.summary_lines()[-1]
    finally:
        other.dispose()


def test_new_rows_without_uuid_are_added_with_new_ones(demo_db, exported, tmp_path) -> None:
    from tests.unit.reports_helpers import edit_workbook

    rows = sheet_values(exported, "Issues")
    next_row = len(rows) + 1
    edited = tmp_path / "new-issue.xlsx"
    edit_workbook(exported, edited, {
        ("Issues", f"B{next_row}"): "Border crossings",
        ("Issues", f"C{next_row}"): "Scale",
        ("Issues", f"D{next_row}"): '["closed", "open"]',
    })
    report = import_register(demo_db, edited)
    assert report.ok, report.problem_lines()
    issues = {i.name: i for i in records.list_all(demo_db, rec.Issue)}
    assert issues["Border crossings"].stances == ("closed", "open")
    assert issues["Border crossings"].kind == "scale"
    assert issues["Border crossings"].created_at.date() <= dt.date.today()
