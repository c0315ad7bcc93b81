"""Everything a meeting pack shows, read once from the services before any sheet is drawn.

At 5,000 meetings and 200,000 positions the reads dominate a pack's cost, so each is
bounded in SQL (``services.pack_reads``) to what the pack shows: the positions matrix,
the changes and the timeline cover every nation of the register while there are at most
``MATRIX_NATIONS`` (a nation with nothing recorded is worth seeing too), else the
attending nations only (those on record when no attendance is recorded); the timeline
covers the last ``TIMELINE_DAYS`` before the meeting; pledges are those recorded up to
the meeting. Beyond ``MATRIX_NATIONS`` the Pledges and Open questions sheets follow the
Positions sheet too: the pledges of its nations, the questions they owe or that were
raised or resolved at the meeting; the context counts what they leave out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coalition_desk.domain import analysis as an
from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import (
    DATE_RANGE_TEXT,
    EARLIEST_DATE,
    LATEST_DATE,
    FieldProblem,
    ValidationError,
)
from coalition_desk.domain.views import (
    MeetingDetail,
    MeetingOverview,
    PledgeView,
    PositionView,
    QuestionView,
)
from coalition_desk.domain.wording import name_key, plural
from coalition_desk.services import (
    meetings,
    pack_reads,
    records,
    settings,
)
from coalition_desk.services.analysis import capability_gap, outlook
from coalition_desk.store.engine import Database

TIMELINE_DAYS = 180
MATRIX_NATIONS = 60


@dataclass(frozen=True)
class PackContext:
    detail: MeetingDetail
    previous: MeetingDetail | None
    marking: str
    source: str
    produced_at: dt.datetime
    stale_days: int
    issues: tuple[rec.Issue, ...]
    # The nations the matrix and the timeline show, by name.
    nations: tuple[rec.Nation, ...]
    # Nations with recorded positions that the matrix leaves out (too many to show).
    other_nations_on_record: int
    stances: tuple[PositionView, ...]
    timeline_positions: tuple[PositionView, ...]
    pledges: tuple[PledgeView, ...]
    open_questions: tuple[QuestionView, ...]
    # What moved since the previous meeting, with the quotes before and after the move.
    moved: tuple[an.MovedPosition, ...] = ()
    # Every scenario's requirements, and its gap rows against ``pledges``.
    requirements: tuple[rec.CapabilityRequirement, ...] = ()
    gaps: tuple[an.GapRow, ...] = ()
    # Per nation × issue with no stance held, the latest statement that took none.
    no_stance_statements: tuple[PositionView, ...] = ()
    # True when the register holds more than MATRIX_NATIONS nations: the Positions,
    # Pledges and Open questions sheets then cover ``nations`` only.
    narrowed: bool = False
    # What the Open questions and Pledges sheets leave out when narrowed.
    questions_left_out: int = 0
    pledges_left_out: int = 0
    # The register's setting: a negotiation that tracks no pledges has no such sheets.
    pledge_sheets: bool = True

    @property
    def meeting(self) -> MeetingOverview:
        return self.detail.meeting

    @property
    def last_day(self) -> dt.date:
        return self.meeting.end_date or self.meeting.date

    @property
    def timeline_start(self) -> dt.date:
        return self.last_day - dt.timedelta(days=TIMELINE_DAYS)

    @property
    def shown_nations(self) -> str:
        """The nations the Positions sheet covers, as its notes and the cover name them."""
        return f"the {plural(len(self.nations), 'nation')} on the Positions sheet"

    @property
    def heading(self) -> str:
        return f"{self.meeting.title} — {self.meeting.date_label}"


def _refuse_dates_off_the_calendar(meeting: MeetingOverview) -> None:
    # Dates are checked on entry and on import; a register written before that may
    # still hold one whose pack window (TIMELINE_DAYS before it) leaves the calendar.
    for name, day in (("date", meeting.date), ("end_date", meeting.end_date)):
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValidationError("meeting", [FieldProblem(
                name, f"must be a date from {DATE_RANGE_TEXT} (got {day.isoformat()}); "
                "correct the meeting's date, then write the pack again")])


def gather(
    database: Database,
    meeting_uuid: str,
    today: dt.date | None = None,
    *,
    produced_at: dt.datetime | None = None,
) -> PackContext:
    """What the pack shows; ``produced_at`` (the cover's time) defaults to now."""
    stale_days = settings.stale_after_days(database)
    meeting = meetings.get_meeting(database, meeting_uuid)
    _refuse_dates_off_the_calendar(meeting)
    previous = meetings.previous_meeting(database, meeting_uuid)
    last_day = meeting.end_date or meeting.date
    # Judged as on the day of the meeting, so a pack printed later reads the same.
    as_seen = today or last_day
    detail = _detail(database, meeting, as_seen, stale_days)
    attending = {a.nation_uuid for a in detail.attendance}
    on_record = pack_reads.nations_on_record(database, last_day)
    every_nation = [n for n in records.list_all(database, rec.Nation) if isinstance(n, rec.Nation)]
    narrowed = len(every_nation) > MATRIX_NATIONS
    shown = (attending or on_record) if narrowed else {n.uuid for n in every_nation}
    issues = tuple(sorted(records.list_all(database, rec.Issue), key=lambda i: name_key(i.name)))
    stances = pack_reads.latest_stances_among(
        database, shown, last_day, today=as_seen, stale_days=stale_days)
    no_stance = pack_reads.latest_stances_among(
        database, shown, last_day, today=as_seen, stale_days=stale_days, taking_a_stance=False)
    open_questions, questions_left_out = pack_reads.open_questions(
        database, last_day, today=as_seen, nation_uuids=shown if narrowed else None,
        meeting_uuid=meeting_uuid)
    start = last_day - dt.timedelta(days=TIMELINE_DAYS)
    moved = _moves(database, previous.date if previous else None, stances, issues)
    requirements = tuple(capability_gap.list_requirements(database))
    # The capability gap is the coalition's: it counts every nation's pledges.
    if narrowed and not requirements:
        listed = pledged = tuple(pack_reads.pledges_up_to(database, last_day, shown))
        pledges_left_out = pack_reads.count_pledges_up_to(database, last_day) - len(listed)
    else:
        pledged = tuple(pack_reads.pledges_up_to(database, last_day))
        listed = tuple(p for p in pledged if p.nation_uuid in shown) if narrowed else pledged
        pledges_left_out = len(pledged) - len(listed)
    return PackContext(
        detail=detail,
        previous=_detail(database, previous, as_seen, stale_days) if previous else None,
        marking=settings.protective_marking(database),
        pledge_sheets=settings.pledge_sheets(database),
        source=database.display_name,
        produced_at=(produced_at or dt.datetime.now()).replace(microsecond=0),
        stale_days=stale_days,
        issues=issues,
        nations=tuple(sorted((n for n in every_nation if n.uuid in shown),
                             key=lambda n: name_key(n.name))),
        other_nations_on_record=len(on_record - shown),
        stances=tuple(stances),
        no_stance_statements=tuple(no_stance),
        timeline_positions=tuple(pack_reads.positions_among(
            database, shown, start, last_day, today=as_seen, stale_days=stale_days)),
        pledges=listed,
        open_questions=tuple(open_questions),
        narrowed=narrowed,
        questions_left_out=questions_left_out,
        pledges_left_out=pledges_left_out,
        moved=moved,
        requirements=requirements,
        gaps=tuple(row for scenario in capability_gap.scenarios(requirements)
                   for row in capability_gap.capability_gap(scenario, requirements, pledged)),
    )


def _moves(
    database: Database,
    since: dt.date | None,
    now: list[PositionView],
    issues: tuple[rec.Issue, ...],
) -> tuple[an.MovedPosition, ...]:
    """``outlook.what_moved`` since ``since``, for the nations whose stances ``now`` holds."""
    # A stance held now that was stated on or before ``since`` was held then too: no move.
    recent = [view for view in now if since is None or view.as_of > since]
    before = {} if since is None else {
        (view.nation_uuid, view.issue_uuid): view
        for view in pack_reads.latest_stances_among(
            database, {view.nation_uuid for view in recent}, since, today=since, stale_days=0)
    }
    by_uuid = {issue.uuid: issue for issue in issues}
    moved = []
    for view in recent:
        earlier = before.get((view.nation_uuid, view.issue_uuid))
        if earlier is None or earlier.stance != view.stance:
            moved.append(outlook.moved_position(earlier, view, by_uuid[view.issue_uuid]))
    return tuple(sorted(moved, key=lambda m: (m.after_date, name_key(m.nation_name),
                                              name_key(m.issue_name))))


def _detail(
    database: Database, meeting: MeetingOverview, as_seen: dt.date, stale_days: int
) -> MeetingDetail:
    """``meetings.meeting_detail`` without its look-up of every meeting again, its
    statements and questions read by written SQL (``pack_reads``)."""
    summary, objectives, points_to_make, headcount_note = pack_reads.meeting_texts(
        database, meeting.uuid)
    raised, resolved = pack_reads.questions_at(database, meeting.uuid, today=as_seen)
    return MeetingDetail(
        meeting=meeting,
        summary=summary,
        objectives=objectives,
        points_to_make=points_to_make,
        headcount_note=headcount_note,
        attendance=tuple(pack_reads.attendance_at(database, meeting.uuid)),
        statements=tuple(pack_reads.statements_at(
            database, meeting.uuid, today=as_seen, stale_days=stale_days)),
        questions_raised=tuple(raised),
        questions_resolved=tuple(resolved),
    )
