"""Keeping workbooks inert: what we write can't run, what we read is checked first.

Writing: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is what spreadsheet programs may take for a formula. Such text is written as a
string cell (never a formula: openpyxl would otherwise store "=..." as one) with the
"quote prefix" flag that Excel and LibreOffice set when a user types a leading
apostrophe, so it stays text even when someone edits the cell. The characters of the
text are stored unchanged, so an export re-imports exactly.

Error values: openpyxl writes a text equal to one of Excel's error values ("#N/A",
"#DIV/0!"...) as an error cell, so an officer's "#N/A" for "not available" would come
out as Excel's #N/A. Such text is written as a string cell with the quote prefix too.

Carriage returns: XML turns a raw CR into a line feed on reading, so text holding one
(anything pasted from Windows) is written with the Office escape ``_x000D_``, and a
literal ``_xHHHH_`` in the text has its underscore escaped as ``_x005F_``, as Excel
does; reading undoes both, so such text round-trips exactly.

Reading: before openpyxl parses anything, the file is checked as a zip archive — entry
count, declared sizes of each part and of all together, compression ratio (zip bombs),
DTDs (XML entity attacks) and formula elements in worksheets — quickly and in bounded
memory.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

RISKY_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's error values, which openpyxl writes as error cells (openpyxl.cell.cell.ERROR_CODES).
ERROR_TEXTS = frozenset(ERROR_CODES)

_MB = 1024 * 1024
MAX_FILE_BYTES = 400 * _MB
MAX_ENTRIES = 2_000
# Unpacked sizes, as the archive declares them (Python's zipfile reads no further than
# the declared size, and a part that holds more fails its CRC check). An export of the
# largest register measured (200,000 positions) unpacks to 260 MB, its Positions sheet
# 210 MB; a register twice that size is refused rather than left to exhaust memory.
MAX_TOTAL_UNCOMPRESSED = 640 * _MB
MAX_PART_UNCOMPRESSED = 448 * _MB
# openpyxl keeps every shared string in memory at once (a workbook saved by Excel or
# LibreOffice has them; our exports have none). The count is checked as they are read.
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
MAX_SHARED_STRINGS_UNCOMPRESSED = 160 * _MB
MAX_SHARED_STRINGS = 2_000_000
# Worksheet XML compresses 10-30x; a zip bomb compresses a thousandfold or more.
MAX_RATIO = 250
RATIO_APPLIES_FROM = 8 * _MB
MAX_ROWS_PER_SHEET = 1_000_000
MAX_COLUMNS = 200
# Excel's own limit for one cell.
MAX_CELL_CHARACTERS = 32_767

_SCAN_CHUNK = 1 << 20
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# Lookahead, so that in "_x005F_x000D_" the underscore ending one escape can start the next.
_OFFICE_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_OFFICE_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def encode_text(text: str) -> str:
    """Text as stored in a cell: CR and literal escapes protected (see above)."""
    if "_x" in text:
        text = _OFFICE_ESCAPE.sub("_x005F_", text)
    if "\r" in text:
        text = text.replace("\r", "_x000D_")
    return text


def decode_text(text: str) -> str:
    if "_x" not in text:
        return text
    return _OFFICE_ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


class UnsafeWorkbook(ValueError):
    """The file is refused before parsing; the message says why, for the user."""


def needs_protection(text: str) -> bool:
    """True for text a spreadsheet program would take for a formula or an error value."""
    return text.startswith(RISKY_FIRST_CHARACTERS) or text in ERROR_TEXTS


def inert_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """A write-only cell that holds ``text`` verbatim as text, whatever it starts with."""
    cell = WriteOnlyCell(sheet, value=None)
    cell._value = text
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def make_inert(cell: object, text: str) -> None:
    """The same for a cell of an ordinary (not write-only) worksheet."""
    cell._value = text  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]
    cell.quotePrefix = True  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ScanResult:
    # Worksheet part names holding at least one formula element.
    sheets_with_formulas: tuple[str, ...]
    uncompressed_bytes: int


def check_workbook_file(path: Path) -> ScanResult:
    """Refuse a file that is not a sane .xlsx workbook, without parsing its cells."""
    if not path.exists():
        raise UnsafeWorkbook(f"{path} does not exist.")
    if path.is_dir():
        raise UnsafeWorkbook(f"{path} is a folder, not a workbook.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnsafeWorkbook(
            f"{path.name} is {size / 2**20:,.0f} MB; workbooks over "
            f"{MAX_FILE_BYTES / 2**20:,.0f} MB are refused."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_HEADER:
        raise UnsafeWorkbook(
            f"{path.name} is an old-style .xls file; save it as an Excel workbook (.xlsx)."
        )
    if not zipfile.is_zipfile(path):
        raise UnsafeWorkbook(f"{path.name} is not an Excel workbook (.xlsx): not a zip archive.")
    try:
        with zipfile.ZipFile(path) as archive:
            return _scan(path, archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise UnsafeWorkbook(f"{path.name} is damaged: {error}") from None


def _scan(path: Path, archive: zipfile.ZipFile) -> ScanResult:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnsafeWorkbook(f"{path.name} holds {len(entries):,} parts; refused as unsafe.")
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise UnsafeWorkbook(
            f"{path.name} is a zip archive but not an Excel workbook (.xlsx)."
        )
    for entry in entries:
        limit = (
            MAX_SHARED_STRINGS_UNCOMPRESSED
            if entry.filename.lower() == SHARED_STRINGS_PART.lower()
            else MAX_PART_UNCOMPRESSED
        )
        if entry.file_size > limit:
            raise UnsafeWorkbook(
                f"{path.name}: part {entry.filename} would unpack to "
                f"{entry.file_size / _MB:,.0f} MB; such parts over {limit / _MB:,.0f} MB "
                "are refused (a zip bomb, or a register larger than one import takes: "
                "split it)."
            )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafeWorkbook(
            f"{path.name} would unpack to {total / _MB:,.0f} MB; workbooks unpacking to "
            f"over {MAX_TOTAL_UNCOMPRESSED / _MB:,.0f} MB are refused (a zip bomb, or a "
            "register larger than one import takes: split it)."
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_APPLIES_FROM and ratio > MAX_RATIO:
            raise UnsafeWorkbook(
                f"{path.name}: part {entry.filename} is compressed {ratio:,.0f} to 1; "
                "refused as a zip bomb."
            )
    with_formulas = []
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet = entry.filename.startswith("xl/worksheets/")
        dtd, formula = _scan_entry(archive, entry, look_for_formulas=is_sheet)
        if dtd:
            raise UnsafeWorkbook(
                f"{path.name}: part {entry.filename} declares a DTD or XML entities; "
                "refused (XML entity attacks)."
            )
        if formula:
            with_formulas.append(entry.filename)
    return ScanResult(tuple(with_formulas), total)


def _scan_entry(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, look_for_formulas: bool
) -> tuple[bool, bool]:
    found_formula = False
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(_SCAN_CHUNK):
            window = tail + chunk
            if _DTD.search(window):
                return True, found_formula
            if look_for_formulas and not found_formula and _FORMULA_ELEMENT.search(window):
                found_formula = True
            tail = window[-32:]
    return False, found_formula
