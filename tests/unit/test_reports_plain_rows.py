"""The quick reader of plain sheets gives exactly the rows the full parser gives.

``plain_rows`` reads the shape our export writes with regular expressions; anything
else makes it step aside (``NotPlain``) and ``present_rows`` reads the sheet with the
full XML parser. Each case below is read both ways: the rows (or the damage reported)
must be the same, and our own exports must really take the quick way.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from coalition_desk.reports import importer
from coalition_desk.reports.plain_rows import NotPlain, plain_rows
from coalition_desk.reports.sheet_reader import DamagedSheet, _Rows, present_rows
from coalition_desk.reports.sheet_rows import XmlRows, create_streamed_sheet

SHEET_PART = "xl/worksheets/sheet1.xml"


def outcome(read) -> object:
    try:
        return list(read())
    except DamagedSheet as error:
        return ("damaged", str(error))


def read_both_ways(path: Path) -> tuple[object, object, bool]:
    """(present_rows' outcome, the full parser's, whether the quick reader took it)."""
    workbook = importer._open(path)
    try:
        sheet = workbook.worksheets[0]
        # As a spreadsheet program's save would list them (openpyxl writes inline text).
        sheet._shared_strings = ["alpha", "beta"]
        try:
            list(plain_rows(sheet))
            quick = True
        except NotPlain:
            quick = False
        return outcome(lambda: present_rows(sheet)), outcome(lambda: _Rows(sheet).parse()), quick
    finally:
        workbook.close()


def export_like(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook(write_only=True)
    sheet = create_streamed_sheet(workbook, "Data")
    writer = XmlRows(sheet, max((len(row) for row in rows), default=1))
    for row in rows:
        writer.append(row)
    writer.flush()
    workbook.save(path)
    return path


def with_sheet_data(tmp_path: Path, data: str, *, name: str = "hand.xlsx",
                    prelude: str | None = None) -> Path:
    """A workbook (a date style as style 1) whose sheet's rows are
    ``data``; ``prelude`` replaces what comes before the rows (declaration included)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["alpha", "beta", dt.datetime(2024, 5, 1, 9)])
    base = tmp_path / f"base-{name}"
    workbook.save(base)
    path = tmp_path / name
    with zipfile.ZipFile(base) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == SHEET_PART:
                xml = content.decode()
                start = xml.index("<sheetData")
                end = xml.index("</sheetData>") + len("</sheetData>")
                head = xml[:start] if prelude is None else prelude
                content = (head + data + xml[end:]).encode("utf-8")
            copy.writestr(item, content)
    return path


def test_an_export_is_read_the_quick_way_with_the_same_values(tmp_path) -> None:
    rows = [
        ["uuid", "name", "count", "share", "stamp"],
        ["=1+1", "a & b < c > d", 7, 1.5, dt.datetime(2024, 5, 1, 9, 30)],
        ["  padded  ", None, 0, -2.25e-7, None],
        ["\ttab", "line\nbreak", 10**15, 1e300, None],
        ["ünïcødé ✓ 𝄞", "quote \" and ' apostrophe", -3, 0.0, dt.datetime(1999, 12, 31)],
    ]
    together, full, quick = read_both_ways(export_like(tmp_path / "export.xlsx", rows))

    assert quick, "our own export must take the quick reader"
    assert together == full
    assert together[1] == (2, [(1, "=1+1"), (2, "a & b < c > d"), (3, 7), (4, 1.5),
                               (5, dt.datetime(2024, 5, 1, 9, 30))])


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
               max_size=30)
VALUE = st.one_of(
    st.none(), TEXT, st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2100, 1, 1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(VALUE, min_size=1, max_size=6), min_size=1, max_size=8))
def test_any_exported_values_read_the_same_both_ways(tmp_path, rows) -> None:
    path = export_like(tmp_path / "random.xlsx", rows)

    together, full, _quick = read_both_ways(path)

    assert together == full


@pytest.mark.parametrize(("case", "data", "quick"), [
    ("shared strings, booleans, errors, a date style",
     '<sheetData><row r="1" spans="1:5"><c r="A1" t="s"><v>1</v></c><c r="B1" t="b"><v>1</v>'
     '</c><c r="C1" t="e"><v>#N/A</v></c><c r="D1" s="1" t="n"><v>45413.5</v></c>'
     '<c r="E1" t="str"><v>x &amp; y</v></c></row></sheetData>', True),
    ("character references",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&#65;&#x42;&quot;&apos;&lt;&gt;'
     '</t></is></c></row></sheetData>', True),
    ("empty cells, values and rows",
     '<sheetData><row r="1"><c r="A1" t="n"></c><c r="B1" t="s"><v></v></c>'
     '<c r="C1" t="inlineStr"><is><t></t></is></c><c r="D1" s="1" /></row><row r="3" />'
     '<row r="4"></row></sheetData>', True),
    ("a carriage return, which XML reads as a line feed",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb</t></is></c></row>'
     '</sheetData>', False),
    ("a carriage return as a reference, which XML keeps",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a&#13;b</t></is></c></row>'
     '</sheetData>', False),
    ("a formula",
     '<sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row></sheetData>', False),
    ("Excel's row attributes",
     '<sheetData><row r="1" ht="20" customHeight="1"><c r="A1" t="s"><v>0</v></c></row>'
     '</sheetData>', False),
    ("rich text",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>bold</t></r></is></c></row>'
     '</sheetData>', False),
    ("whitespace between rows",
     '<sheetData>\n  <row r="1"><c r="A1" t="n"><v>1</v></c></row>\n</sheetData>', False),
    ("a row out of order",
     '<sheetData><row r="2"><c r="A2" t="n"><v>1</v></c></row><row r="1"><c r="A1" t="n">'
     '<v>2</v></c></row></sheetData>', False),
    ("a cell out of order",
     '<sheetData><row r="1"><c r="B1" t="n"><v>1</v></c><c r="A1" t="n"><v>2</v></c></row>'
     '</sheetData>', False),
    ("a cell off its row",
     '<sheetData><row r="1"><c r="A2" t="n"><v>1</v></c></row></sheetData>', False),
    ("a shared string that does not exist",
     '<sheetData><row r="1"><c r="A1" t="n"><v>5</v></c></row><row r="2"><c r="A2" t="s">'
     '<v>99</v></c></row></sheetData>', False),
    ("a number that is not one",
     '<sheetData><row r="1"><c r="A1" t="n"><v>12abc</v></c></row></sheetData>', False),
    ("an undefined entity",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>'
     '</sheetData>', False),
    ("a control character by reference",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&#1;</t></is></c></row>'
     '</sheetData>', False),
    ("U+FFFE, which XML refuses",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a\ufffeb</t></is></c></row>'
     '</sheetData>', False),
    ("a raw ']]>', which XML refuses in text",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c></row>'
     '</sheetData>', False),
    ("a control character written raw",
     '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c></row>'
     '</sheetData>', False),
    ("a comment among the rows",
     '<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row><!-- note --></sheetData>', False),
    ("rows that never end",
     '<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row><row r="2">', False),
    ("an empty sheet", "<sheetData/>", False),
])
def test_each_shape_reads_the_same_both_ways(tmp_path, case, data, quick) -> None:
    together, full, took_quick = read_both_ways(with_sheet_data(tmp_path, data))

    assert together == full, case
    assert took_quick is quick, case


def test_damage_after_quick_rows_is_reported_where_it_is(tmp_path) -> None:
    # The quick reader gives row 1, then steps aside at row 2's bad cell: the full parser
    # reads again and reports the damage in row 2, and row 1 is not given twice.
    data = ('<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c></row><row r="2">'
            '<c r="A2" t="s"><v>99</v></c></row></sheetData>')
    workbook = importer._open(with_sheet_data(tmp_path, data))
    try:
        seen = []
        with pytest.raises(DamagedSheet) as raised:
            for row in present_rows(workbook.worksheets[0]):
                seen.append(row)
        assert seen == [(1, [(1, 1)])]
        assert raised.value.row == 2 and raised.value.column == "A"
    finally:
        workbook.close()


def test_a_declared_encoding_other_than_utf8_takes_the_full_parser(tmp_path) -> None:
    prelude = ('<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns='
               '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    data = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>caf\xe9</t></is></c></row></sheetData>'
    path = with_sheet_data(tmp_path, "", prelude="")
    # Written as Latin-1 bytes: é is one byte 0xE9, which is not UTF-8.
    with zipfile.ZipFile(path) as original:
        items = [(item, original.read(item.filename)) for item in original.infolist()]
    latin = tmp_path / "latin.xlsx"
    with zipfile.ZipFile(latin, "w") as copy:
        for item, content in items:
            latin_sheet = (prelude + data + "</worksheet>").encode("latin-1")
            copy.writestr(item, latin_sheet if item.filename == SHEET_PART else content)

    together, full, quick = read_both_ways(latin)

    assert not quick
    assert together == full == [(1, [(1, "café")])]
