"""Open questions: unresolved as of the meeting, owner, due date (overdue marked)."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from coalition_desk.domain.enums import QuestionStatus
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    LINE_HEIGHT,
    empty_line,
    finish_table,
    line_count,
    note_line,
    put,
    put_row,
    start_sheet,
)
from coalition_desk.reports.styles import HEADER, TITLE

TITLE_TEXT = "Open questions"
DESCRIPTION = ("Questions open as of the meeting: owner, due date (overdue marked), raised "
               "at; then those resolved at the meeting, with their answers")
HEADERS = ("Question", "Issue", "Owner", "Due", "Overdue", "Status", "Raised at")
WIDTHS = (60, 22, 22, 12, 10, 12, 36)
OVERDUE_FILL = "F8D0D0"
OVERDUE_FONT = Font(bold=True, color="9C0006")


def describe(context: PackContext) -> str:
    """The cover's line: which questions, when the register is too big for all of them."""
    if not context.narrowed:
        return DESCRIPTION
    return (f"Open questions owed by {context.shown_nations}, or raised at this meeting: "
            "owner, due date (overdue marked), raised at; then those resolved at the meeting")


def write(workbook: Workbook, context: PackContext) -> None:
    note = f"Unresolved on {context.last_day.isoformat()}; overdue means due before that day."
    if context.narrowed:
        note += (f" Owed by {context.shown_nations} (the owner, or the owner's nation), or "
                 f"raised or resolved at this meeting; {_left_out(context)}")
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=note)
    row = HEADER_ROW + 1
    if not context.open_questions:
        row = empty_line(sheet, row, "No open questions as of this meeting.")
        if context.narrowed:
            row = note_line(sheet, row, _left_out(context), WIDTHS)
        _resolved(sheet, row + 1, context)
        return
    for question in context.open_questions:
        put_row(sheet, row, (
            question.text,
            question.issue_name,
            question.owner_label,
            question.due_date.isoformat() if question.due_date else "",
            "OVERDUE" if question.overdue else "",
            QuestionStatus(question.status).label,
            # The meeting's dates as the window shows them: a span for a two-day visit.
            question.raised_at_label,
        ), WIDTHS, wrapped=(1, 2, 3, 7))
        if question.overdue:
            for column in (4, 5):
                put(sheet, row, column, sheet.cell(row, column).value, fill=OVERDUE_FILL,
                    font=OVERDUE_FONT)
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)
    if context.narrowed:
        row = note_line(sheet, row + 1, _left_out(context), WIDTHS)
    _resolved(sheet, row + 1, context)


RESOLVED_TITLE = "Resolved at this meeting"
RESOLVED_HEADERS = ("Question", "Issue", "Owner", "Answer", "", "Status", "Raised at")


def _resolved(sheet: Worksheet, row: int, context: PackContext) -> None:
    """The questions this meeting answered or dropped, with what the answer was."""
    put(sheet, row, 1, RESOLVED_TITLE, TITLE)
    row += 1
    resolved = context.detail.questions_resolved
    if not resolved:
        empty_line(sheet, row, "No question was resolved at this meeting.")
        return
    for column, header in enumerate(RESOLVED_HEADERS, start=1):
        if header:
            put(sheet, row, column, header, HEADER)
    sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)
    row += 1
    for question in resolved:
        put_row(sheet, row, (
            question.text,
            question.issue_name,
            question.owner_label,
            question.answer or "(no answer recorded: resolved at this meeting)",
            None,
            QuestionStatus(question.status).label,
            question.raised_at_label,
        ), WIDTHS, wrapped=(1, 2, 3, 4, 7))
        answer_lines = line_count(question.answer, WIDTHS[3] + WIDTHS[4])
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)
        height = sheet.row_dimensions[row].height or LINE_HEIGHT
        sheet.row_dimensions[row].height = max(height, answer_lines * LINE_HEIGHT,
                                               line_count(question.text, WIDTHS[0]) * LINE_HEIGHT)
        row += 1


def _left_out(context: PackContext) -> str:
    """How many were left out; starts with the count, so it also opens a line."""
    count = context.questions_left_out
    return (f"{count:,} open question{'s' if count != 1 else ''} owed by other nations "
            f"{'are' if count != 1 else 'is'} left out; the full register export has them all.")
