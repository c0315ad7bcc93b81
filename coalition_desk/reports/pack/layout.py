"""The frame every pack sheet shares: title rows, header row, print setup, row heights."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from copy import copy
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from coalition_desk.charts.colours import stance_colour, tint
from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import CONTROL_CHARACTERS, visible_control_characters
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.safety import MAX_CELL_CHARACTERS, make_inert, needs_protection
from coalition_desk.reports.styles import (
    BODY,
    HEADER,
    NOTE,
    TITLE,
    WRAPPED,
    landscape_fit_to_width,
    mark_pages,
)

HEADER_ROW = 3
LINE_HEIGHT = 15.0
MAX_ROW = 1_048_576
DEFAULT_WIDTH = 13.0


def start_sheet(  # noqa: PLR0917 - the frame's parts, in reading order
    workbook: Workbook,
    context: PackContext,
    title: str,
    headers: Sequence[str] = (),
    widths: Sequence[float] = (),
    note: str = "",
) -> Worksheet:
    """A sheet with the title in row 1, a note in row 2 and column headers in row 3."""
    sheet = workbook.create_sheet(title)
    put(sheet, 1, 1, f"{title}: {context.heading}", TITLE)
    sheet.row_dimensions[1].height = 22
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if note:
        note_line(sheet, 2, note, widths)
    lines = 1
    for index, header in enumerate(headers, start=1):
        put(sheet, HEADER_ROW, index, header, HEADER)
        width = widths[index - 1] if index <= len(widths) else DEFAULT_WIDTH
        lines = max(lines, header_lines(header, width))
    if lines > 1:
        set_row_height(sheet, HEADER_ROW, lines * LINE_HEIGHT)
    if headers:
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
        landscape_fit_to_width(sheet, f"1:{HEADER_ROW}")
    else:
        landscape_fit_to_width(sheet, "1:1")
    mark_pages(sheet, context.marking, title)
    return sheet


def put(  # noqa: PLR0917 - a cell's place, value and look
    sheet: Worksheet,
    row: int,
    column: int,
    value: object,
    style: str = BODY,
    fill: str | None = None,
    font: Font | None = None,
    align: Alignment | None = None,
) -> Cell:
    """Set one cell; text that a spreadsheet could take for a formula stays text.

    ``fill`` is a solid background colour ("RRGGBB"); ``font`` and ``align`` replace the
    style's.
    """
    look = _look(sheet, (style, fill, font, align))
    if type(value) is str and CONTROL_CHARACTERS.search(value) is not None:
        value = writable(sheet, f"{get_column_letter(column)}{row}", value)
    cell = _plain_cell(sheet, row, column, look, value)
    if cell is not None:
        return cell
    cell = sheet.cell(row, column)
    cell._style = StyleArray(look)
    if isinstance(value, str):
        value = writable(sheet, cell.coordinate, value)
    if isinstance(value, str) and needs_protection(value):
        make_inert(cell, value)  # after the look: its quote prefix is part of the style
    else:
        cell.value = value
    return cell


def _plain_cell(
    sheet: Worksheet, row: int, column: int, look: StyleArray, value: object
) -> Cell | None:
    """The cell set to plain text, a number or nothing as ``cell.value = value`` sets it.

    Most of a pack's cells are such; for them openpyxl's ``sheet.cell`` and the value's
    type inference and string checks are skipped (their outcome is known: ``put`` has
    already made control characters visible, and text a spreadsheet could take for a
    formula or an error is left to the slow way). None for any other cell or value.
    """
    kind = type(value)
    if kind is str:
        if len(value) > MAX_CELL_CHARACTERS or needs_protection(value):  # type: ignore[arg-type]
            return None
        data_type = "s"
    elif kind is int or kind is float or value is None:
        data_type = "n"
    else:
        return None
    if not (0 < row <= MAX_ROW and column > 0):
        return None
    cells = sheet._cells
    cell = cells.get((row, column))
    if cell is None:
        cell = cells[row, column] = Cell(sheet, row, column, style_array=look)
        sheet._current_row = max(sheet._current_row, row)
    elif type(cell) is Cell:
        cell._style = StyleArray(look)
    else:
        return None
    cell._value = value
    cell.data_type = data_type
    return cell


# Per workbook, the cells ("Sheet!B7") whose control characters put() made visible.
_REPLACED: WeakKeyDictionary[Workbook, list[str]] = WeakKeyDictionary()


def replaced_cells(workbook: Workbook) -> list[str]:
    return list(_REPLACED.get(workbook, ()))


def writable(sheet: Worksheet, place: str, text: str) -> str:
    """``text`` as a workbook can hold it, its place noted when that changed it.

    Text from an older database may hold control characters, which no workbook can:
    they are shown as [U+0001] and listed on the cover, rather than a pack that fails
    to write.
    """
    if CONTROL_CHARACTERS.search(text) is None:
        return text
    _REPLACED.setdefault(sheet.parent, []).append(f"{sheet.title}!{place}")
    return visible_control_characters(text)


# Per workbook, the style index array of each (named style, fill, font, alignment) used
# so far; fonts and alignments are keyed by identity (they are module constants): hashing
# one walks all its attributes, on every cell.
Look = tuple[str, str | None, Font | None, Alignment | None]
LookKey = tuple[str, str | None, int, int]
_LOOKS: WeakKeyDictionary[Workbook, dict[LookKey, tuple[StyleArray, Look]]] = (
    WeakKeyDictionary())


def _look(sheet: Worksheet, look: Look) -> StyleArray:
    """The style array for a look, worked out once per workbook.

    Setting ``cell.style`` by name searches the workbook's named styles, and setting
    ``cell.fill`` or ``cell.font`` hashes the object to find its index, on every cell;
    a pack sets thousands of cells to a handful of looks, so each look is resolved once
    on a cell outside the sheet and its indexes copied to the cells that share it.
    """
    looks = _LOOKS.get(sheet.parent)
    if looks is None:
        looks = _LOOKS[sheet.parent] = {}
    style, fill, font, align = look
    key = (style, fill, id(font), id(align))
    found = looks.get(key)
    if found is None:
        probe = Cell(sheet)
        probe.style = style
        if fill is not None:
            probe.fill = PatternFill("solid", fgColor=fill)
        if font is not None:
            probe.font = font
        if align is not None:
            probe.alignment = align
        # The look is kept with its indexes so the ids in its key stay taken.
        looks[key] = (probe._style, look)
        return probe._style
    return found[0]


def put_row(sheet: Worksheet, row: int, values: Sequence[object], widths: Sequence[float],
            wrapped: Sequence[int] = ()) -> None:
    """One table row; columns in ``wrapped`` wrap, and the row grows to fit them."""
    lines = 1
    for index, value in enumerate(values, start=1):
        wrap = index in wrapped
        put(sheet, row, index, value, WRAPPED if wrap else BODY)
        if wrap and isinstance(value, str):
            lines = max(lines, line_count(value, widths[index - 1]))
    if lines > 1:
        set_row_height(sheet, row, lines * LINE_HEIGHT)


def set_row_height(sheet: Worksheet, row: int, height: float) -> None:
    """``sheet.row_dimensions[row].height = height``, a new row's dimension made quicker."""
    dimension = _new_row_dimension(sheet, row, height)
    if dimension is None:
        sheet.row_dimensions[row].height = height
    else:
        dict.__setitem__(sheet.row_dimensions, row, dimension)


# A row dimension as openpyxl's constructor leaves it, the model for the copies below.
_ROW_MODEL = RowDimension(None, index=1, ht=1.0)


def _new_row_dimension(sheet: Worksheet, row: int, height: float) -> RowDimension | None:
    """The dimension ``RowDimension(sheet, index=row, ht=height)`` makes, or None when
    the row has one already or the height is not a float (openpyxl's way then).

    The constructor sets a dozen checked attributes, ~15 µs a row, and a pack gives
    ~1,300 rows a height: a copy of a dimension it made, with this row and height.
    """
    if type(height) is not float or row in sheet.row_dimensions:
        return None
    dimension = RowDimension.__new__(RowDimension)
    dimension.parent = sheet
    dimension._style = copy(_ROW_MODEL._style)
    dimension.__dict__.update(_ROW_MODEL.__dict__, index=row, ht=height)
    return dimension


def header_lines(text: str, width: float) -> int:
    """Lines a bold header takes in a column, wrapped at spaces as the spreadsheet does."""
    per_line = max(int(width * 0.95), 4)
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) <= per_line:
            used += 1 + len(word)
            continue
        if used:
            lines += 1
        lines += (len(word) - 1) // per_line
        used = (len(word) - 1) % per_line + 1
    return lines


def line_count(text: str, width: float) -> int:
    per_line = max(int(width * 1.1), 10)
    if "\n" not in text:  # most cells: one paragraph
        return max(1, math.ceil(len(text) / per_line))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def finish_table(sheet: Worksheet, columns: int, last_row: int) -> None:
    if last_row > HEADER_ROW:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(columns)}{last_row}"


def note_line(sheet: Worksheet, row: int, text: str, widths: Sequence[float] = ()) -> int:
    """A line of explanation across the table's width, wrapped, its row tall enough."""
    # As wide as the table, so no column is left without a header; six for a bare sheet.
    span = len(widths) or 6
    total = sum(widths) + DEFAULT_WIDTH * (span - len(widths))
    put(sheet, row, 1, text, NOTE)
    merge_line(sheet, row, 1, span)
    lines = line_count(text, total)
    if lines > 1:
        set_row_height(sheet, row, lines * LINE_HEIGHT)
    return row + 1


# Per workbook, by the first cell's look: the looks openpyxl's merge_cells leaves on the
# first, a middle and the last cell of a one-row range (with no other cell in it before).
MergedLooks = tuple[StyleArray, StyleArray, StyleArray]
_MERGED: WeakKeyDictionary[Workbook, dict[tuple[int, ...], MergedLooks]] = WeakKeyDictionary()


def merge_line(sheet: Worksheet, row: int, first: int, last: int) -> None:
    """Merge ``first``..``last`` of one row, leaving the cells as ``sheet.merge_cells`` does.

    openpyxl's merge gives every cell of the range the first cell's edges and protection,
    hashing a border and a protection per cell; the outcome depends only on the first
    cell's look, so it is learnt from openpyxl once per look and copied after that.
    """
    start = sheet._cells.get((row, first))
    others = range(first + 1, last + 1)
    untouched = (type(start) is Cell and last - first >= 2
                 and all((row, column) not in sheet._cells for column in others))
    learnt = _MERGED.setdefault(sheet.parent, {})
    key = tuple(start._style) if untouched else ()
    known = learnt.get(key) if untouched else None
    if known is None:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        if untouched:
            learnt[key] = (StyleArray(start._style),
                           StyleArray(sheet._cells[row, first + 1]._style),
                           StyleArray(sheet._cells[row, last]._style))
        return
    after, middle, end = known
    sheet.merged_cells.add(MergedCellRange(
        sheet, f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"))
    start._style = StyleArray(after)
    for column in others:
        cell = MergedCell(sheet, row, column)
        cell._style = StyleArray(end if column == last else middle)
        sheet._cells[row, column] = cell


def empty_line(sheet: Worksheet, row: int, text: str) -> int:
    widths = [sheet.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH
              for c in range(1, 7)]
    return note_line(sheet, row, text, widths)


def stance_fill(stance: str | None, issue: rec.Issue | None) -> str:
    """The pale stance colour ("RRGGBB") the matrix, its legend and the timeline share."""
    if issue is None:
        return _pale(None, (), "scale")
    return _pale(stance, issue.stances, issue.kind)


@functools.lru_cache(maxsize=1024)
def _pale(stance: str | None, stances: tuple[str, ...], kind: str) -> str:
    return tint(stance_colour(stance, stances, kind), 0.45).lstrip("#").upper()
