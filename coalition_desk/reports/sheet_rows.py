"""Appending plain rows to a write-only sheet as ready-made XML.

openpyxl builds a cell object and an element tree for every cell it writes, which is
most of a 200,000-position export's time. The register's rows hold only text, whole
numbers, numbers and blanks, so ``XmlRows`` writes them as the XML openpyxl writes for
such cells — inline strings, ``xml:space="preserve"`` on text with leading or trailing
blanks, numbers as ``"%.16g"``, text cut at Excel's 32,767 characters — straight into
the sheet's stream. Text that a spreadsheet program could take for a formula or an error
value gets the quote-prefix style, as ``safety.inert_cell`` gives it.

Characters XML cannot hold (control characters, which validation now refuses but an
older database may still have) are written visibly as ``[U+0001]``: an export never
fails half-way over an invisible character, and nothing is dropped without a trace.
``XmlRows.replaced`` lists each cell where that happened, for the workbook's own note.

A row holding any other kind of value goes through openpyxl's cells as before; so does
every row when openpyxl streams through lxml, whose writer takes no ready-made XML.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence

from openpyxl import Workbook
from openpyxl import xml as openpyxl_xml
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.numbers import FORMAT_DATE_DATETIME
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from coalition_desk.domain.validation import CONTROL_CHARACTERS, visible_control_characters
from coalition_desk.reports.safety import (
    MAX_CELL_CHARACTERS,
    inert_cell,
    needs_protection,
)

# Rows gathered before one write to the sheet's stream.
_FLUSH_EVERY = 500


class _Prepared:
    __slots__ = ("rows", "xml")

    def __init__(self, xml: str, rows: int) -> None:
        self.xml = xml
        self.rows = rows


class StreamedSheet(WriteOnlyWorksheet):
    """A write-only sheet whose stream also takes rows already written as XML."""

    rows_written = 0

    def _write_rows(self) -> Iterator[None]:
        # openpyxl's own loop (WriteOnlyWorksheet._write_rows), plus prepared rows.
        try:
            xf = self._writer.xf.send(True)
        except StopIteration:
            self._already_saved()
        with xf.element("sheetData"):
            try:
                while True:
                    row = yield
                    if type(row) is _Prepared:
                        xf._file(row.xml)
                        self.rows_written += row.rows
                    else:
                        self.rows_written += 1
                        cells = self._values_to_row(row, self.rows_written)
                        self._writer.write_row(xf, cells, self.rows_written)
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def append_prepared(self, prepared: _Prepared) -> None:
        self._get_writer()
        if self._rows is None:
            self._rows = self._write_rows()
            next(self._rows)
        self._rows.send(prepared)


def create_streamed_sheet(workbook: Workbook, title: str) -> StreamedSheet:
    sheet = StreamedSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet


def raw_xml_supported() -> bool:
    """True when openpyxl streams through et_xmlfile, whose writer takes raw text."""
    return not openpyxl_xml.LXML


class XmlRows:
    """Appends rows of str, int, float, datetime and None values to a ``StreamedSheet``."""

    def __init__(self, sheet: StreamedSheet, columns: int) -> None:
        self._sheet = sheet
        self._letters = [get_column_letter(index) for index in range(1, columns + 1)]
        quoted = WriteOnlyCell(sheet)
        quoted.quotePrefix = True
        self._quoted_style = f' s="{quoted.style_id}"'
        # The style and serial number openpyxl gives a datetime cell.
        stamped = WriteOnlyCell(sheet)
        stamped.number_format = FORMAT_DATE_DATETIME
        self._stamp_style = f' s="{stamped.style_id}"'
        self._epoch = sheet.parent.epoch
        self._raw = raw_xml_supported() and not sheet.parent.iso_dates
        self._pending: list[str] = []
        # (row, column letter) of each cell whose control characters were made visible.
        self.replaced: list[tuple[int, str]] = []

    def append(self, values: Sequence[object]) -> None:
        number = self._sheet.rows_written + len(self._pending) + 1
        xml = self._row_xml(values, number)
        # One search of the whole row: control characters are rare, and only then is each
        # value looked at.
        if xml is None or CONTROL_CHARACTERS.search(xml):
            values = self._visible(values, number)
            xml = self._row_xml(values, number)
        if xml is None:
            self.flush()
            self._sheet.append(
                [
                    inert_cell(self._sheet, value)
                    if type(value) is str and needs_protection(value)
                    else value
                    for value in values
                ]
            )
            return
        self._pending.append(xml)
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def _visible(self, values: Sequence[object], number: int) -> list[object]:
        shown = list(values)
        for index, value in enumerate(shown):
            if type(value) is str and CONTROL_CHARACTERS.search(value):
                shown[index] = visible_control_characters(value)
                self.replaced.append((number, get_column_letter(index + 1)))
        return shown

    def flush(self) -> None:
        if self._pending:
            self._sheet.append_prepared(_Prepared("".join(self._pending), len(self._pending)))
            self._pending = []

    def _row_xml(self, values: Sequence[object], number: int) -> str | None:
        if not self._raw:
            return None
        row = str(number)
        parts = [f'<row r="{row}">']
        for letter, value in zip(self._letters, values, strict=False):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                text: str = value[:MAX_CELL_CHARACTERS]  # type: ignore[index]
                style = self._quoted_style if needs_protection(text) else ""
                stripped = text.strip()
                space = ' xml:space="preserve"' if stripped and stripped != text else ""
                if "&" in text or "<" in text or ">" in text:
                    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                parts.append(
                    f'<c r="{letter}{row}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'
                )
            elif kind is int:
                parts.append(f'<c r="{letter}{row}" t="n"><v>{value:.16g}</v></c>')
            elif kind is float:
                shown = f"{value:.16g}" if math.isfinite(value) else ""  # type: ignore[arg-type]
                parts.append(f'<c r="{letter}{row}" t="n"><v>{shown}</v></c>')
            elif kind is dt.datetime and value.tzinfo is None:  # type: ignore[attr-defined]
                serial = to_excel(value, self._epoch)
                parts.append(
                    f'<c r="{letter}{row}"{self._stamp_style} t="n"><v>{serial:.16g}</v></c>'
                )
            else:
                return None
        parts.append("</row>")
        return "".join(parts)
