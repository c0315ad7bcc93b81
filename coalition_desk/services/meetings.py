"""Meetings with their attendance, statements and questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CompoundSelect, Row, Select, String, and_, any_, cast, func, or_, select
from sqlalchemy.orm import Session

from coalition_desk.domain.views import (
    AttendanceView,
    MeetingDetail,
    MeetingHeading,
    MeetingOverview,
    OneCopy,
    StanceChange,
)
from coalition_desk.domain.wording import name_key
from coalition_desk.services.crud import NotFound
from coalition_desk.services.positions import PositionFilter, changes_between, list_positions
from coalition_desk.services.questions import QuestionFilter, list_questions
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import reading, rows_of

M, A, N, P = models.MeetingRow, models.AttendanceRow, models.NationRow, models.PositionRow


# Plain columns rather than MeetingRow objects: building ORM objects was most of the cost
# of narrowing the meetings pane to a nation.
OVERVIEW_COLUMNS = (
    M.uuid,
    M.title,
    M.date,
    M.end_date,
    M.date_precision,
    M.place,
    M.format,
    M.chair,
    M.headcount_reported,
)


def _meetings_query() -> Select:
    # Counted per meeting through the meeting_id indexes, so one meeting costs one seek
    # each, not a pass over every position.
    attendance = select(func.count()).where(A.meeting_id == M.id).correlate(M).scalar_subquery()
    statements = select(func.count()).where(P.meeting_id == M.id).correlate(M).scalar_subquery()
    return select(*OVERVIEW_COLUMNS, attendance, statements)


def list_meetings(database: Database, *, nation_uuid: str | None = None) -> list[MeetingOverview]:
    """Meetings by date; with a nation, those it attended or spoke at."""
    query = _meetings_query().order_by(M.date, M.id)
    with database.session() as session:
        if nation_uuid:
            query = query.where(M.id.in_(_involving(session, nation_uuid)))
        # A few places, formats and chairs, each held by hundreds of the 5,000 meetings.
        one_copy = OneCopy()
        return [_overview(row, one_copy) for row in rows_of(session, query)]


def meeting_headings(database: Database) -> list[MeetingHeading]:
    """Every meeting's uuid, title, date and place, in the order it was recorded: what the
    timeline marks and labels (5,000 at scale L; plain columns, not records, a tenth of
    the time)."""
    with reading(database) as session:
        rows = rows_of(session, select(M.uuid, M.title, M.date, M.place).order_by(M.id))
        return [MeetingHeading(*row) for row in rows]


def meetings_involving(database: Database, nation_uuid: str) -> set[str]:
    """UUIDs of the meetings a nation attended or spoke at (what list_meetings narrows
    to), for a window that holds every meeting and narrows it without reading it again."""
    with reading(database) as session:
        involving = _involving(session, nation_uuid)
        if database.on_server:
            # PostgreSQL plans IN (a union) as a hash join over every meeting; = ANY(ARRAY
            # (...)) looks the few up by their key instead (at L: ~13 -> ~3 ms a selection).
            narrowed = M.id == any_(func.array(involving.scalar_subquery()))
        else:
            narrowed = M.id.in_(involving)
        return set(session.scalars(select(M.uuid).where(narrowed)))


def meetings_involving_each_nation(database: Database) -> dict[str, tuple[str, ...]]:
    """``meetings_involving`` for every nation at once (a nation with none is absent), for
    a window that narrows its meetings on every selection: one pass over the attendance
    and the positions' (nation, meeting) index instead of two reads per selection.

    The database hands over one row per nation, its meetings' keys joined in one string
    (``aggregate_strings``: group_concat on SQLite, string_agg on PostgreSQL), not one row
    per (nation, meeting) pair: at scale L 200 rows instead of ~57,000, each of which
    cost the result's per-row handling while holding the interpreter (a start's largest
    read, 0.40-0.47 s of CPU on a slow host; docs/performance.md, "Round 2, branch
    fill7"). Tuples, not sets: a nation's few hundred meetings take a fifth of the memory
    (3 MB less at 200 nations × 5,000 meetings); make a set of the one selected."""
    attended = select(A.nation_id, A.meeting_id)
    spoke = select(P.nation_id, P.meeting_id).where(P.meeting_id.is_not(None))
    pairs = attended.union(spoke).subquery()
    joined = func.aggregate_strings(cast(pairs.c.meeting_id, String), ",")
    each_nation = select(pairs.c.nation_id, joined).group_by(pairs.c.nation_id)
    with database.session() as session:
        nations = {key: uuid for key, uuid in rows_of(session, select(N.id, N.uuid))}
        meetings = {str(key): uuid for key, uuid in rows_of(session, select(M.id, M.uuid))}
        return {
            nations[nation_id]: tuple(meetings[key] for key in keys.split(","))
            for nation_id, keys in rows_of(session, each_nation)
        }


def _involving(session: Session, nation_uuid: str) -> CompoundSelect:
    # A subquery, not a read of its own: on a server each statement is a round trip.
    nation_id = select(N.id).where(N.uuid == nation_uuid).scalar_subquery()
    attended = select(A.meeting_id).where(A.nation_id == nation_id)
    spoke = select(P.meeting_id).where(P.nation_id == nation_id, P.meeting_id.is_not(None))
    return attended.union(spoke)


def _overview(row: Row[Any], one_copy: OneCopy | None = None) -> MeetingOverview:
    """A MeetingOverview from one row of ``_meetings_query``; its texts shared with the
    other rows ``one_copy`` has seen."""
    (uuid, title, date, end_date, precision, place, form, chair, headcount, attended, spoken) = row
    one_copy = one_copy if one_copy is not None else OneCopy()
    return MeetingOverview(
        uuid=uuid,
        title=title,
        date=date,
        end_date=end_date,
        date_precision=one_copy(precision),
        place=one_copy(place),
        format=one_copy(form),
        chair=one_copy(chair),
        attendance_count=attended,
        headcount_reported=headcount,
        position_count=spoken,
    )


def get_meeting(database: Database, uuid: str) -> MeetingOverview:
    with database.session() as session:
        found = session.execute(_meetings_query().where(M.uuid == uuid)).first()
        if found is None:
            raise NotFound(f"no meeting with UUID {uuid}")
        return _overview(found)


def find_meeting(database: Database, key: str) -> MeetingOverview:
    """A meeting by UUID, or by its date (YYYY-MM-DD) when exactly one falls on it."""
    meetings = list_meetings(database)
    for meeting in meetings:
        if meeting.uuid == key:
            return meeting
    try:
        day = dt.date.fromisoformat(key)
    except ValueError:
        raise NotFound(f"no meeting with UUID {key!r} (give a UUID or a YYYY-MM-DD date)") from None
    on_day = [m for m in meetings if m.date <= day <= (m.end_date or m.date)]
    if not on_day:
        raise NotFound(f"no meeting on {key}")
    if len(on_day) > 1:
        titles = "; ".join(f"{m.title} ({m.uuid})" for m in on_day)
        raise NotFound(f"{len(on_day)} meetings on {key}, give one's UUID: {titles}")
    return on_day[0]


def previous_meeting(database: Database, uuid: str) -> MeetingOverview | None:
    """The meeting just before this one in date order (ties broken by entry order)."""
    with database.session() as session:
        current = session.execute(select(M.date, M.id).where(M.uuid == uuid)).first()
        if current is None:
            raise NotFound(f"no meeting with UUID {uuid}")
        date, row_id = current
        found = session.execute(
            _meetings_query()
            .where(or_(M.date < date, and_(M.date == date, M.id < row_id)))
            .order_by(M.date.desc(), M.id.desc())
            .limit(1)
        ).first()
        return _overview(found) if found is not None else None


def attendance_of(database: Database, uuid: str) -> list[AttendanceView]:
    with database.session() as session:
        rows = session.execute(
            select(A.uuid, N.uuid, N.name, N.code, N.role, A.level, A.head_of_delegation,
                   A.notes)
            .join(M, M.id == A.meeting_id)
            .join(N, N.id == A.nation_id)
            .where(M.uuid == uuid)
            .order_by(N.name)
        )
        views = [AttendanceView(*row) for row in rows]
    return sorted(views, key=lambda view: name_key(view.nation_name))


def meeting_detail(
    database: Database, uuid: str, *, today: dt.date | None = None, stale_days: int = 90
) -> MeetingDetail:
    meeting = get_meeting(database, uuid)
    with database.session() as session:
        row = session.scalar(select(M).where(M.uuid == uuid))
        assert row is not None
        texts = (row.summary, row.objectives, row.points_to_make, row.headcount_note)
    return MeetingDetail(
        meeting=meeting,
        summary=texts[0],
        objectives=texts[1],
        points_to_make=texts[2],
        headcount_note=texts[3],
        attendance=tuple(attendance_of(database, uuid)),
        statements=tuple(
            list_positions(
                database, PositionFilter(meeting_uuid=uuid), today=today, stale_days=stale_days
            )
        ),
        questions_raised=tuple(
            list_questions(database, QuestionFilter(raised_at_uuid=uuid), today=today)
        ),
        questions_resolved=tuple(
            list_questions(database, QuestionFilter(resolved_at_uuid=uuid), today=today)
        ),
    )


def changes_since_previous(database: Database, uuid: str) -> list[StanceChange]:
    """What moved between the meeting before this one and this one."""
    meeting = get_meeting(database, uuid)
    previous = previous_meeting(database, uuid)
    return changes_between(
        database, previous.date if previous else None, meeting.end_date or meeting.date
    )
