"""Rows streamed as ready-made XML read back exactly as openpyxl's own cells do."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from coalition_desk.reports import sheet_rows
from coalition_desk.reports.sheet_rows import XmlRows, create_streamed_sheet

ROWS = [
    ["plain", 1, 2.5, None, dt.datetime(2024, 3, 1, 14, 30, 5)],
    ["  leading and trailing blanks  ", -7, 0.1, "", dt.datetime(1999, 12, 31)],
    ["   ", 10**20, 1e-9, "tab\tinside", None],
    ["<b>markup</b> & ampersands > here", 0, -3.25, "line\nbreak", None],
    ['=HYPERLINK("http://x","y")', 3, 1.0, "+44 20 7946 0000", None],
    ["-1+2", 4, 2.0, "@SUM(A1:A2)", None],
    ["\tstarts with a tab", 5, 3.0, "unicode: Zürich — Київ — 東京 🙂", None],
    ["_x000D_ escaped", 6, 4.0, "x" * 40_000, None],
    [True, dt.date(2024, 1, 2), None, "a row openpyxl writes itself", None],
    ["after the fallback row", 8, 5.0, None, None],
]


def _write(path, *, raw: bool, monkeypatch) -> None:
    monkeypatch.setattr(sheet_rows, "raw_xml_supported", lambda: raw)
    workbook = Workbook(write_only=True)
    sheet = create_streamed_sheet(workbook, "Data")
    sheet.append(["text", "whole", "number", "more", "at"])
    rows = XmlRows(sheet, 5)
    for row in ROWS:
        rows.append(row)
    rows.flush()
    sheet.append(["last row, appended the ordinary way"])
    workbook.save(path)


def _cells(path):
    workbook = load_workbook(path)
    sheet = workbook["Data"]
    found = [
        [(cell.value, cell.data_type, bool(cell.quotePrefix), cell.number_format) for cell in row]
        for row in sheet.iter_rows()
    ]
    workbook.close()
    return found


def test_streamed_rows_read_back_like_openpyxl_cells(tmp_path, monkeypatch) -> None:
    streamed, ordinary = tmp_path / "streamed.xlsx", tmp_path / "ordinary.xlsx"
    _write(streamed, raw=True, monkeypatch=monkeypatch)
    _write(ordinary, raw=False, monkeypatch=monkeypatch)

    got, expected = _cells(streamed), _cells(ordinary)

    assert len(got) == len(ROWS) + 2
    for number, (got_row, expected_row) in enumerate(zip(got, expected, strict=True), start=1):
        # openpyxl types an empty string "s" and an error-looking one "e"; both read the same.
        assert [c[0] for c in got_row] == [c[0] for c in expected_row], number
        assert [c[2:] for c in got_row] == [c[2:] for c in expected_row], number
    values = [row[0][0] for row in got]
    assert values[2] == "  leading and trailing blanks  "
    assert got[5][0][2] is True  # "=HYPERLINK(...)" kept as text, quote-prefixed
    assert got[5][0][1] == "s"
    assert len(got[8][3][0]) == 32_767


@pytest.mark.parametrize("raw", [True, False])
def test_characters_xml_cannot_hold_are_written_visibly_and_their_cells_listed(
    tmp_path, monkeypatch, raw
) -> None:
    # Refusing them failed a whole export half-way over one invisible character.
    monkeypatch.setattr(sheet_rows, "raw_xml_supported", lambda: raw)
    workbook = Workbook(write_only=True)
    sheet = create_streamed_sheet(workbook, "Data")
    sheet.append(["text", "more"])
    rows = XmlRows(sheet, 2)
    rows.append(["fine", "bell \x07 inside"])
    rows.append(["tab\tnewline\ncarriage return\r kept", "fine"])
    rows.append(["=\x01\x0b\x1f", "\uffff"])
    rows.flush()
    workbook.save(tmp_path / "data.xlsx")

    got = _cells(tmp_path / "data.xlsx")

    assert [[cell[0] for cell in row] for row in got[1:]] == [
        ["fine", "bell [U+0007] inside"],
        ["tab\tnewline\ncarriage return\n kept", "fine"],
        ["=[U+0001][U+000B][U+001F]", "[U+FFFF]"],
    ]
    assert got[3][0][2] is True  # still quote-prefixed: it starts like a formula
    assert rows.replaced == [(2, "B"), (4, "A"), (4, "B")]
