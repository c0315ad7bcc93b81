"""Saving a pack: openpyxl's workbook writer, with each sheet's cells written as ready-made XML.

openpyxl's own writer builds an element tree for every cell and serialises it through
et_xmlfile, about a third of a 30-nation pack's time. The pack's cells hold text, whole
numbers, numbers and blanks; ``PackSheetWriter`` writes exactly the XML openpyxl writes
for such cells (the same attributes in the same order, the same style ids given in the
same order, the same escaping) straight into the sheet's stream. Any other cell — a
date, a formula, rich text, a hyperlink, a merged cell with a border — goes through
openpyxl's own cell writer, and so does every sheet when openpyxl writes through lxml,
whose stream takes no ready-made text. The comments' parts (the comment list and its
VML shapes) are written from templates of what openpyxl writes, too. Everything else
around the cells (columns, frozen panes, merges, print setup, the workbook's parts) is
openpyxl's own code.

Each sheet's XML is gathered in memory rather than in a temporary file: no register
text on disk outside the scratch folder, and no file to write, read back and remove
per sheet. ``tests/unit/test_reports_pack_saving.py`` compares every part of the
workbook with what openpyxl's own writer makes, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import xml as openpyxl_xml
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell
from openpyxl.comments.author import AuthorList
from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.relationship import Relationship
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import coordinate_to_tuple, get_column_letter
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


    def _write_comment(self, ws: Worksheet) -> None:
        # ExcelWriter._write_comment for a workbook without VBA, its parts from text.
        notes = [_Note.of(comment) for comment in ws._comments]
        xml = comments_xml(notes) if self.workbook.vba_archive is None else None
        if xml is None:
            ws._comments = [note.record() for note in notes]
            super()._write_comment(ws)
            return
        cs = CommentSheet(authors=AuthorList(), commentList=[])  # for its part's name and type
        self._comments.append(cs)
        cs._id = len(self._comments)
        self._archive.writestr(cs.path[1:], xml)
        self.manifest.append(cs)
        ws.legacy_drawing = f"xl/drawings/commentsDrawing{cs._id}.vml"
        self._archive.writestr(ws.legacy_drawing, comment_shapes(notes))
        self.vba_modified.add(ws.legacy_drawing)
        ws._rels.append(Relationship(Id="comments", type=cs._rel_type, Target=cs.path))


@dataclass(slots=True)
class _Note:
    """What openpyxl's ``CommentRecord.from_cell`` keeps of a cell's comment."""

    ref: str
    author: object
    content: object
    height: int
    width: int

    @classmethod
    def of(cls, comment: _Note | CommentRecord) -> _Note:
        if type(comment) is _Note:
            return comment
        return cls(comment.ref, comment.author, comment.text.t, comment.height, comment.width)

    @classmethod
    def from_cell(cls, cell: Cell) -> _Note:
        comment = cell._comment
        return cls(cell.coordinate, comment.author, comment.content, comment.height,
                   comment.width)

    def record(self) -> CommentRecord:
        record = CommentRecord(ref=self.ref, author=self.author)
        record.text.t = self.content
        record.height, record.width = self.height, self.width
        return record


_COMMENTS_START = ('<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   "<authors>")


def comments_xml(notes: list[_Note]) -> bytes | None:
    """A sheet's comments part as openpyxl writes it (``CommentSheet.from_comments``
    serialised by ElementTree), or None when a comment is not plain text by an author."""
    authors: dict[str, int] = {}
    listed = []
    for note in notes:
        if type(note.author) is not str or type(note.content) is not str:
            return None
        # The reference is a cell's coordinate ("C4"): nothing in it to escape.
        author_id = authors.setdefault(note.author, len(authors))
        listed.append(f'<comment ref="{note.ref}" authorId="{author_id}" shapeId="0">'
                      f"<text>{_element('t', note.content, keep_blanks=True)}</text></comment>")
    parts = [_COMMENTS_START, *(_element("author", author) for author in authors),
             "</authors><commentList>", *listed, "</commentList></comments>"]
    return "".join(parts).encode("utf-8", "xmlcharrefreplace")


def _element(tag: str, text: str, *, keep_blanks: bool = False) -> str:
    """``<tag>text</tag>`` as ElementTree writes it; ``keep_blanks`` marks text with blanks
    at either end ``xml:space="preserve"``, as openpyxl's nested text does."""
    if not text:
        return f"<{tag} />"
    stripped = text.strip()
    space = ' xml:space="preserve"' if keep_blanks and stripped and stripped != text else ""
    return f"<{tag}{space}>{_cdata(text)}</{tag}>"


def _cdata(text: str) -> str:
    # ElementTree's _escape_cdata.
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


# What openpyxl's ShapeWriter writes for comments, element by element (comments/shape_writer.py).
_SHAPES_START = (
    '<xml xmlns:ns0="urn:schemas-microsoft-com:office:office"'
    ' xmlns:ns1="urn:schemas-microsoft-com:vml"'
    ' xmlns:ns2="urn:schemas-microsoft-com:office:excel">'
    '<ns0:shapelayout ns1:ext="edit"><ns0:idmap ns1:ext="edit" data="1" /></ns0:shapelayout>'
    '<ns1:shapetype id="_x0000_t202" coordsize="21600,21600" ns0:spt="202"'
    ' path="m,l,21600r21600,l21600,xe"><ns1:stroke joinstyle="miter" />'
    '<ns1:path gradientshapeok="t" ns0:connecttype="rect" /></ns1:shapetype>'
)
_SHAPE = (
    '<ns1:shape type="#_x0000_t202" style="position:absolute; margin-left:59.25pt;'
    'margin-top:1.5pt;width:{width}px;height:{height}px;z-index:1;visibility:hidden"'
    ' fillcolor="#ffffe1" ns0:insetmode="auto" id="_x0000_s{index:04d}">'
    '<ns1:fill color2="#ffffe1" /><ns1:shadow color="black" obscured="t" />'
    '<ns1:path ns0:connecttype="none" /><ns1:textbox style="mso-direction-alt:auto">'
    '<div style="text-align:left" /></ns1:textbox><ns2:ClientData ObjectType="Note">'
    "<ns2:MoveWithCells /><ns2:SizeWithCells /><ns2:AutoFill>False</ns2:AutoFill>"
    "<ns2:Row>{row}</ns2:Row><ns2:Column>{column}</ns2:Column></ns2:ClientData></ns1:shape>"
)


def comment_shapes(comments: list[_Note]) -> bytes:
    """The VML shapes of a sheet's comments, as ``CommentSheet.write_shapes`` writes them."""
    parts = [_SHAPES_START]
    for index, comment in enumerate(comments, 1026):
        row, column = coordinate_to_tuple(comment.ref)
        parts.append(_SHAPE.format(width=comment.width, height=comment.height, index=index,
                                   row=row - 1, column=column - 1))
    parts.append("</xml>")
    return "".join(parts).encode("ascii", "xmlcharrefreplace")


class PackSheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, the plain cells written as text."""

    def write_rows(self) -> None:
        if openpyxl_xml.LXML:
            super().write_rows()
            return
        xf = self.xf.send(True)
        style_ids = _StyleIds(self.ws.parent)
        with xf.element("sheetData"):
            for row_index, row in self.rows():
                self._write_plain_row(xf, row, row_index, style_ids)
        self.xf.send(None)

    def _write_plain_row(
        self, xf: object, row: list[Cell], row_index: int, style_ids: _StyleIds
    ) -> None:
        # WorksheetWriter.write_row, its start tag and plain cells written directly.
        attributes = {"r": f"{row_index}"}
        attributes.update(self.ws.row_dimensions.get(row_index, {}))
        if any(_ATTRIBUTE_SPECIAL.intersection(value) for value in attributes.values()):
            self.write_row(xf, row, row_index)
            return
        raw = xf._file  # type: ignore[attr-defined]
        parts = ["<row" + "".join(f' {key}="{value}"' for key, value in attributes.items()) + ">"]
        comments = self.ws._comments
        number = attributes["r"]
        for cell in row:
            if cell._comment is not None:
                comments.append(_Note.from_cell(cell))
            look = cell._style
            styled = look is not None and any(look)
            if cell._value is None and not styled and not cell._comment:
                continue
            xml = (_plain_cell_xml(cell, f"{get_column_letter(cell.column)}{number}",
                                   style_ids(look) if styled else "")
                   if type(cell) is Cell and not cell._hyperlink else None)
            if xml is None:
                raw("".join(parts))
                parts.clear()
                write_cell(xf, self.ws, cell, styled)
            else:
                parts.append(xml)
        parts.append("</row>")
        raw("".join(parts))


class _StyleIds:
    """``cell.style_id`` as the attribute text, without hashing a known look twice."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._known = workbook._cell_styles._dict  # openpyxl's IndexedList: look -> index
        self._texts: dict[int, str] = {}

    def __call__(self, look: StyleArray) -> str:
        index = self._known.get(look)
        if index is None:
            index = self._workbook._cell_styles.add(look)  # as cell.style_id does
        text = self._texts.get(index)
        if text is None:
            text = self._texts[index] = f' s="{index}"'
        return text


def _plain_cell_xml(cell: Cell, place: str, style: str) -> str | None:
    """The XML openpyxl's ``etree_write_cell`` writes for a plain cell (of type Cell, no
    hyperlink) at ``place``, or None for other values."""
    value = cell._value
    kind = cell.data_type
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
