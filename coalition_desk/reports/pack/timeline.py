"""Timeline: how each nation's stance on each issue moved, week by week, up to the meeting.

A grid the spreadsheet draws itself rather than a picture: one row (lane) per nation
and issue with a statement in the last ``TIMELINE_DAYS``, one narrow column per week
ending on the meeting's last day, a dot in the week of each statement coloured as on
the Positions sheet, and the stance held now at the end of the lane. On paper it reads
without hovering (the old picture put every issue on one line per nation and needed a
mouse to say which dot was which issue), it filters and sorts like the other sheets,
and it costs no chart rendering: the pack stays quick at 200,000 positions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook

from coalition_desk.domain.views import PositionView
from coalition_desk.domain.wording import name_key, plural
from coalition_desk.reports.pack.context import TIMELINE_DAYS, PackContext
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
)
from coalition_desk.reports.styles import HEADER, NOTE, WRAPPED

TITLE_TEXT = "Timeline"
DESCRIPTION = (
    "Week by week over the last six months: one row per nation and issue, a coloured dot "
    "for each statement, the stance held now at the end"
)
WEEKS = TIMELINE_DAYS // 7 + 1
LABEL_WIDTHS = (22, 24)
WEEK_WIDTH = 3.3
NOW_WIDTH = 26
FIRST_WEEK_COLUMN = len(LABEL_WIDTHS) + 1
NOW_COLUMN = FIRST_WEEK_COLUMN + WEEKS
DOT = "●"
MOST_DOTS = 3
THIS_MEETING_FILL = "F9A825"
THIS_MEETING_FONT = Font(bold=True)
STALE_MARK = " †"
ROTATED = Alignment(text_rotation=90, horizontal="center", vertical="bottom")
CENTRED = Alignment(horizontal="center", vertical="top")


def write(workbook: Workbook, context: PackContext) -> None:
    weeks = week_starts(context.last_day)
    widths = (*LABEL_WIDTHS, *(WEEK_WIDTH for _ in weeks), NOW_WIDTH)
    headers = ("Nation", "Issue", *(_week_label(day) for day in weeks),
               "Stance now (as of the meeting)")
    sheet = start_sheet(workbook, context, TITLE_TEXT, headers, widths, note=(
        f"Statements from {weeks[0].isoformat()} to {context.last_day.isoformat()} by the "
        f"nations on the Positions sheet, one column per week (dated by its first day; the "
        f"last, highlighted, is the week of this meeting). {DOT} = a statement, coloured as "
        f"on the Positions sheet's legend, grey when it takes no stance; {DOT}{DOT} = two "
        f"that week, coloured as the later one. {STALE_MARK.strip()} = not reconfirmed "
        f"within {context.stale_days} days."
    ))
    sheet.row_dimensions[HEADER_ROW].height = 60
    for column in range(FIRST_WEEK_COLUMN, NOW_COLUMN):
        put(sheet, HEADER_ROW, column, headers[column - 1], HEADER, align=ROTATED,
            fill=THIS_MEETING_FILL if column == NOW_COLUMN - 1 else None,
            font=THIS_MEETING_FONT if column == NOW_COLUMN - 1 else None)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, FIRST_WEEK_COLUMN)
    lanes = _lanes(context.timeline_positions)
    row = HEADER_ROW + 1
    if not lanes:
        empty_line(sheet, row, "No statements recorded in these six months by the nations "
                   "on the Positions sheet.")
        return
    issues = {issue.uuid: issue for issue in context.issues}
    now = {(v.nation_uuid, v.issue_uuid): v for v in context.stances}
    for (nation_name, issue_name, nation_uuid, issue_uuid), said in lanes:
        issue = issues.get(issue_uuid)
        put(sheet, row, 1, nation_name)
        put(sheet, row, 2, issue_name, WRAPPED)
        lines = line_count(issue_name, LABEL_WIDTHS[1])
        for week, statements in _by_week(said, weeks[0]).items():
            put(sheet, row, FIRST_WEEK_COLUMN + week, DOT * min(len(statements), MOST_DOTS),
                fill=stance_fill(statements[-1].stance, issue), align=CENTRED)
        held = now.get((nation_uuid, issue_uuid))
        if held is None:
            put(sheet, row, NOW_COLUMN, "no stance recorded", NOTE)
        else:
            text = (held.stance or "no stance") + (STALE_MARK if held.stale else "")
            put(sheet, row, NOW_COLUMN, text, WRAPPED, fill=stance_fill(held.stance, issue))
            lines = max(lines, line_count(text, NOW_WIDTH))
        if lines > 1:
            set_row_height(sheet, row, lines * LINE_HEIGHT)
        row += 1
    finish_table(sheet, len(headers), row - 1)
    silent = len({n.uuid for n in context.nations} - {lane[0][2] for lane in lanes})
    if silent:
        note_line(sheet, row + 1, f"{plural(silent, 'nation')} on the Positions sheet made "
                  "no statement in these six months.", widths)


def week_starts(last_day: dt.date) -> list[dt.date]:
    """The first day of each week column, the last week ending on ``last_day``."""
    last_start = last_day - dt.timedelta(days=6)
    return [last_start - dt.timedelta(weeks=WEEKS - 1 - index) for index in range(WEEKS)]


def _week_label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _lanes(
    positions: tuple[PositionView, ...],
) -> list[tuple[tuple[str, str, str, str], list[PositionView]]]:
    """Statements grouped by nation and issue, lanes by nation then issue name."""
    lanes: dict[tuple[str, str, str, str], list[PositionView]] = defaultdict(list)
    for view in positions:
        lanes[(view.nation_name, view.issue_name, view.nation_uuid, view.issue_uuid)].append(view)
    return sorted(lanes.items(), key=lambda lane: (
        name_key(lane[0][0]), name_key(lane[0][1]), lane[0]))


def _by_week(said: list[PositionView], first: dt.date) -> dict[int, list[PositionView]]:
    weeks: dict[int, list[PositionView]] = defaultdict(list)
    for view in sorted(said, key=lambda v: v.as_of):
        index = (view.as_of - first).days // 7
        if 0 <= index < WEEKS:
            weeks[index].append(view)
    return weeks
