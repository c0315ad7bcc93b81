"""Open questions: unresolved as of the meeting, owner, due date (overdue marked)."""

from __future__ import annotations

from openpyxl.styles import Font, PatternFill
from openpyxl.workbook import Workbook

from coalition_desk.domain.enums import QuestionStatus
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    put_row,
    start_sheet,
)

TITLE_TEXT = "Open questions"
DESCRIPTION = "Questions open as of the meeting: owner, due date (overdue marked), raised at"
HEADERS = ("Question", "Issue", "Owner", "Due", "Overdue", "Status", "Raised at")
WIDTHS = (60, 22, 22, 12, 10, 12, 36)
OVERDUE_FILL = PatternFill("solid", fgColor="F8D0D0")


def write(workbook: Workbook, context: PackContext) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=(
        f"Unresolved on {context.last_day.isoformat()}; overdue means due before that day."
    ))
    row = HEADER_ROW + 1
    if not context.open_questions:
        empty_line(sheet, row, "No open questions as of this meeting.")
        return
    bold = Font(bold=True, color="9C0006")
    for question in context.open_questions:
        put_row(sheet, row, (
            question.text,
            question.issue_name,
            question.owner_label,
            question.due_date.isoformat() if question.due_date else "",
            "OVERDUE" if question.overdue else "",
            QuestionStatus(question.status).label,
            question.raised_at_label,
        ), WIDTHS, wrapped=(1, 2, 3, 7))
        if question.overdue:
            for column in (4, 5):
                sheet.cell(row, column).fill = OVERDUE_FILL
                sheet.cell(row, column).font = bold
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)
