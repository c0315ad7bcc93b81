"""Positions: nations × issues, each nation's latest stance as of the meeting, coloured.

The colours are the timeline's (``charts.colours``), paled so the text stays readable;
each cell's comment carries the quote, the speaker and the source behind the stance.
"""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from coalition_desk.domain.views import PositionView
from coalition_desk.domain.wording import plural
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    LINE_HEIGHT,
    empty_line,
    finish_table,
    line_count,
    note_line,
    put,
    set_row_height,
    stance_fill,
    start_sheet,
    writable,
)
from coalition_desk.reports.styles import NOTE, TITLE, WRAPPED

TITLE_TEXT = "Positions"
DESCRIPTION = "Each nation's latest stance on each issue as of the meeting (quotes in comments)"
STALE_MARK = " †"
NO_STANCE_TEXT = "No stance taken"
ISSUE_WIDTH = 20
STALE_FONT = Font(italic=True)


def write(workbook: Workbook, context: PackContext) -> None:
    issues = context.issues
    headers = ("Nation", "Attending", *(issue.name for issue in issues))
    widths = (28, 10, *(ISSUE_WIDTH for _ in issues))
    shown = plural(len(context.nations), "nation")
    rows = ("every nation in the register" if not context.narrowed
            else f"the {shown} attending" if context.detail.attendance
            else f"the {shown} with recorded positions")
    sheet = start_sheet(workbook, context, TITLE_TEXT, headers, widths, note=(
        f"Latest recorded stance up to {context.last_day.isoformat()}, for {rows}. "
        f"Hover a cell for the quote and source. {NO_STANCE_TEXT} = only statements that "
        f"take no stance; blank = nothing recorded. {STALE_MARK.strip()} = not reconfirmed "
        f"within {context.stale_days} days. Colours: legend below."
    ))
    by_cell = {(v.nation_uuid, v.issue_uuid): v
               for v in (*context.no_stance_statements, *context.stances)}
    attending = {a.nation_uuid for a in context.detail.attendance}
    nations = context.nations
    row = HEADER_ROW + 1
    if not nations:
        empty_line(sheet, row, "No positions recorded up to this meeting.")
        return
    for nation in nations:
        put(sheet, row, 1, nation.name)
        put(sheet, row, 2, "yes" if nation.uuid in attending else "")
        lines = 1
        for column, issue in enumerate(issues, start=3):
            view = by_cell.get((nation.uuid, issue.uuid))
            if view is None:
                continue
            if view.stance is None:
                text, font = NO_STANCE_TEXT, None
            else:
                text = view.stance + (STALE_MARK if view.stale else "")
                font = STALE_FONT if view.stale else None
            cell = put(sheet, row, column, text, WRAPPED, fill=stance_fill(view.stance, issue),
                       font=font)
            lines = max(lines, line_count(text, ISSUE_WIDTH))
            cell.comment = _comment(view)
            cell.comment.text = writable(sheet, f"{cell.coordinate} (comment)",
                                         cell.comment.text)
        if lines > 1:
            set_row_height(sheet, row, lines * LINE_HEIGHT)
        row += 1
    finish_table(sheet, len(headers), row - 1)
    if context.other_nations_on_record:
        others = context.other_nations_on_record
        row = note_line(sheet, row, f"{plural(others, 'nation')} not attending "
                        f"{'has' if others == 1 else 'have'} recorded positions too; the "
                        "register has them.", widths)
    _legend(sheet, row + 1, context)


def _comment(view: PositionView) -> Comment:
    parts = [f"{view.nation_name} on {view.issue_name}, {view.as_of.isoformat()}:"
             f" {view.stance or 'no stance'}"]
    if view.quote:
        parts.append(f"“{view.quote}”")
    elif view.summary:
        parts.append(view.summary)
    if view.speaker_name:
        parts.append(f"Speaker: {view.speaker_name}")
    if view.source:
        parts.append(f"Source: {view.source}")
    if view.stale:
        parts.append(f"Stale: last confirmed {(view.last_confirmed or view.as_of).isoformat()}")
    text = "\n".join(parts)
    comment = Comment(text, "Coalition Desk")
    comment.width = 320
    comment.height = 40 + 16 * (len(text) // 45 + len(parts))
    return comment


def _legend(sheet: object, row: int, context: PackContext) -> None:
    put(sheet, row, 1, "Legend", TITLE)  # type: ignore[arg-type]
    row += 1
    for issue in context.issues:
        put(sheet, row, 1, issue.name, WRAPPED)  # type: ignore[arg-type]
        put(sheet, row, 2, "options" if issue.kind == "options" else "scale →",  # type: ignore[arg-type]
            NOTE)
        lines = line_count(issue.name, 28)
        for column, stance in enumerate(issue.stances, start=3):
            put(sheet, row, column, stance, WRAPPED, fill=stance_fill(stance, issue))  # type: ignore[arg-type]
            lines = max(lines, line_count(stance, ISSUE_WIDTH))
        set_row_height(sheet, row, lines * LINE_HEIGHT)  # type: ignore[arg-type]
        row += 1
    put(sheet, row, 1, NO_STANCE_TEXT, WRAPPED, fill=stance_fill(None, None))  # type: ignore[arg-type]
    put(sheet, row, 2, "blank: nothing recorded", NOTE)  # type: ignore[arg-type]
