"""Saving a pack: openpyxl's workbook writer, with each sheet's cells written as ready-made XML.

openpyxl's own writer builds an element tree for every cell and serialises it through
et_xmlfile, about a third of a 30-nation pack's time. The pack's cells hold text, whole
numbers, numbers and blanks; ``PackSheetWriter`` writes exactly the XML openpyxl writes
for such cells (the same attributes in the same order, the same style ids given in the
same order, the same escaping) straight into the sheet's stream. Any other cell — a
date, a formula, rich text, a hyperlink, a merged cell with a border — goes through
openpyxl's own cell writer, and so does every sheet when openpyxl writes through lxml,
whose stream takes no ready-made text. Everything around the cells (columns, frozen
panes, merges, print setup, comments, the workbook's parts) is openpyxl's own code.

Each sheet's XML is gathered in memory rather than in a temporary file: no register
text on disk outside the scratch folder, and no file to write, read back and remove
per sheet. ``tests/unit/test_reports_pack_saving.py`` compares every part of the
workbook with what openpyxl's own writer makes, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import math
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import xml as openpyxl_xml
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# Characters an attribute of a row would need escaped; row attributes are numbers and flags.
_ATTRIBUTE_SPECIAL = frozenset('&<>"\r\n\t')


def save_pack(workbook: Workbook, path: Path) -> None:
    """Write ``workbook`` to ``path`` as ``Workbook.save`` does, its cells the quick way."""
    # openpyxl.writer.excel.save_workbook, with the writer below.
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        _PackExcelWriter(workbook, archive).save()


class _PackExcelWriter(ExcelWriter):
    def write_worksheet(self, ws: Worksheet) -> None:
        # ExcelWriter.write_worksheet for a normal (not write-only) workbook.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = PackSheetWriter(ws, out=BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


class PackSheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, the plain cells written as text."""

    def write_rows(self) -> None:
        if openpyxl_xml.LXML:
            super().write_rows()
            return
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            for row_index, row in self.rows():
                self._write_plain_row(xf, row, row_index)
        self.xf.send(None)

    def _write_plain_row(self, xf: object, row: list[Cell], row_index: int) -> None:
        # WorksheetWriter.write_row, its start tag and plain cells written directly.
        attributes = {"r": f"{row_index}"}
        attributes.update(self.ws.row_dimensions.get(row_index, {}))
        if any(_ATTRIBUTE_SPECIAL.intersection(value) for value in attributes.values()):
            self.write_row(xf, row, row_index)
            return
        raw = xf._file  # type: ignore[attr-defined]
        raw("<row" + "".join(f' {key}="{value}"' for key, value in attributes.items()) + ">")
        comments = self.ws._comments
        for cell in row:
            if cell._comment is not None:
                comments.append(CommentRecord.from_cell(cell))
            styled = cell.has_style
            if cell._value is None and not styled and not cell._comment:
                continue
            xml = _plain_cell_xml(cell, styled)
            if xml is None:
                write_cell(xf, self.ws, cell, styled)
            else:
                raw(xml)
        raw("</row>")


def _plain_cell_xml(cell: Cell, styled: bool) -> str | None:
    """The XML openpyxl's ``etree_write_cell`` writes for a plain cell, or None for others."""
    if type(cell) is not Cell or cell.hyperlink:
        return None
    value = cell._value
    kind = cell.data_type
    style = f' s="{cell.style_id}"' if styled else ""
    place = cell.coordinate
    if kind == "s":
        if type(value) is not str:
            return None
        if not value:
            return f'<c r="{place}"{style} t="inlineStr" />'
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        if "&" in value or "<" in value or ">" in value:
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<c r="{place}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'
    if kind != "n":
        return None
    if value is None:
        return f'<c r="{place}"{style} t="n" />'
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return f'<c r="{place}"{style} t="n"><v>{value:.16g}</v></c>'
    return None
