"""Attendance: who comes, in what role, at what level, led by whom."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from coalition_desk.domain.enums import AttendanceLevel, CoalitionRole
from coalition_desk.domain.wording import plural
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    note_line,
    put_row,
    start_sheet,
)

TITLE_TEXT = "Attendance"
DESCRIPTION = "Nations attending, with role, level and head of delegation; reported headcount"
HEADERS = ("Nation", "Code", "Role in the coalition", "Level", "Head of delegation", "Notes")
WIDTHS = (30, 8, 22, 20, 34, 50)


def write(workbook: Workbook, context: PackContext) -> None:
    detail = context.detail
    meeting = detail.meeting
    if meeting.headcount_reported is not None:
        count = f"Reported headcount: {meeting.headcount_reported}"
        count += f" ({detail.headcount_note})" if detail.headcount_note else ""
        count += f"; {plural(len(detail.attendance), 'nation')} listed below."
    else:
        count = f"{plural(len(detail.attendance), 'nation')} listed; no headcount reported."
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=count)
    row = HEADER_ROW + 1
    if not detail.attendance:
        empty_line(sheet, row, "No attendance recorded for this meeting.")
        return
    for item in detail.attendance:
        put_row(sheet, row, (
            item.nation_name,
            item.nation_code,
            CoalitionRole(item.role).label,
            AttendanceLevel(item.level).label,
            item.head_of_delegation,
            item.notes,
        ), WIDTHS, wrapped=(5, 6))
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)
    note_line(sheet, row + 1, count, WIDTHS)
