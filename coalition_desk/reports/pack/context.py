"""Everything a meeting pack shows, read once from the services before any sheet is drawn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coalition_desk.domain import records as rec
from coalition_desk.domain.views import (
    MeetingDetail,
    MeetingOverview,
    PledgeView,
    PositionView,
    QuestionView,
    StanceChange,
)
from coalition_desk.services import meetings, pledges, positions, questions, records, settings
from coalition_desk.store.engine import Database


@dataclass(frozen=True)
class PackContext:
    detail: MeetingDetail
    previous: MeetingDetail | None
    marking: str
    source: str
    produced_at: dt.datetime
    stale_days: int
    issues: tuple[rec.Issue, ...]
    nations: tuple[rec.Nation, ...]
    all_meetings: tuple[rec.Meeting, ...]
    stances: tuple[PositionView, ...]
    positions_to_date: tuple[PositionView, ...]
    changes: tuple[StanceChange, ...]
    pledges: tuple[PledgeView, ...]
    open_questions: tuple[QuestionView, ...]

    @property
    def meeting(self) -> MeetingOverview:
        return self.detail.meeting

    @property
    def last_day(self) -> dt.date:
        return self.meeting.end_date or self.meeting.date

    @property
    def heading(self) -> str:
        return f"{self.meeting.title} — {self.meeting.date_label}"


def gather(database: Database, meeting_uuid: str, today: dt.date | None = None) -> PackContext:
    stale_days = settings.stale_after_days(database)
    meeting = meetings.get_meeting(database, meeting_uuid)
    last_day = meeting.end_date or meeting.date
    # Judged as on the day of the meeting, so a pack printed later reads the same.
    as_seen = today or last_day
    detail = meetings.meeting_detail(database, meeting_uuid, stale_days=stale_days,
                                     today=as_seen)
    previous = meetings.previous_meeting(database, meeting_uuid)
    return PackContext(
        detail=detail,
        previous=meetings.meeting_detail(database, previous.uuid, today=as_seen,
                                         stale_days=stale_days) if previous else None,
        marking=settings.protective_marking(database),
        source=database.display_name,
        produced_at=dt.datetime.now().replace(microsecond=0),
        stale_days=stale_days,
        issues=tuple(sorted(records.list_all(database, rec.Issue), key=lambda i: i.name)),
        nations=tuple(sorted(records.list_all(database, rec.Nation), key=lambda n: n.name)),
        all_meetings=tuple(records.list_all(database, rec.Meeting)),
        stances=tuple(positions.latest_stances(database, last_day, today=as_seen,
                                               stale_days=stale_days)),
        positions_to_date=tuple(positions.list_positions(
            database, positions.PositionFilter(date_to=last_day), today=as_seen,
            stale_days=stale_days)),
        changes=tuple(meetings.changes_since_previous(database, meeting_uuid)),
        pledges=tuple(p for p in pledges.list_pledges(database) if p.as_of <= last_day),
        open_questions=tuple(questions.list_questions(
            database, questions.QuestionFilter(open_on=last_day), today=as_seen)),
    )
