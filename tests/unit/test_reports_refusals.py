"""Bad workbooks are refused whole, with sheet, row and column, and change nothing."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest

from coalition_desk.reports import export_register, import_register
from coalition_desk.reports.register_format import ABOUT_SHEET
from coalition_desk.store.engine import open_database
from tests.unit.reports_helpers import column_letter, digest, edit_workbook, snapshot


@pytest.fixture
def exported(demo_db, tmp_path):
    path = tmp_path / "register.xlsx"
    export_register(demo_db, path)
    return path


def refused(database, path):
    before = snapshot(database)
    report = import_register(database, path)
    assert not report.ok
    assert not report.committed
    assert snapshot(database) == before
    return report


def only_problem(report):
    assert len(report.problems) == 1, report.problem_lines()
    return report.problems[0]


@pytest.mark.parametrize(
    ("sheet", "header", "value", "reason"),
    [
        ("Meetings", "date", "2025-02-30", "there is no 30 February"),
        ("Meetings", "date", "2025-31-12", "there is no month 31"),
        ("Meetings", "date", "10 April", "must be a date (YYYY-MM-DD)"),
        ("Meetings", "date", "2025-13-01", "there is no month 13"),
        ("Positions", "nation_uuid", str(uuid.uuid4()), "no nation with UUID"),
        ("Nations", "name", None, "is required"),
        ("Positions", "salience", "very", "must be a whole number"),
        ("Positions", "confidence", "certain", "must be one of high, medium, low"),
        ("Issues", "stances", "oppose, support", "must be a JSON list"),
        ("Positions", "stance", "enthusiastic", "is not on this issue's scale"),
        ("Nations", "code", "POL", "another nation already has 'POL'"),
        ("Positions", "uuid", "not-a-uuid", "must be a UUID"),
    ],
)
def test_a_bad_cell_is_refused_with_sheet_row_and_column(
    demo_db, exported, tmp_path, sheet, header, value, reason
) -> None:
    letter = column_letter(exported, sheet, header)
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {(sheet, f"{letter}3"): value})
    report = refused(demo_db, bad)
    # A clash names both rows that hold the same code; every other case names one.
    assert {(p.sheet, p.column, p.header) for p in report.problems} == {(sheet, letter, header)}
    problem = report.problems[0]
    assert problem.row == 3
    assert reason in problem.reason
    assert f"sheet {sheet!r}, row 3, column {letter} ({header})" in str(problem)


def test_a_formula_is_refused_never_evaluated(demo_db, exported, tmp_path) -> None:
    letter = column_letter(exported, "Nations", "notes")
    bad = tmp_path / "formula.xlsx"
    edit_workbook(exported, bad, {("Nations", f"{letter}4"): '=HYPERLINK("http://x","y")'})
    problem = only_problem(refused(demo_db, bad))
    assert (problem.sheet, problem.row, problem.column) == ("Nations", 4, letter)
    assert "formula" in problem.reason


def test_the_database_file_is_byte_identical_after_a_refusal(exported, tmp_path) -> None:
    path = tmp_path / "fresh.sqlite3"
    database = open_database(path)
    database.dispose()
    before = digest(path)
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {("Meetings", f"{column_letter(exported, 'Meetings', 'date')}2"):
                                  "someday"})
    database = open_database(path)
    try:
        refused(database, bad)
    finally:
        database.dispose()
    assert digest(path) == before


def test_every_problem_is_reported_not_just_the_first(demo_db, exported, tmp_path) -> None:
    date = column_letter(exported, "Meetings", "date")
    name = column_letter(exported, "Nations", "name")
    bad = tmp_path / "bad.xlsx"
    edit_workbook(exported, bad, {("Meetings", f"{date}2"): "x", ("Meetings", f"{date}3"): "y",
                                  ("Nations", f"{name}5"): None})
    report = refused(demo_db, bad)
    assert {(p.sheet, p.row) for p in report.problems} == {
        ("Meetings", 2), ("Meetings", 3), ("Nations", 5)
    }


def test_problems_are_capped_with_a_count_of_the_rest(empty_db, tmp_path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    about = workbook.active
    about.title = ABOUT_SHEET
    about.append(["format", "Coalition Desk register"])
    about.append(["format_version", 1])
    sheet = workbook.create_sheet("Nations")
    sheet.append(["uuid", "name", "code", "kind", "role", "constraints", "notes", "capability"])
    for index in range(300):
        sheet.append([None, f"N{index}", "lowercase"])
    path = tmp_path / "many.xlsx"
    workbook.save(path)
    from coalition_desk.reports.register_format import SHEETS

    report = refused(empty_db, path)
    # 300 bad codes, and every register sheet but Nations is missing.
    expected_more = 300 + (len(SHEETS) - 1) - 200
    assert len(report.problems) == 200
    assert report.more_problems == expected_more
    assert report.problem_lines()[-1] == f"... and {expected_more} more problems"


def test_duplicate_uuids_within_a_sheet(demo_db, exported, tmp_path) -> None:
    from tests.unit.reports_helpers import sheet_values

    first_uuid = sheet_values(exported, "Issues")[1][0]
    bad = tmp_path / "dup.xlsx"
    edit_workbook(exported, bad, {("Issues", "A3"): first_uuid})
    problem = only_problem(refused(demo_db, bad))
    assert (problem.sheet, problem.row, problem.column) == ("Issues", 3, "A")
    assert "same UUID is on row 2" in problem.reason


def test_missing_and_unknown_columns(demo_db, exported, tmp_path) -> None:
    bad = tmp_path / "columns.xlsx"
    letter = column_letter(exported, "Pledges", "status")
    edit_workbook(exported, bad, {("Pledges", f"{letter}1"): "state"})
    report = refused(demo_db, bad)
    reasons = " | ".join(report.problem_lines())
    assert "unknown column 'state'" in reasons
    assert "column 'status' is missing" in reasons


def test_a_newer_format_version_is_refused(demo_db, exported, tmp_path) -> None:
    bad = tmp_path / "newer.xlsx"
    edit_workbook(exported, bad, {(ABOUT_SHEET, "B2"): 99})
    problem = only_problem(refused(demo_db, bad))
    assert "format version 99, newer than" in problem.reason


def test_a_workbook_that_is_not_a_register(demo_db, tmp_path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "budget.xlsx"
    Workbook().save(path)
    assert "not a Coalition Desk register" in only_problem(refused(demo_db, path)).reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"just some text, renamed to .xlsx\n", "not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-style .xls"),
        (b"", "not a zip archive"),
    ],
)
def test_a_renamed_non_workbook_is_refused(demo_db, tmp_path, content, reason) -> None:
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    assert reason in only_problem(refused(demo_db, path)).reason


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_that_is_not_a_workbook(demo_db, tmp_path) -> None:
    path = tmp_path / "photos.xlsx"
    path.write_bytes(_zip({"holiday.jpg": b"\xff\xd8" * 100}))
    assert "not an Excel workbook" in only_problem(refused(demo_db, path)).reason


def test_a_zip_bomb_is_refused_before_parsing(demo_db, exported, tmp_path) -> None:
    with zipfile.ZipFile(exported) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["xl/worksheets/sheet2.xml"] = b"<a>" + b" " * (200 * 2**20) + b"</a>"
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_zip(entries))
    assert path.stat().st_size < 2 * 2**20
    assert "zip bomb" in only_problem(refused(demo_db, path)).reason


def test_xml_entity_declarations_are_refused(demo_db, exported, tmp_path) -> None:
    with zipfile.ZipFile(exported) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    sheet = entries["xl/worksheets/sheet2.xml"]
    entries["xl/worksheets/sheet2.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;">]>' + sheet.split(b"?>", 1)[-1]
    )
    path = tmp_path / "entities.xlsx"
    path.write_bytes(_zip(entries))
    assert "DTD or XML entities" in only_problem(refused(demo_db, path)).reason


def test_a_workbook_missing_a_register_sheet_is_refused(demo_db, exported, tmp_path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(exported)
    del workbook["People"]
    cut = tmp_path / "cut.xlsx"
    workbook.save(cut)
    report = refused(demo_db, cut)
    assert any(p.sheet == "People" and "missing" in p.reason for p in report.problems)
