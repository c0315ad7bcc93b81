"""The frame every pack sheet shares: title rows, header row, print setup, row heights."""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.safety import make_inert, needs_protection
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
    for index, header in enumerate(headers, start=1):
        put(sheet, HEADER_ROW, index, header, HEADER)
    if headers:
        sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
        landscape_fit_to_width(sheet, f"1:{HEADER_ROW}")
    else:
        landscape_fit_to_width(sheet, "1:1")
    mark_pages(sheet, context.marking, title)
    return sheet


def put(sheet: Worksheet, row: int, column: int, value: object, style: str = BODY) -> object:
    """Set one cell; text that a spreadsheet could take for a formula stays text."""
    cell = sheet.cell(row, column)
    if isinstance(value, str) and needs_protection(value):
        make_inert(cell, value)
    else:
        cell.value = value
    cell.style = style
    return cell


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
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT


def line_count(text: str, width: float) -> int:
    per_line = max(int(width * 1.1), 10)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def finish_table(sheet: Worksheet, columns: int, last_row: int) -> None:
    if last_row > HEADER_ROW:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(columns)}{last_row}"


def note_line(sheet: Worksheet, row: int, text: str, widths: Sequence[float] = ()) -> int:
    """A line of explanation across the table's width, wrapped, its row tall enough."""
    span = max(len(widths), 6)
    total = sum(widths) + DEFAULT_WIDTH * (span - len(widths))
    put(sheet, row, 1, text, NOTE)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
    lines = line_count(text, total)
    if lines > 1:
        sheet.row_dimensions[row].height = lines * LINE_HEIGHT
    return row + 1


def empty_line(sheet: Worksheet, row: int, text: str) -> int:
    widths = [sheet.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH
              for c in range(1, 7)]
    return note_line(sheet, row, text, widths)
