"""Quotes: the words behind each stance on the Positions sheet, with who said them.

The Positions matrix carries these in cell comments, which a screen shows on hover and
no printer prints: an officer reading the pack on paper finds them here.
"""

from __future__ import annotations

from openpyxl.workbook import Workbook

from coalition_desk.domain.views import PositionView
from coalition_desk.domain.wording import name_key
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    put,
    put_row,
    stance_fill,
    start_sheet,
)
from coalition_desk.reports.styles import WRAPPED

TITLE_TEXT = "Quotes"
DESCRIPTION = ("The quote (or summary), speaker and source behind each stance on the "
               "Positions sheet, printable")
HEADERS = ("Nation", "Issue", "Stance", "As of", "Quote or summary", "Speaker", "Source")
WIDTHS = (22, 22, 24, 11, 70, 24, 36)
STANCE_COLUMN = 3
NO_STANCE_TEXT = "No stance taken"


def write(workbook: Workbook, context: PackContext) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=(
        f"Each stance on the Positions sheet as recorded up to {context.last_day.isoformat()}: "
        "what was said, by whom, and where it was reported. By nation, then issue."
    ))
    row = HEADER_ROW + 1
    views = _views(context)
    if not views:
        empty_line(sheet, row, "No positions recorded up to this meeting.")
        return
    issues = {issue.uuid: issue for issue in context.issues}
    for view in views:
        said = f"“{view.quote}”" if view.quote else view.summary
        put_row(sheet, row, (
            view.nation_name,
            view.issue_name,
            view.stance or NO_STANCE_TEXT,
            view.as_of.isoformat(),
            said,
            view.speaker_name,
            view.source,
        ), WIDTHS, wrapped=(1, 2, 3, 5, 6, 7))
        put(sheet, row, STANCE_COLUMN, view.stance or NO_STANCE_TEXT, WRAPPED,
            fill=stance_fill(view.stance, issues.get(view.issue_uuid)))
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)


def _views(context: PackContext) -> list[PositionView]:
    """The Positions sheet's cells, in its order: its nations, then issue by issue."""
    shown = {nation.uuid for nation in context.nations}
    cells = {(v.nation_uuid, v.issue_uuid): v
             for v in (*context.no_stance_statements, *context.stances)
             if v.nation_uuid in shown}
    return sorted(cells.values(),
                  key=lambda v: (name_key(v.nation_name), name_key(v.issue_name)))
