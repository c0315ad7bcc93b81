"""Changes / what moved: every stance that moved since the previous meeting, and why.

One sheet answers both the meeting pack's "Changes" and the analysis's "What moved"
(issue 8): the rows are ``services.analysis.outlook.what_moved`` between the previous meeting
and this one, each with the quote behind the new stance and the one it replaced. The
sheet keeps the name "Changes" so links and habits built on it still work.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook

from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    put,
    put_row,
    start_sheet,
)
from coalition_desk.reports.styles import TITLE

TITLE_TEXT = "Changes"
HEADING = "Changes / what moved"
DESCRIPTION = (
    "Changes / what moved: every stance of the nations on the Positions sheet that moved "
    "since the last meeting, quotes before and after"
)
HEADERS = ("Nation", "Issue", "From", "To", "Shift", "Before (as of)", "Now (as of)",
           "Quote now", "Quote before", "Said at / source")
WIDTHS = (20, 22, 17, 17, 7, 12, 12, 52, 40, 28)
SHIFT_COLUMN = 5
SHIFT_FORMAT = "+0;-0;0"


def write(workbook: Workbook, context: PackContext) -> None:
    since = (
        f"since {context.previous.meeting.title} ({context.previous.meeting.date_label})"
        if context.previous else "(no earlier meeting: every recorded stance counts as new)"
    )
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=(
        f"Stances of the nations on the Positions sheet that changed {since}, oldest move "
        "first. Shift: points along the issue's 0-100 scale towards its favourable end "
        "(blank for options and first stances)."
    ))
    put(sheet, 1, 1, f"{HEADING}: {context.heading}", TITLE)
    row = HEADER_ROW + 1
    if not context.moved:
        empty_line(sheet, row, "No stance moved since the previous meeting.")
        return
    for move in context.moved:
        # Most moves are stated at this very meeting; its long title would only repeat.
        meeting = "this meeting" if move.meeting_title == context.meeting.title else (
            move.meeting_title)
        said_at = " / ".join(part for part in (meeting, move.source) if part)
        put_row(sheet, row, (
            move.nation_name,
            move.issue_name,
            move.before or "(none recorded)",
            move.after or "no stance",
            round(move.shift) if move.shift is not None else None,
            move.before_date.isoformat() if move.before_date else "",
            move.after_date.isoformat(),
            move.after_quote,
            move.before_quote,
            said_at,
        ), WIDTHS, wrapped=(2, 3, 4, 8, 9, 10))
        sheet.cell(row, SHIFT_COLUMN).number_format = SHIFT_FORMAT
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)
