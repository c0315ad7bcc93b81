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

import contextlib
import datetime as dt
import math
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl import xml as openpyxl_xml
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.numbers import FORMAT_DATE_DATETIME
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter

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
    """A write-only sheet whose stream also takes rows already written as XML.

    Given an ``ArchiveStream``, its XML goes straight into the workbook's archive,
    deflated on a second thread while the rows are built; ``finish`` ends it.
    """

    rows_written = 0
    archive_stream: ArchiveStream | None = None
    streamed_to_archive = False

    def _get_writer(self) -> None:
        if self._writer is None and self.archive_stream is not None:
            self._writer = self.archive_stream.writer_for(self)
            self.streamed_to_archive = True
            self._writer.write_top()
        super()._get_writer()

    def finish(self) -> None:
        """Write the sheet's end; a streamed sheet's archive member is complete after it."""
        self.close()
        if isinstance(self._writer, _MemberWriter):
            self._writer.cleanup()

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


def create_streamed_sheet(
    workbook: Workbook, title: str, stream: ArchiveStream | None = None
) -> StreamedSheet:
    sheet = StreamedSheet(parent=workbook, title=title)
    sheet.archive_stream = stream
    workbook._add_sheet(sheet)
    return sheet


# Chunks of a sheet's XML (each up to a few hundred kB: XmlRows writes 500 rows at once)
# waiting for the deflating thread: what the stream holds in memory at most.
_QUEUED_CHUNKS = 3


class ArchiveStream:
    """The workbook's archive, open while its sheets are filled, one sheet member at a time.

    zlib releases the GIL while it deflates, so a second thread deflating a sheet's XML
    into its archive member runs beside the thread building the rows: a two-core laptop
    uses both. The member is deflated exactly as openpyxl's save would (same level), its
    name the one openpyxl gives the sheet; ``save_streamed`` writes the rest.
    """

    def __init__(self, archive: ZipFile) -> None:
        self.archive = archive
        self._open: _MemberWriter | None = None

    def writer_for(self, sheet: StreamedSheet) -> _MemberWriter:
        if self._open is not None and not self._open.finished:
            raise RuntimeError(f"sheet {sheet.title!r} started before the last one finished")
        # The name openpyxl's writer gives the sheet: its place in the workbook, from 1.
        sheet._id = sheet.parent.worksheets.index(sheet) + 1
        info = ZipInfo(sheet.path[1:], date_time=time.localtime()[:6])
        info.compress_type = ZIP_DEFLATED
        info.external_attr = 0o600 << 16  # as ZipFile.writestr gives openpyxl's other parts
        self._open = _MemberWriter(sheet, _DeflatingSink(self.archive, info))
        return self._open

    def discard(self) -> None:
        """After a failure: stop the thread, close the archive (its folder is removed)."""
        if self._open is not None:
            with contextlib.suppress(Exception):  # the failure itself is already on its way
                self._open.cleanup()
        with contextlib.suppress(Exception):
            self.archive.close()


class _DeflatingSink:
    """A binary file whose writes a thread deflates into one archive member, in order."""

    def __init__(self, archive: ZipFile, info: ZipInfo) -> None:
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=_QUEUED_CHUNKS)
        self._error: BaseException | None = None
        self.closed = False
        self._thread = threading.Thread(
            target=self._deflate, args=(archive, info), name="deflate sheet", daemon=True)
        self._thread.start()

    def _deflate(self, archive: ZipFile, info: ZipInfo) -> None:
        ended = False
        try:
            with archive.open(info, "w") as member:
                while (chunk := self._chunks.get()) is not None:
                    member.write(chunk)
                ended = True  # the member's end is written (and may fail) on leaving
        except BaseException as error:  # noqa: BLE001 - handed to the writing thread
            self._error = error
            while not ended:  # the writer must never block on put; its last put is None
                ended = self._chunks.get() is None

    def write(self, data: bytes) -> int:
        if self._error is not None:
            raise self._error
        self._chunks.put(bytes(data))
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._chunks.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error


class _MemberWriter(WorksheetWriter):
    """openpyxl's sheet writer into a ``_DeflatingSink``; ``cleanup`` waits for the member."""

    def __init__(self, sheet: StreamedSheet, sink: _DeflatingSink) -> None:
        super().__init__(sheet, out=sink)
        self.sink = sink

    @property
    def finished(self) -> bool:
        return self.sink.closed

    def cleanup(self) -> None:
        try:
            self.close()
        finally:
            self.sink.close()


def save_streamed(workbook: Workbook, stream: ArchiveStream) -> None:
    """``Workbook.save`` into the stream's archive, the streamed sheets already in it."""
    workbook.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
    _StreamedExcelWriter(workbook, stream.archive).save()


class _StreamedExcelWriter(ExcelWriter):
    def write_worksheet(self, ws: object) -> None:
        if not getattr(ws, "streamed_to_archive", False):
            super().write_worksheet(ws)
            return
        # ExcelWriter.write_worksheet for a write-only sheet, its member already written.
        writer = ws._writer  # type: ignore[attr-defined]
        if not writer.finished:
            raise RuntimeError(f"sheet {ws.title!r} was not finished")  # type: ignore[attr-defined]
        if ws.path[1:] not in self._archive.namelist():  # type: ignore[attr-defined]
            raise RuntimeError(f"sheet {ws.title!r} is not where openpyxl puts it")  # type: ignore[attr-defined]
        ws._drawing = SpreadsheetDrawing()  # type: ignore[attr-defined]
        ws._drawing.charts = ws._charts  # type: ignore[attr-defined]
        ws._drawing.images = ws._images  # type: ignore[attr-defined]
        ws._rels = writer._rels  # type: ignore[attr-defined]
        self.manifest.append(ws)


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
