"""Round 2 of hostile workbooks (issue 14): what a file declares must not drive the work.

Each case goes through the command line in a child process, whose own peak memory
(VmHWM) must stay within PEAK_MEMORY_CAP_MB: a limit the import promises for any
workbook, not a timing. The time each took is only recorded (COALITION_DESK_RELIABILITY_
FIGURES), never asserted; the child's timeout is there so that a case which would run
for the better part of an hour fails instead of hanging the suite.
"""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coalition_desk.store.engine import open_database
from tests.reliability.crash_harness import record_figure
from tests.reliability.helpers import fingerprint, run_cli_measuring_memory
from tests.reliability.test_hostile_workbooks import sheet_part

PEAK_MEMORY_CAP_MB = 500
# Minutes before a case counts as hanging (the slowest below takes seconds).
HANG_SECONDS = 180
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"\s*/>')


def rewrite_sheets(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of ``source`` whose worksheet parts went through ``change(part, xml)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED
    ) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = change(item.filename, data)
            new.writestr(item.filename, data)
    return target


def declared(reference: str, *, last_row: int | None = None) -> Callable[[str, bytes], bytes]:
    """Each sheet declares ``reference`` as its size; ``last_row`` adds an empty row there."""

    def change(_part: str, xml: bytes) -> bytes:
        element = f'<dimension ref="{reference}"/>'.encode()
        if _DIMENSION.search(xml):
            xml = _DIMENSION.sub(element, xml, count=1)
        else:  # the About sheet: declared where the schema puts it, after sheetPr
            xml = xml.replace(b"</sheetPr>", b"</sheetPr>" + element, 1)
            assert element in xml
        if last_row is not None:
            xml = xml.replace(b"</sheetData>", f'<row r="{last_row}"/></sheetData>'.encode(), 1)
        return xml

    return change


def run_import(register: Path, workbook: Path, case: str) -> tuple[str, str, int, float]:
    started = time.perf_counter()
    result, peak_mb = run_cli_measuring_memory(
        "--db", str(register), "import", str(workbook), timeout=HANG_SECONDS
    )
    seconds = time.perf_counter() - started
    record_figure(
        f"hostile file, {case}: exit {result.returncode}, peak {peak_mb:.0f} MB, "
        f"{seconds:.1f} s, {workbook.stat().st_size / 1024:,.0f} KB on disk"
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert peak_mb <= PEAK_MEMORY_CAP_MB, f"{case}: peak {peak_mb:.0f} MB"
    return result.stdout, result.stderr, result.returncode, peak_mb


def data_rows(workbook: Path) -> dict[str, int]:
    """Rows holding a record on each register sheet (read whole, not read-only)."""
    book = load_workbook(workbook)
    try:
        return {
            sheet.title: sum(
                1 for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)
            )
            for sheet in book.worksheets
            if sheet.title not in ("About this format", "Audit")
        }
    finally:
        book.close()


def test_a_sheet_declaring_a_million_rows_by_16384_columns_costs_what_its_cells_cost(
    sound, tmp_path
) -> None:
    # Issue 14, finding 9: a 34 KB workbook whose sheets declare A1:XFD999000 and end with
    # one empty row ran for 45 minutes (extrapolated), as every row of the declared size
    # was built 16,384 values wide. It holds the demo's cells and nothing more.
    base_db, export = sound
    register = tmp_path / "register.sqlite3"
    shutil.copyfile(base_db, register)
    hostile = rewrite_sheets(export, tmp_path / "declared.xlsx",
                             declared("A1:XFD999000", last_row=999_000))

    out, err, code, _peak = run_import(register, hostile, "declared A1:XFD999000")

    assert code == 0, err
    # The demo's own export: every record is there already, nothing changes.
    assert "In all 0 records were added and 0 updated." in out, out


def test_a_stale_dimension_loses_no_row(sound, tmp_path) -> None:
    # Issue 14, finding 11: a sheet declaring A1:N5 while holding 12 rows imported 4 and
    # reported success. Every row present is read, whatever the sheet says its size is.
    _base_db, export = sound
    register = tmp_path / "empty.sqlite3"
    open_database(register).dispose()
    stale = rewrite_sheets(export, tmp_path / "stale.xlsx", declared("A1:N5"))
    expected = data_rows(export)
    assert sum(count > 4 for count in expected.values()) >= 5, expected

    out, err, code, _peak = run_import(register, stale, "stale dimension A1:N5")

    assert code == 0, err
    for title, count in expected.items():
        assert f"{title}: {count:,} added," in out, (title, out)


def test_an_empty_row_at_the_last_row_of_a_sheet_is_not_a_million_rows(sound, tmp_path) -> None:
    # Counting rows by their number would call the sheet over the row limit; only rows
    # that hold something count.
    base_db, export = sound
    register = tmp_path / "register.sqlite3"
    shutil.copyfile(base_db, register)
    before = fingerprint(register)
    hostile = rewrite_sheets(export, tmp_path / "last.xlsx",
                             declared("A1:N1048576", last_row=1_048_576))

    out, err, code, _peak = run_import(register, hostile, "empty row 1,048,576")

    assert code == 0, err
    assert "In all 0 records were added and 0 updated." in out, out
    assert fingerprint(register)["db"] == before["db"]


@pytest.mark.parametrize("where", ["XFD", "ZZ"])
def test_cells_far_to_the_right_are_refused_by_place_without_building_wide_rows(
    sound, tmp_path, where
) -> None:
    # 5,000 rows each holding one value in column XFD: the rows are not built 16,384 wide
    # (the child's memory and time say so), and each value is named by its place.
    base_db, export = sound
    register = tmp_path / "register.sqlite3"
    shutil.copyfile(base_db, register)
    before = fingerprint(register)
    part = sheet_part(export, "Nations")

    def far_right(name: str, xml: bytes) -> bytes:
        if name != part:
            return xml
        rows = "".join(
            f'<row r="{n}"><c r="{where}{n}" t="inlineStr"><is><t>x</t></is></c></row>'
            for n in range(1000, 6000)
        )
        return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>", 1)

    hostile = rewrite_sheets(export, tmp_path / "right.xlsx", far_right)

    _out, err, code, _peak = run_import(register, hostile, f"5,000 cells in column {where}")

    assert code == 2, err
    assert "sheet 'Nations', row 1000" in err, err
    assert "holds values to the right of the last column" in err, err
    assert fingerprint(register) == before
