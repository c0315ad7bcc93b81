"""Reading a sheet written the plain way our export writes it, token by token.

``sheet_reader`` reads any sheet through the C XML parser, which builds an element for
every cell, value and inline string: at 200,000 positions that building is most of an
import's reading time. The sheets our export writes (sheet_rows.py) and openpyxl writes
hold one regular shape: ``<row r="N">`` and ``<c r="B7" s=".." t="..">`` with a ``<v>``
value or an ``<is><t>`` inline string, attributes in that order. Here such a sheet is
read with one regular expression per row, cell and end of row, each value turned into
what ``sheet_reader`` would make of it, by the same functions.

Anything else — another attribute, a formula, a comment, a character reference to a
character XML refuses, a carriage return (which an XML parser turns into a line feed),
a row or cell out of order, a value that does not convert — raises ``NotPlain``, and the
caller reads the sheet again with the full parser, which gives the same rows or names
the damage. What lies outside the rows (before ``<sheetData>`` and after
``</sheetData>``) goes through the full parser here too, so a sheet read here is one the
full parser reads, with the same cells. The bytes are searched for DTD and entity
declarations as they stream in, as the full parser's are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError, XMLPullParser

from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

from coalition_desk.reports.safety import UnsafeWorkbook

_CHUNK = 1 << 20
# How far into a sheet its <sheetData> may start (the columns' widths and views before it).
_MAX_PRELUDE = 1 << 20
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SHEET_DATA = f"{{{SHEET_MAIN_NS}}}sheetData"
_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
# A worksheet's limits (Excel's, which LibreOffice shares): column XFD, row 1,048,576.
MAX_SHEET_COLUMN = 16_384
MAX_SHEET_ROW = 1_048_576
_COLUMNS = {get_column_letter(i).encode(): i for i in range(1, MAX_SHEET_COLUMN + 1)}

_TOKEN = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    rb'(?: ?/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
    rb'|<row r="([0-9]+)"(?: spans="[0-9]+:[0-9]+")?( ?/)?>'
    rb"|</row>"
)
# What an XML parser refuses or rewrites in text: control characters and a carriage
# return (read as a line feed), U+FFFE and U+FFFF, "]]>". Looked for with bytes methods:
# one regular expression with these alternatives reads ~8 MB/s, a sixth of the rest.
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (0x9, 0xA))
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")
_REFERENCE = re.compile(rb"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));|&")
# The bytes are read as UTF-8, which an XML declaration may say they are not.
_UTF8 = re.compile(
    rb"(?:\xef\xbb\xbf)?(?!\s*<\?xml[^>]*encoding)|(?:\xef\xbb\xbf)?\s*<\?xml[^>]*"
    rb"encoding=[\"'](?i:utf-?8)[\"']"
)
# Bytes carried over between chunks beyond which a sheet is taken as not plain.
_MAX_CARRIED = 4 << 20
_NAMED = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}
_VALUE_TYPES = frozenset({b"n", b"s", b"b", b"d", b"e", b"str"})


class NotPlain(Exception):
    """The sheet is not in the plain shape: read it with the full parser."""


class DeclarationRefused(UnsafeWorkbook):
    """A worksheet part declares a DTD or entities; it is not parsed."""


def plain_rows(sheet: Any) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """(row number, [(column, value), ...]) as ``sheet_reader.present_rows`` gives them,
    or ``NotPlain`` at the first thing this reader does not take."""
    reader = _Plain(sheet)
    with sheet._get_source() as source:
        yield from reader.rows(source)


class _Plain:
    def __init__(self, sheet: Any) -> None:
        workbook = sheet.parent
        self.title = sheet.title
        self.shared = sheet._shared_strings
        self.epoch = workbook.epoch
        self.date_styles = workbook._date_formats
        self.timedelta_styles = workbook._timedelta_formats
        self.tail = b""

    def _read(self, source: Any) -> bytes:
        chunk = source.read(_CHUNK)
        if DECLARATION.search(self.tail + chunk):
            raise DeclarationRefused(
                f"sheet {self.title!r} declares a DTD or XML entities; refused"
            )
        self.tail = chunk[-16:]
        return chunk

    def rows(self, source: Any) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        buffer = b""
        while (start := buffer.find(b"<sheetData>")) < 0:
            chunk = self._read(source)
            if not chunk or len(buffer) > _MAX_PRELUDE:
                raise NotPlain
            buffer += chunk
        outside = XMLPullParser(events=("start", "end"))
        self._feed(outside, buffer[:start + len(b"<sheetData>")])
        last_start = None
        for event, element in outside.read_events():
            if event == "end" and element.tag == _ROW_TAG:
                raise NotPlain
            if event == "start":
                last_start = element.tag
        if last_start != _SHEET_DATA or not _UTF8.match(buffer):
            raise NotPlain
        buffer = buffer[start + len(b"<sheetData>"):]
        previous_row = 0
        cells: list[tuple[int, object]] | None = None
        row_text = b""
        previous_column = 0
        ended = False
        while not ended:
            chunk = self._read(source)
            buffer += chunk
            end = buffer.find(b"</sheetData>")
            if end >= 0:
                cut, ended = end, True
            elif not chunk:
                raise NotPlain  # the rows never end
            else:
                cut = buffer.rfind(b">") + 1
            if not _plain_text(buffer[:cut]):
                raise NotPlain
            position = 0
            for token in _TOKEN.finditer(buffer, 0, cut):
                if token.start() != position:
                    raise NotPlain
                position = token.end()
                letters = token[1]
                if letters is not None:
                    if cells is None or token[2] != row_text:
                        raise NotPlain
                    column = _COLUMNS.get(letters, 0)
                    if column <= previous_column:
                        raise NotPlain
                    previous_column = column
                    cells.append((column, self._value(token)))
                elif token[7] is not None:
                    if cells is not None:
                        raise NotPlain
                    number = int(token[7])
                    if not previous_row < number <= MAX_SHEET_ROW:
                        raise NotPlain
                    previous_row, row_text, previous_column = number, token[7], 0
                    if token[8]:
                        yield number, []
                    else:
                        cells = []
                else:
                    if cells is None:
                        raise NotPlain
                    yield previous_row, cells
                    cells = None
            if ended and (position != cut or cells is not None):
                raise NotPlain
            buffer = buffer[position:]
            if len(buffer) > _MAX_CARRIED:
                raise NotPlain
        rest = [buffer]
        while chunk := self._read(source):
            rest.append(chunk)
        self._feed(outside, b"".join(rest))
        try:
            outside.close()
        except ParseError:
            raise NotPlain from None
        if any(e.tag == _ROW_TAG for _event, e in outside.read_events()):
            raise NotPlain

    @staticmethod
    def _feed(parser: XMLPullParser, data: bytes) -> None:
        try:
            parser.feed(data)
        except ParseError:
            raise NotPlain from None

    def _value(self, token: re.Match[bytes]) -> object:
        kind = token[4] or b"n"
        value, inline = token[5], token[6]
        try:
            if inline is not None:
                if kind != b"inlineStr":
                    raise NotPlain
                return _text(inline)
            if not value:
                if kind != b"inlineStr" and kind not in _VALUE_TYPES:
                    raise NotPlain
                return None
            if kind == b"n":
                number = float(value) if b"." in value or b"E" in value or b"e" in value \
                    else int(value)
                style = token[3]
                if style is not None and int(style) in self.date_styles:
                    return from_excel(number, self.epoch,
                                      timedelta=int(style) in self.timedelta_styles)
                return number
            if kind == b"s":
                return self.shared[int(value)]
            if kind == b"b":
                return bool(int(value))
            if kind == b"d":
                return from_ISO8601(_text(value))
            if kind in _VALUE_TYPES:
                return _text(value)
        except (ValueError, IndexError, KeyError, TypeError, OverflowError):
            # The full parser names the cell that cannot be read.
            raise NotPlain from None
        raise NotPlain


def _plain_text(data: bytes) -> bool:
    return (
        len(data.translate(None, _CONTROL_BYTES)) == len(data)
        and b"]]>" not in data
        and not (b"\xef\xbf" in data and _NONCHARACTER.search(data))
    )


def _text(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotPlain from None
    if "&" not in text:
        return text
    return _REFERENCE.sub(_resolved, raw).decode("utf-8")  # type: ignore[arg-type]


def _resolved(found: re.Match[bytes]) -> bytes:
    named, decimal, hexadecimal = found.groups()
    if named is not None:
        return _NAMED[named].encode()
    if decimal is None and hexadecimal is None:
        raise NotPlain  # a bare "&" or an entity of its own: the full parser refuses it
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if not (code in (0x9, 0xA) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        # Carriage return (0xD) as a reference is kept by XML, but rare: the full parser.
        raise NotPlain
    return chr(code).encode("utf-8")
