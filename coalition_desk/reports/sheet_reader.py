"""Reading a read-only sheet's cells several times faster than openpyxl's loop.

``present_rows(sheet)`` yields each row the sheet's XML holds, as its number and its
cells present, ``(column, value)`` in column order, read the way openpyxl reads them
(shared and inline strings, numbers, dates by their number format, booleans, ISO dates,
errors, formulas). ``formula_cells(sheet)`` yields the cells that hold a formula.

What the sheet declares about its size (``<dimension>``) is not used: a stale one would
drop rows openpyxl stops at the declared last row — and a hostile one
(``A1:XFD999000``) would make every row 16,384 values wide and a million rows long,
which openpyxl pads out cell by cell. The cost of reading follows the cells present.

Why it is faster: openpyxl parses through defusedxml, whose pure-Python parser calls back
into Python for every element, and then builds a dict and a rich-text object per cell.
Here the C parser builds the elements and each cell becomes its value directly. What
defusedxml guards against, entity declarations, is refused as the bytes stream in:
a worksheet has no business declaring a DTD (safety.check_workbook_file refuses such a
file before this runs; the stream is checked again so this reader is safe on its own).
Any sheet that is not an openpyxl read-only worksheet is read by openpyxl.

Unlike openpyxl, a damaged sheet is refused with its place rather than read loosely:
XML that is not well-formed, a cell address that is malformed, off its row or beyond
column XFD, a row number that is not a positive whole number or comes after a higher
one, a cell before or on the column of the cell ahead of it in its row. openpyxl
raises on the first kinds, and silently drops the row or value on the last two.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError, XMLPullParser

from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser, _cast_number
from openpyxl.xml.constants import SHEET_MAIN_NS

from coalition_desk.reports.plain_rows import (
    DECLARATION,
    MAX_SHEET_COLUMN,
    MAX_SHEET_ROW,
    DeclarationRefused,
    NotPlain,
    plain_rows,
)
from coalition_desk.reports.safety import UnsafeWorkbook

_ROW = f"{{{SHEET_MAIN_NS}}}row"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA = f"{{{SHEET_MAIN_NS}}}f"
_INLINE_STRING = f"{{{SHEET_MAIN_NS}}}is"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_RUN = f"{{{SHEET_MAIN_NS}}}r"
_DIGITS = "0123456789"
_COLUMNS = {get_column_letter(index): index for index in range(1, MAX_SHEET_COLUMN + 1)}
_CHUNK = 1 << 16


_DAMAGED = (
    "the sheet's XML is damaged (it was not saved by a spreadsheet program, or was edited "
    "by hand): open the workbook in Excel or LibreOffice and save it again, or export again"
)


class DamagedSheet(ValueError):
    """A sheet's XML cannot be read as it stands; says where, for the user."""

    def __init__(self, sheet: str, row: int | None, column: str | None, reason: str) -> None:
        self.sheet = sheet
        self.row = row
        self.column = column
        self.reason = reason
        where = ", ".join(
            part for part in (
                f"sheet {sheet!r}",
                f"row {row}" if row else "",
                f"column {column}" if column else "",
            ) if part
        )
        super().__init__(f"{where}: {reason}")


Cells = list[tuple[int, object]]


def present_rows(sheet: Any) -> Iterator[tuple[int, Cells]]:
    """(row number, [(column, value), ...]) of every row the sheet holds, in order."""
    if type(sheet) is not ReadOnlyWorksheet:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [(column, v) for column, v in enumerate(values, 1) if v is not None]
        return
    # Our own exports' plain shape first; anything else (or damage) by the full parser,
    # which reads from the start again and gives on from the row after the last given.
    given = 0
    try:
        for row in plain_rows(sheet):
            given = row[0]
            yield row
        return
    except NotPlain:
        pass
    for row in _Rows(sheet).parse():
        if row[0] > given:
            yield row


def formula_cells(sheet: Any) -> Iterator[tuple[int, int, object]]:
    """(row, column, formula) of every cell holding a formula; the formula is not run."""
    if type(sheet) is not ReadOnlyWorksheet:
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    yield cell.row, cell.column, cell.value
        return
    rows = _Rows(sheet, formulas_only=True)
    for number, cells in rows.parse():
        for column, formula in cells:
            yield number, column, formula


class _Rows:
    """openpyxl's WorkSheetParser.parse_row and parse_cell, over C-built elements."""

    def __init__(self, sheet: ReadOnlyWorksheet, *, formulas_only: bool = False) -> None:
        workbook = sheet.parent
        self._formulas_only = formulas_only
        self._sheet = sheet
        self._shared_strings = sheet._shared_strings
        self._data_only = workbook.data_only
        self._epoch = workbook.epoch
        self._date_formats = workbook._date_formats
        self._timedelta_formats = workbook._timedelta_formats
        self._formulas: WorkSheetParser | None = None
        self._row_counter = 0
        self._row_text = ""
        self._col_counter = 0

    def parse(self) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        parser = XMLPullParser(events=("end",))
        tail = b""
        with self._sheet._get_source() as source:
            while chunk := source.read(_CHUNK):
                if DECLARATION.search(tail + chunk):
                    raise DeclarationRefused(
                        f"sheet {self._sheet.title!r} declares a DTD or XML entities; refused"
                    )
                tail = chunk[-16:]
                try:
                    parser.feed(chunk)
                    events = list(parser.read_events())
                except ParseError as error:
                    raise self._damaged(f"{error}; {_DAMAGED}", row=None) from None
                for _event, element in events:
                    if element.tag == _ROW:
                        yield self._checked_row(element)
                        element.clear()
            try:
                parser.close()
            except ParseError as error:
                raise self._damaged(f"{error}; {_DAMAGED}", row=None) from None

    def _damaged(self, reason: str, *, row: int | None, column: int | None = None) -> DamagedSheet:
        letter = get_column_letter(column) if column and column <= MAX_SHEET_COLUMN else None
        return DamagedSheet(self._sheet.title, row, letter, reason)

    def _checked_row(self, row: Any) -> tuple[int, list[tuple[int, object]]]:
        previous = self._row_counter
        try:
            return self._row(row, previous)
        except DamagedSheet:
            raise
        except (ValueError, IndexError, KeyError, TypeError, OverflowError) as error:
            # A value openpyxl's own reading fails on: a number that is not one, a shared
            # string that does not exist, a style that is not a number.
            raise self._damaged(
                f"a cell cannot be read ({error.__class__.__name__}: {str(error)[:80]}); "
                f"{_DAMAGED}",
                # The cell's column is known before its value is read.
                row=self._row_counter or None, column=self._col_counter or None,
            ) from None

    def _row(self, row: Any, previous: int) -> tuple[int, list[tuple[int, object]]]:
        number = row.get("r")
        if number is not None:
            try:
                self._row_counter = int(number)
            except ValueError:
                self._row_counter = _whole_number(number)
            if not 1 <= self._row_counter <= MAX_SHEET_ROW:
                raise self._damaged(
                    f"a row is numbered {number!r}: rows are numbered 1 to {MAX_SHEET_ROW:,}; "
                    f"{_DAMAGED}",
                    row=previous + 1,
                )
            if self._row_counter <= previous:
                raise self._damaged(
                    f"this row comes after row {previous} in the sheet's XML: rows out of order "
                    f"or listed twice would be dropped; {_DAMAGED}",
                    row=self._row_counter,
                )
        else:
            self._row_counter += 1
        self._row_text = str(self._row_counter)
        self._col_counter = 0
        cells = [self._cell(element) for element in row]
        if self._formulas_only:
            cells = [cell for cell in cells if type(cell[1]) is _Formula]
            return self._row_counter, [(column, found.formula) for column, found in cells]
        return self._row_counter, cells

    def _cell(self, element: Any) -> tuple[int, object]:
        get = element.get
        data_type = get("t", "n")
        coordinate = get("r")
        if coordinate:
            letters = coordinate.rstrip(_DIGITS)
            column = _COLUMNS.get(letters)
            if column is None or coordinate[len(letters):] != self._row_text:
                column = self._column_of(coordinate)
            if column <= self._col_counter:
                raise self._damaged(
                    f"the cell {coordinate!r} comes after column "
                    f"{get_column_letter(self._col_counter)} in its row: cells out of order or "
                    f"listed twice would be dropped; {_DAMAGED}",
                    row=self._row_counter, column=column,
                )
            self._col_counter = column
        else:
            self._col_counter += 1
            column = self._col_counter
        value: Any = None if data_type == "inlineStr" else element.findtext(_VALUE) or None
        if not self._data_only and element.find(_FORMULA) is not None:
            if self._formulas is None:
                self._formulas = WorkSheetParser(None, self._shared_strings)
            formula = self._formulas.parse_formula(element)
            return column, _Formula(formula) if self._formulas_only else formula
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

    def _column_of(self, coordinate: str) -> int:
        """The column of an address the quick look-up did not take, or DamagedSheet."""
        found = _ADDRESS.fullmatch(coordinate)
        column = _COLUMNS.get(found.group(1).upper()) if found else None
        if found is None or column is None:
            raise self._damaged(
                f"a cell's address {coordinate!r} is malformed (an address is a column from A "
                f"to XFD and a row number, e.g. B7); {_DAMAGED}",
                row=self._row_counter, column=self._col_counter + 1,
            )
        if int(found.group(2)) != self._row_counter:
            raise self._damaged(
                f"the cell {coordinate!r} sits in row {self._row_counter}; {_DAMAGED}",
                row=self._row_counter, column=column,
            )
        return column

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


class _Formula:
    """A formula cell's text, marked as one for ``formula_cells``."""

    __slots__ = ("formula",)

    def __init__(self, formula: object) -> None:
        self.formula = formula


# What openpyxl accepts as an address: "$" marks and lower-case letters included.
_ADDRESS = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _whole_number(text: str) -> int:
    """A row number written as "5.0", which openpyxl accepts; 0 for anything else."""
    try:
        value = float(text)
    except ValueError:
        return 0
    return int(value) if value.is_integer() else 0


_SHARED_STRING = f"{{{SHEET_MAIN_NS}}}si"


class TooManySharedStrings(UnsafeWorkbook):
    """The shared-strings part lists more strings than any register workbook needs."""


def read_shared_strings(source: Any, *, limit: int) -> list[str]:
    """A workbook's shared strings as openpyxl's read_string_table gives them, in a list.

    With the C parser (openpyxl's takes ~30 µs a string through defusedxml, ~2 minutes
    for a few million), entity declarations refused as in sheets, and at most ``limit``
    strings: each costs ~60 bytes of memory however short its XML.
    """
    strings: list[str] = []
    # Start events too, for the root: the strings read are taken off it, not left there
    # (a few million elements would cost more than the strings).
    parser = XMLPullParser(events=("start", "end"))
    root = None
    tail = b""
    while chunk := source.read(_CHUNK):
        if DECLARATION.search(tail + chunk):
            raise DeclarationRefused("the shared strings declare a DTD or XML entities; refused")
        tail = chunk[-16:]
        try:
            parser.feed(chunk)
            events = list(parser.read_events())
        except ParseError as error:
            raise UnsafeWorkbook(f"the shared strings' XML is damaged ({error})") from None
        for event, element in events:
            if root is None:
                root = element
            elif event == "end" and element.tag == _SHARED_STRING:
                # openpyxl's reading drops the escape of a literal "_x" (x005F_) here.
                strings.append(_inline_text(element).replace("x005F_", ""))
        if root is not None:
            # A string still being read stays whole: the parser keeps building it.
            del root[:]
        if len(strings) > limit:
            raise TooManySharedStrings(
                f"the workbook lists more than {limit:,} shared strings; refused (a register "
                "workbook needs far fewer: split the register, or export it again)"
            )
    try:
        parser.close()
    except ParseError as error:
        raise UnsafeWorkbook(f"the shared strings' XML is damaged ({error})") from None
    return strings


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
