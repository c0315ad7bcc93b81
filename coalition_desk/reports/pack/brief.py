"""Brief: our objectives and points to make, and what happened at the previous meeting."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import LINE_HEIGHT, line_count, put, start_sheet
from coalition_desk.reports.styles import HEADER, NOTE, TITLE, WRAPPED

TITLE_TEXT = "Brief"
DESCRIPTION = "Our objectives, points to make, and background from the previous meeting"
WIDTHS = (24, 120)


def write(workbook: Workbook, context: PackContext) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, widths=WIDTHS)
    row = 3
    detail = context.detail
    for label, text in (
        ("Our objectives", detail.objectives),
        ("Points to make", detail.points_to_make),
    ):
        row = _block(sheet, row, label, text or "None recorded.")
    row += 1
    previous = context.previous
    put(sheet, row, 1, "Background: the previous meeting", TITLE)
    row += 1
    if previous is None:
        put(sheet, row, 1, "No earlier meeting is recorded.", NOTE)
        return
    row = _block(sheet, row, "Meeting",
                 f"{previous.meeting.title} — {previous.meeting.date_label}"
                 + (f", {previous.meeting.place}" if previous.meeting.place else ""))
    row = _block(sheet, row, "What happened", previous.summary or "No summary recorded.")
    said = [
        f"{s.nation_name} on {s.issue_name}: {s.stance or 'no stance taken'}"
        + (f" — “{s.quote}”" if s.quote else "")
        + (f" ({s.speaker_name})" if s.speaker_name else "")
        for s in previous.statements
    ]
    row = _block(sheet, row, "Statements made", "\n".join(said) or "None recorded.")
    raised = [
        f"{q.text}" + (f" (owner: {q.owner_label})" if q.owner_label else "")
        for q in previous.questions_raised
    ]
    _block(sheet, row, "Questions raised", "\n".join(raised) or "None recorded.")


def _block(sheet: object, row: int, label: str, text: str) -> int:
    put(sheet, row, 1, label, HEADER)  # type: ignore[arg-type]
    put(sheet, row, 2, text, WRAPPED)  # type: ignore[arg-type]
    lines = line_count(text, WIDTHS[1])
    sheet.row_dimensions[row].height = max(1, lines) * LINE_HEIGHT  # type: ignore[attr-defined]
    return row + 1
