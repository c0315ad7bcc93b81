"""The import's sheet reader gives the values openpyxl's read-only rows give, cell by cell.

openpyxl pads every row to the sheet's declared size and stops at its declared last row;
the reader gives the cells present (sheet_reader.py). Laid out at the declared size, the
two must be equal wherever the declaration is true.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from coalition_desk.reports.sheet_reader import DeclarationRefused, present_rows
from coalition_desk.reports.sheet_rows import XmlRows, create_streamed_sheet

SHEET_PART = "xl/worksheets/sheet1.xml"


def _laid_out(sheet) -> list[tuple]:
    """The reader's rows laid out as openpyxl lays them: at the sheet's declared size."""
    width, height = sheet.max_column, sheet.max_row
    present = dict(present_rows(sheet))
    if height is None:  # unsized: openpyxl reads every row, each as wide as its cells
        height = max(present, default=0)
    rows = []
    for number in range(1, height + 1):
        cells = present.get(number, [])
        values = [None] * (width or (cells[-1][0] if cells else 0))
        for column, value in cells:
            values[column - 1] = value
        rows.append(tuple(values))
    return rows


def _both(path):
    workbook = load_workbook(path, read_only=True)
    try:
        sheet = workbook.worksheets[0]
        return list(sheet.iter_rows(values_only=True)), _laid_out(sheet)
    finally:
        workbook.close()


def _replace_sheet_xml(source, target, change) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == SHEET_PART:
                data = change(data.decode()).encode()
            copy.writestr(item, data)


def test_values_of_a_workbook_saved_the_ordinary_way(tmp_path) -> None:
    # Shared strings, typed dates and times, booleans, floats, blanks and gaps: what a
    # spreadsheet program writes when a user edits an export.
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["uuid", "name", "as_of", "salience", "weight", "done", "stamp"])
    sheet.append(["a", "  padded  ", dt.date(2024, 5, 1), 3, 2.5, True, dt.datetime(2024, 5, 1, 9)])
    sheet.append([None, "", None, -1, 1e-12, False, None])
    sheet["B7"] = "after a gap of empty rows"
    sheet["J7"] = "beyond the header"
    sheet["C8"] = dt.time(13, 45)
    sheet["D9"] = "#N/A"
    path = tmp_path / "ordinary.xlsx"
    workbook.save(path)

    theirs, ours = _both(path)

    assert ours == theirs
    assert len(ours) == 9 and ours[3] == (None,) * 10
    assert ours[1][2] == dt.datetime(2024, 5, 1)


def test_values_of_an_export_with_inline_and_risky_text(tmp_path) -> None:
    workbook = Workbook(write_only=True)
    sheet = create_streamed_sheet(workbook, "Data")
    rows = XmlRows(sheet, 4)
    for row in (["=1+1", "a & b < c", 7, 1.5], ["  x  ", None, None, 2.0], ["\tt", "-", 0, None]):
        rows.append(row)
    rows.flush()
    path = tmp_path / "export.xlsx"
    workbook.save(path)

    theirs, ours = _both(path)

    assert ours == theirs
    assert ours[0] == ("=1+1", "a & b < c", 7, 1.5)


def test_rich_text_cells_without_coordinates_and_formulas(tmp_path) -> None:
    workbook = Workbook()
    workbook.active.append(["placeholder"])
    base = tmp_path / "base.xlsx"
    workbook.save(base)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    data = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>bold</t></r><r><t> and plain'
        '</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c><c t="inlineStr"><is><t>no r</t></is></c>'
        '<c><v>42</v></c></row><row><c r="B2" t="str"><v>text result</v></c>'
        '<c r="C2"><f>1+1</f><v>2</v></c><c r="D2" t="e"><v>#DIV/0!</v></c>'
        '<c r="E2" t="b"><v>1</v></c><c r="F2" t="inlineStr"><is><t></t></is></c></row>'
        '<row r="4"><c r="a4"><v>1.5E3</v></c></row></sheetData>'
    )
    path = tmp_path / "hand.xlsx"

    def change(xml: str) -> str:
        start, end = xml.index("<sheetData"), xml.index("</sheetData>") + len("</sheetData>")
        return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:F4"', xml[:start]) + (
            data + xml[end:]
        )

    _replace_sheet_xml(base, path, change)

    theirs, ours = _both(path)

    assert ns in zipfile.ZipFile(path).read(SHEET_PART).decode()
    assert ours == theirs
    assert ours[0][:3] == ("bold and plain", "no r", 42)
    assert ours[1][2] == "=1+1"


def test_a_sheet_part_declaring_entities_is_refused_by_the_reader_itself(tmp_path) -> None:
    # openpyxl refuses such a part when it opens the workbook; the reader checks the
    # bytes it parses again, so a part that changed since (or a caller that skipped the
    # file check) is refused all the same.
    workbook = Workbook()
    workbook.active.append(["name"])
    base, path = tmp_path / "base.xlsx", tmp_path / "entities.xlsx"
    workbook.save(base)
    declaration = '<!DOCTYPE worksheet [<!ENTITY e "boom">]>'

    def change(xml: str) -> str:
        at = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
        return xml[:at] + declaration + xml[at:]

    _replace_sheet_xml(base, path, change)
    book = load_workbook(base, read_only=True)
    with zipfile.ZipFile(path) as hostile:
        sheet = book.worksheets[0]
        sheet._get_source = lambda: hostile.open(SHEET_PART)
        try:
            with pytest.raises(DeclarationRefused):
                list(present_rows(sheet))
        finally:
            book.close()
