"""Control characters ("\\x01", "\\x0b", "\\x1f"...) that no workbook cell can hold.

New text holding one is refused with the field named; text already in a database (from
an older version, or written directly) is exported and put in a meeting pack as visible
[U+0001] text, said so in the workbook, and the export imports back without a problem.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import ValidationError
from coalition_desk.reports import export_register, import_register, write_meeting_pack
from coalition_desk.reports.register_format import ABOUT_SHEET, SHEETS
from coalition_desk.services import meetings, records
from coalition_desk.services.crud import Writer
from coalition_desk.store import models
from coalition_desk.store.engine import Database, open_database
from tests.conftest import uuid_of
from tests.unit.reports_helpers import column_letter, record_values, sheet_values, snapshot

POLAND = uuid_of("nation", "POL")
BRUSSELS_DATE = "2025-04-10"


@pytest.fixture
def writer(demo_db: Database) -> Writer:
    return Writer(demo_db, origin="test")


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\uffff"])
def test_a_control_character_in_a_text_field_is_refused_naming_the_field(
    writer: Writer, demo_db: Database, character: str
) -> None:
    poland = records.get(demo_db, rec.Nation, POLAND)
    before = snapshot(demo_db)
    with pytest.raises(ValidationError) as caught:
        writer.update(dataclasses.replace(poland, notes=f"see the{character} annex"))
    assert caught.value.fields == ("notes",)
    reason = caught.value.reason_for("notes")
    assert f"U+{ord(character):04X}" in reason
    assert "after 'see the'" in reason and "character 8" in reason
    assert snapshot(demo_db) == before
    assert records.get(demo_db, rec.Nation, POLAND).notes == poland.notes


def test_tab_newline_and_carriage_return_are_still_accepted(writer, demo_db) -> None:
    poland = records.get(demo_db, rec.Nation, POLAND)
    writer.update(dataclasses.replace(poland, notes="a\tb\nc\r\nd"))
    assert records.get(demo_db, rec.Nation, POLAND).notes == "a\tb\nc\r\nd"


def test_names_titles_and_stances_are_checked_too(writer) -> None:
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Meeting(title="\x07Ramstein", date=dt.date(2025, 6, 1)))
    assert caught.value.fields == ("title",)
    assert "at the very start" in caught.value.reason_for("title")
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Issue(name="Air policing", stances=("against", "fo\x1er")))
    assert caught.value.fields == ("stances",)


def poison(database: Database) -> None:
    """Control characters written past validation, as an older version could have."""
    with database.session() as session:
        session.execute(
            update(models.NationRow)
            .where(models.NationRow.uuid == POLAND)
            .values(notes="bad\x01notes\x0bhere", name="Poland\x1f")
        )
        session.execute(
            update(models.MeetingRow)
            .where(models.MeetingRow.date == dt.date.fromisoformat(BRUSSELS_DATE))
            .values(summary="summary\x02with control", place="Brussels\x0c")
        )


def test_export_of_a_register_holding_control_characters_writes_them_visibly(
    demo_db, tmp_path
) -> None:
    poison(demo_db)
    path = tmp_path / "register.xlsx"

    summary = export_register(demo_db, path)

    nations = sheet_values(path, "Nations")
    poland = next(row for row in nations if row[0] == POLAND)
    headers = nations[0]
    assert poland[headers.index("notes")] == "bad[U+0001]notes[U+000B]here"
    assert poland[headers.index("name")] == "Poland[U+001F]"
    # Said in the workbook, among the About sheet's facts, and in the export's summary.
    about = {row[0]: row[1] for row in sheet_values(path, ABOUT_SHEET)[:12] if row and row[0]}
    note = about["control_characters"]
    row_number = 1 + next(i for i, row in enumerate(nations) if row[0] == POLAND)
    notes_column = column_letter(path, "Nations", "notes")
    assert f"sheet 'Nations', row {row_number}, column {notes_column} (notes)" in note
    assert "(place)" in note and "(summary)" in note
    assert any("control characters" in line for line in summary.lines())
    assert {cell.sheet for cell in summary.replaced} == {"Nations", "Meetings"}
    assert len(summary.replaced) == 4


def test_a_register_without_control_characters_says_nothing_about_them(
    demo_db, tmp_path
) -> None:
    summary = export_register(demo_db, tmp_path / "register.xlsx")
    assert summary.replaced == []
    about = [row[0] for row in sheet_values(tmp_path / "register.xlsx", ABOUT_SHEET) if row]
    assert "control_characters" not in about
    assert len(summary.lines()) == 1


def test_the_export_imports_back_with_the_visible_text(demo_db, tmp_path) -> None:
    poison(demo_db)
    path = tmp_path / "register.xlsx"
    export_register(demo_db, path)
    other = open_database(tmp_path / "other.sqlite3")
    try:
        report = import_register(other, path)
        assert report.ok, report.problem_lines()
        assert records.get(other, rec.Nation, POLAND).notes == "bad[U+0001]notes[U+000B]here"
        again = tmp_path / "again.xlsx"
        summary = export_register(other, again)
    finally:
        other.dispose()
    assert summary.replaced == []
    for layout in SHEETS:
        assert record_values(path, layout.title) == record_values(again, layout.title)
    # Into the database it came from: the records take the visible text, nothing else moves.
    report = import_register(demo_db, path)
    assert report.ok, report.problem_lines()
    updated = {s.sheet: s.updated for s in report.sheets if s.updated}
    assert updated == {"Nations": 1, "Meetings": 1}


def with_office_escape(source: Path, target: Path, plain: str, escaped: str) -> None:
    """Replace text in the Nations sheet's XML, as Excel stores "\\x01" typed in a cell."""
    workbook = load_workbook(source, read_only=True)
    part = f"xl/worksheets/sheet{workbook.sheetnames.index('Nations') + 1}.xml"
    workbook.close()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                assert plain.encode() in data
                data = data.replace(plain.encode(), escaped.encode(), 1)
            new.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)


def test_a_workbook_cell_holding_a_control_character_is_refused_with_its_place(
    demo_db, tmp_path
) -> None:
    path = tmp_path / "register.xlsx"
    export_register(demo_db, path)
    poland = records.get(demo_db, rec.Nation, POLAND)
    hostile = tmp_path / "hostile.xlsx"
    with_office_escape(path, hostile, f">{poland.name}<", f">{poland.name}_x0001_<")
    before = snapshot(demo_db)

    report = import_register(demo_db, hostile)

    assert not report.ok
    assert snapshot(demo_db) == before
    nations = sheet_values(path, "Nations")
    row_number = 1 + next(i for i, row in enumerate(nations) if row[0] == POLAND)
    (problem,) = report.problems
    assert (problem.sheet, problem.row, problem.header) == ("Nations", row_number, "name")
    assert problem.column == column_letter(path, "Nations", "name")
    assert "U+0001" in problem.reason


def test_the_meeting_pack_shows_control_characters_visibly_and_says_where(
    demo_db, tmp_path
) -> None:
    poison(demo_db)
    brussels = meetings.find_meeting(demo_db, BRUSSELS_DATE)
    path = write_meeting_pack(demo_db, brussels.uuid, tmp_path / "pack.xlsx")
    workbook = load_workbook(path)
    texts = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert any("Brussels[U+000C]" in text for text in texts)
    cover = [text for text in (c.value for c in workbook["Cover"]["A"]) if text]
    (note,) = [str(text) for text in cover if "control characters" in str(text)]
    assert "Cover!B" in note  # the place
    assert "Positions!" in note and "(comment)" in note  # Poland's name in a cell comment
    comments = [
        cell.comment.text
        for row in workbook["Positions"].iter_rows()
        for cell in row
        if cell.comment is not None
    ]
    assert any("Poland[U+001F]" in text for text in comments)


def test_a_protective_marking_with_a_control_character_is_refused(demo_db) -> None:
    from coalition_desk.services import settings

    with pytest.raises(ValidationError) as refused:
        settings.set_protective_marking(demo_db, "OFFICIAL\x1fSENSITIVE")
    assert "U+001F" in refused.value.reason_for("protective_marking")
    assert settings.protective_marking(demo_db) == "OFFICIAL"


def test_an_old_marking_holding_one_is_shown_and_still_exports(demo_db, tmp_path) -> None:
    from openpyxl import load_workbook

    from coalition_desk.reports import write_meeting_pack
    from coalition_desk.services import meetings, settings

    settings._set(demo_db, settings.MARKING_KEY, "OFFICIAL\x01")
    assert settings.protective_marking(demo_db) == "OFFICIAL[U+0001]"
    pack = write_meeting_pack(
        demo_db, meetings.find_meeting(demo_db, "2025-04-10").uuid, tmp_path / "pack.xlsx")
    sheet = load_workbook(pack).worksheets[1]
    assert "OFFICIAL[U+0001]" in sheet.oddHeader.center.text
