"""The Meetings table: by date, with place, format and attendance."""

from __future__ import annotations

from typing import Any

from coalition_desk.domain.enums import MeetingFormat
from coalition_desk.domain.views import MeetingOverview
from coalition_desk.ui.models.base import Column, RowTableModel, vocabulary_labels

FORMAT_LABELS = vocabulary_labels(MeetingFormat)


def _format_label(meeting: MeetingOverview) -> str:
    return FORMAT_LABELS.get(meeting.format, meeting.format)


def _attendance(meeting: MeetingOverview) -> str:
    if meeting.headcount_reported:
        return f"{meeting.attendance_count} of {meeting.headcount_reported}"
    return str(meeting.attendance_count)


def meeting_columns() -> list[Column[MeetingOverview]]:
    return [
        Column("Date", lambda m: m.date_label, sort_key=lambda m: m.date),
        Column("Meeting", lambda m: m.title, tooltip=lambda m: m.title),
        Column("Place", lambda m: m.place),
        Column("Format", _format_label),
        Column(
            "Attendance",
            _attendance,
            sort_key=lambda m: m.attendance_count,
            align_right=True,
            header_tooltip="Delegations recorded (of the headcount reported, when known)",
        ),
        Column(
            "Statements",
            lambda m: str(m.position_count),
            sort_key=lambda m: m.position_count,
            align_right=True,
            header_tooltip="Positions recorded at this meeting",
        ),
    ]


class MeetingsModel(RowTableModel[MeetingOverview]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(meeting_columns(), parent)
