"""A workbook whose sheet XML is damaged is refused with sheet, row and column.

Each case edits the Nations sheet's XML of a sound export inside the zip, as a broken
generator or a hand edit would leave it. The import must report a problem (never raise),
change nothing, and the command line must exit 2 saying where.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coalition_desk.reports import import_register
from coalition_desk.store.engine import open_database
from tests.unit.reports_helpers import digest, snapshot


def nations_part(workbook: Path) -> str:
    book = load_workbook(workbook, read_only=True)
    try:
        return f"xl/worksheets/sheet{book.sheetnames.index('Nations') + 1}.xml"
    finally:
        book.close()


def damaged(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    part = nations_part(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == part:
                edited = edit(data.decode())
                assert edited != data.decode(), "the edit must change the sheet"
                data = edited.encode()
            new.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def replace(old: str, new: str) -> Callable[[str], str]:
    return lambda xml: xml.replace(old, new, 1)


def row_xml(xml: str, number: int) -> str:
    found = re.search(rf'<row r="{number}"[^>]*>.*?</row>', xml)
    assert found
    return found.group()


def swap_rows(xml: str) -> str:
    third, fourth = row_xml(xml, 3), row_xml(xml, 4)
    return xml.replace(third + fourth, fourth + third)


def swap_cells(xml: str) -> str:
    row = row_xml(xml, 3)
    cells = re.findall(r"<c .*?</c>", row)
    swapped = row.replace(cells[1] + cells[2], cells[2] + cells[1])
    return xml.replace(row, swapped)


def cut_short(xml: str) -> str:
    return xml[: xml.index('<row r="4"') + 30]


# case: (edit of the Nations sheet XML, row, column, words in the reason)
CASES: dict[str, tuple[Callable[[str], str], int | None, str | None, str]] = {
    "address with no row": (replace('r="B3"', 'r="A"'), 3, "B", "'A' is malformed"),
    "address beyond every column": (replace('r="B3"', 'r="ZZZZZ0"'), 3, "B", "'ZZZZZ0'"),
    "digits before letters": (replace('r="B3"', 'r="1A"'), 3, "B", "'1A' is malformed"),
    "column past XFD": (replace('r="B3"', 'r="XFE3"'), 3, "B", "'XFE3' is malformed"),
    "address on another row": (replace('r="B3"', 'r="B7"'), 3, "B", "sits in row 3"),
    "cells out of order": (swap_cells, 3, "B", "comes after column C"),
    "cell listed twice": (replace('r="C3"', 'r="B3"'), 3, "B", "comes after column B"),
    "rows out of order": (swap_rows, 3, None, "comes after row 4"),
    "row listed twice": (replace('<row r="4"', '<row r="3"'), 3, None, "comes after row 3"),
    "row number zero": (replace('<row r="3"', '<row r="0"'), 3, None, "numbered '0'"),
    "row number not a number": (replace('<row r="3"', '<row r="three"'), 3, None, "'three'"),
    "number that is not one": (
        lambda xml: re.sub(
            r'<c r="I3"[^>]*>.*?</c>', '<c r="I3" t="n"><v>many</v></c>', xml, count=1
        ),
        3, "I", "cannot be read",
    ),
    "XML cut short": (cut_short, None, None, "damaged"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_sheet_is_a_problem_with_its_place_and_changes_nothing(
    sound, tmp_path, case
) -> None:
    base, workbook = sound
    edit, row, column, words = CASES[case]
    bad = damaged(workbook, tmp_path / "bad.xlsx", edit)
    database = open_database(base, create=False)
    try:
        before = snapshot(database)
        report = import_register(database, bad)
        assert snapshot(database) == before
    finally:
        database.dispose()

    assert not report.ok and not report.committed
    (problem,) = report.problems
    assert (problem.sheet, problem.row, problem.column) == ("Nations", row, column), problem
    assert words in problem.reason
    assert "save it again" in problem.reason
    assert report.summary_lines() == ["bad.xlsx was refused (1 problem); nothing was changed."]


def test_the_command_line_exits_2_naming_the_place(sound, tmp_path) -> None:
    base, workbook = sound
    register = tmp_path / "register.sqlite3"
    register.write_bytes(base.read_bytes())
    bad = damaged(workbook, tmp_path / "bad.xlsx", replace('r="B3"', 'r="ZZZZZ0"'))
    before = digest(register)
    result = subprocess.run(
        [sys.executable, "-m", "coalition_desk", "--db", str(register), "import", str(bad)],
        capture_output=True, text=True, timeout=180, check=False, env={**os.environ},
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "sheet 'Nations', row 3, column B: a cell's address 'ZZZZZ0'" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(register) == before


def test_addresses_spreadsheet_programs_write_are_still_read(sound, tmp_path) -> None:
    # Lower-case letters, "$" marks and a row written "3.0" are odd but unambiguous.
    base, workbook = sound
    edit = lambda xml: (  # noqa: E731
        xml.replace('r="B3"', 'r="b3"', 1)
        .replace('r="C3"', 'r="$C$3"', 1)
        .replace('<row r="3"', '<row r="3.0"', 1)
    )
    odd = damaged(workbook, tmp_path / "odd.xlsx", edit)
    database = open_database(base, create=False)
    try:
        report = import_register(database, odd, dry_run=True)
    finally:
        database.dispose()
    assert report.ok, report.problem_lines()
    nations = next(s for s in report.sheets if s.sheet == "Nations")
    assert nations.updated == 0 and nations.added == 0
