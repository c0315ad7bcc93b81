"""Changes: what moved since the previous meeting."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    put_row,
    start_sheet,
)

TITLE_TEXT = "Changes"
DESCRIPTION = "Stances that moved since the previous meeting, with the words behind them"
HEADERS = ("Nation", "Issue", "From", "To", "Before (as of)", "Now (as of)", "Quote")
WIDTHS = (22, 24, 18, 18, 13, 13, 70)


def write(workbook: Workbook, context: PackContext) -> None:
    since = (
        f"since {context.previous.meeting.title} ({context.previous.meeting.date_label})"
        if context.previous else "(no earlier meeting: every recorded stance counts as new)"
    )
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS,
                        note=f"Stances that changed {since}.")
    row = HEADER_ROW + 1
    if not context.changes:
        empty_line(sheet, row, "No stance moved since the previous meeting.")
        return
    for change in context.changes:
        put_row(sheet, row, (
            change.nation_name,
            change.issue_name,
            change.before or "(none recorded)",
            change.after or "no stance",
            change.before_date.isoformat() if change.before_date else "",
            change.after_date.isoformat(),
            change.quote,
        ), WIDTHS, wrapped=(2, 7))
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)
