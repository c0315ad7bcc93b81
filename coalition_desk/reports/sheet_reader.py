"""Reading a read-only sheet's cell values several times faster than openpyxl's loop.

``iter_values(sheet)`` yields exactly what ``sheet.iter_rows(values_only=True)`` yields
for an openpyxl read-only worksheet: one tuple per row, gaps filled with empty rows,
every row as wide as the sheet's dimension, cells read the way openpyxl reads them
(shared and inline strings, numbers, dates by their number format, booleans, ISO dates,
errors, formulas).

Why it is faster: openpyxl parses through defusedxml, whose pure-Python parser calls back
into Python for every element, and then builds a dict and a rich-text object per cell.
Here the C parser builds the elements and each cell becomes its value directly. What
defusedxml guards against, entity declarations, is refused as the bytes stream in:
a worksheet has no business declaring a DTD (safety.check_workbook_file refuses such a
file before this runs; the stream is checked again so this reader is safe on its own).
Any sheet that is not an openpyxl read-only worksheet is read by openpyxl.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import XMLPullParser

from openpyxl.utils.cell import coordinate_to_tuple, get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.xml.constants import SHEET_MAIN_NS

from coalition_desk.reports.safety import UnsafeWorkbook

_ROW = f"{{{SHEET_MAIN_NS}}}row"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA = f"{{{SHEET_MAIN_NS}}}f"
_INLINE_STRING = f"{{{SHEET_MAIN_NS}}}is"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"
_DIGITS = "0123456789"
_COLUMNS = {get_column_letter(index): index for index in range(1, 18_279)}
_CHUNK = 1 << 16
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class DeclarationRefused(UnsafeWorkbook):
    """A worksheet part declares a DTD or entities; it is not parsed."""


def iter_values(sheet: Any) -> Iterator[tuple]:
    """The sheet's rows as ``sheet.iter_rows(values_only=True)`` gives them."""
    if type(sheet) is not ReadOnlyWorksheet:
        yield from sheet.iter_rows(values_only=True)
        return
    max_col = sheet.max_column
    max_row = sheet.max_row
    empty_row: tuple = () if max_col is None else (None,) * max_col
    counter = 1
    index = 1
    # The same row loop as openpyxl's ReadOnlyWorksheet._cells_by_row.
    for index, cells in _Rows(sheet).parse():
        if max_row is not None and index > max_row:
            break
        while counter < index:
            counter += 1
            yield empty_row
        if counter <= index:
            counter += 1
            yield _row_values(cells, max_col)
    if max_row is not None and max_row < index:
        for _ in range(counter, max_row + 1):
            yield empty_row


def _row_values(cells: list[tuple[int, object]], max_col: int | None) -> tuple:
    if not cells and not max_col:
        return ()
    width = max_col or cells[-1][0]
    values: list[object] = [None] * width
    for column, value in cells:
        if 1 <= column <= width:
            values[column - 1] = value
    return tuple(values)


class _Rows:
    """openpyxl's WorkSheetParser.parse_row and parse_cell, over C-built elements."""

    def __init__(self, sheet: ReadOnlyWorksheet) -> None:
        workbook = sheet.parent
        self._sheet = sheet
        self._shared_strings = sheet._shared_strings
        self._data_only = workbook.data_only
        self._epoch = workbook.epoch
        self._date_formats = workbook._date_formats
        self._timedelta_formats = workbook._timedelta_formats
        self._formulas: WorkSheetParser | None = None
        self._row_counter = 0
        self._col_counter = 0

    def parse(self) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        parser = XMLPullParser(events=("end",))
        tail = b""
        with self._sheet._get_source() as source:
            while chunk := source.read(_CHUNK):
                if _DECLARATION.search(tail + chunk):
                    raise DeclarationRefused(
                        f"sheet {self._sheet.title!r} declares a DTD or XML entities; refused"
                    )
                tail = chunk[-16:]
                parser.feed(chunk)
                for _event, element in parser.read_events():
                    if element.tag == _ROW:
                        yield self._row(element)
                        element.clear()
            parser.close()

    def _row(self, row: Any) -> tuple[int, list[tuple[int, object]]]:
        number = row.get("r")
        if number is not None:
            try:
                self._row_counter = int(number)
            except ValueError:
                value = float(number)
                if not value.is_integer():
                    raise ValueError(f"{number} is not a valid row number") from None
                self._row_counter = int(value)
        else:
            self._row_counter += 1
        self._col_counter = 0
        return self._row_counter, [self._cell(element) for element in row]

    def _cell(self, element: Any) -> tuple[int, object]:
        get = element.get
        data_type = get("t", "n")
        coordinate = get("r")
        if coordinate:
            # coordinate_to_tuple's answer, looked up by the letters once they are known.
            letters = coordinate.rstrip(_DIGITS)
            column = _COLUMNS.get(letters) if len(letters) < len(coordinate) else None
            if column is None:
                column = coordinate_to_tuple(coordinate)[1]
            self._col_counter = column
        else:
            self._col_counter += 1
            column = self._col_counter
        value: Any = None if data_type == "inlineStr" else element.findtext(_VALUE) or None
        if not self._data_only and element.find(_FORMULA) is not None:
            if self._formulas is None:
                self._formulas = WorkSheetParser(None, self._shared_strings)
            return column, self._formulas.parse_formula(element)
        if value is not None:
            if data_type == "n":
                value = _cast_number(value)
                style_id = get("s", 0)
                if style_id and int(style_id) in self._date_formats:
                    return column, self._date(value, int(style_id), coordinate)
            elif data_type == "s":
                value = self._shared_strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "d":
                value = from_ISO8601(value)
        elif data_type == "inlineStr":
            child = element.find(_INLINE_STRING)
            if child is not None:
                value = _inline_text(child)
        return column, value

    def _date(self, value: float, style_id: int, coordinate: str | None) -> object:
        try:
            return from_excel(value, self._epoch, timedelta=style_id in self._timedelta_formats)
        except (OverflowError, ValueError):
            # openpyxl's own words and value for this case (WorkSheetParser.parse_cell).
            warnings.warn(
                f"Cell {coordinate} is marked as a date but the serial value {value} is outside "
                "the limits for dates. The cell will be treated as an error.",
                stacklevel=2,
            )
            return "#VALUE!"


def _inline_text(element: Any) -> str:
    # What openpyxl's Text.from_tree(...).content gives: the plain text, then each run's
    # text; phonetic runs (rPh) are left out.
    if len(element) == 1 and element[0].tag == _TEXT:
        return element[0].text or ""
    parts = []
    for child in element:
        tag = child.tag
        if tag == _TEXT:
            if child.text is not None:
                parts.append(child.text)
        elif tag == _RUN:
            text = child.find(_TEXT)
            if text is not None and text.text is not None:
                parts.append(text.text)
    return "".join(parts)
