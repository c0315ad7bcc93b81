"""Cover: what meeting, when and where, the marking, where the pack came from, contents."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from coalition_desk.domain.enums import MeetingFormat
from coalition_desk.domain.wording import plural
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    LINE_HEIGHT,
    line_count,
    note_line,
    put,
    set_row_height,
    start_sheet,
)
from coalition_desk.reports.styles import HEADER, TITLE, WRAPPED

TITLE_TEXT = "Cover"
DESCRIPTION_WIDTH = 100


def write(workbook: Workbook, context: PackContext, contents: list[tuple[str, str]]) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, widths=(26, DESCRIPTION_WIDTH))
    meeting = context.meeting
    put(sheet, 1, 1, f"Meeting pack: {meeting.title}", TITLE)
    put(sheet, 2, 1, context.marking, TITLE)
    facts = [
        ("Meeting", meeting.title),
        ("Date", meeting.date_label),
        ("Place", meeting.place or "not recorded"),
        ("Format", MeetingFormat(meeting.format).label if meeting.format else ""),
        ("Chair / host", meeting.chair or "not recorded"),
        ("Protective marking", context.marking),
        ("Produced", context.produced_at.strftime("%Y-%m-%d %H:%M")),
        ("From database", context.source),
    ]
    row = 4
    for label, value in facts:
        put(sheet, row, 1, label, HEADER)
        put(sheet, row, 2, value, WRAPPED)
        row += 1
    row += 1
    put(sheet, row, 1, "Contents", TITLE)
    row += 1
    for title, description in contents:
        cell = put(sheet, row, 1, title)
        cell.hyperlink = f"#'{title}'!A1"
        put(sheet, row, 2, description, WRAPPED)
        lines = line_count(description, DESCRIPTION_WIDTH)
        if lines > 1:
            set_row_height(sheet, row, lines * LINE_HEIGHT)
        row += 1
    row += 1
    note_line(sheet, row, "Stances are as recorded up to the meeting date; positions not "
              f"reconfirmed within {context.stale_days} days are marked stale.",
              (26, DESCRIPTION_WIDTH))


def note_replaced(workbook: Workbook, places: list[str]) -> None:
    """Say on the cover which cells had control characters written as [U+XXXX]."""
    sheet = workbook[TITLE_TEXT]
    places = list(dict.fromkeys(places))  # a cell written twice is one place
    shown = ", ".join(places[:20]) + (f" and {len(places) - 20:,} more" if len(places) > 20 else "")
    note_line(sheet, sheet.max_row + 2,
              f"{plural(len(places), 'cell')} held invisible control characters, which no workbook "
              f"can hold; each is shown as [U+XXXX] (its code): {shown}.",
              (26, DESCRIPTION_WIDTH))
