"""Reads narrowed to what one meeting's pack shows, the narrowing done in SQL.

The register-wide reads (every meeting, every pledge, every nation's latest stances)
turn thousands of rows into records at 5,000 meetings and 200,000 positions; a
30-nation meeting's pack needs hundreds. These take the nations the pack shows and
the dates it covers, and let the indexes (positions by nation and date, by issue,
nation and date) do the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import BindParameter, Date, bindparam, text
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

from coalition_desk.domain.views import AttendanceView, PledgeView, PositionView, QuestionView
from coalition_desk.domain.wording import name_key
from coalition_desk.services.pledges import pledges_query, read_pledges
from coalition_desk.services.positions import position_query, position_views
from coalition_desk.services.questions import UNRESOLVED, question_view
from coalition_desk.store import models
from coalition_desk.store.engine import Database

N, P, A = models.NationRow, models.PositionRow, models.AttendanceRow
Pl, M = models.PledgeRow, models.MeetingRow


# The pack's small reads as written SQL too (see the position reads below): each ORM
# statement costs a few milliseconds to compile in a process that makes one pack.
_ON_RECORD = text("""
    SELECT n.uuid FROM nations n
    WHERE EXISTS (SELECT 1 FROM positions p WHERE p.nation_id = n.id AND p.as_of <= :up_to)
""").bindparams(bindparam("up_to", type_=Date))


def nations_on_record(database: Database, up_to: dt.date) -> set[str]:
    """UUIDs of the nations with a recorded position (a stance or not) on or before ``up_to``."""
    # One seek per nation on ix_positions_nation_asof rather than a pass over positions.
    with database.session() as session:
        return set(session.scalars(_ON_RECORD, {"up_to": up_to}))


_ATTENDANCE = text("""
    SELECT a.uuid, n.uuid, n.name, n.code, n.role, a.level, a.head_of_delegation, a.notes
    FROM attendance a
    JOIN meetings m ON m.id = a.meeting_id
    JOIN nations n ON n.id = a.nation_id
    WHERE m.uuid = :meeting
    ORDER BY n.name
""").columns(A.uuid, N.uuid, N.name, N.code, N.role, A.level, A.head_of_delegation, A.notes)
_MEETING_TEXTS = text(
    "SELECT summary, objectives, points_to_make, headcount_note FROM meetings WHERE uuid = :meeting"
).columns(M.summary, M.objectives, M.points_to_make, M.headcount_note)


def attendance_at(database: Database, meeting_uuid: str) -> list[AttendanceView]:
    """``meetings.attendance_of``: who attended the meeting, by nation name."""
    with database.session() as session:
        views = [AttendanceView(*row)
                 for row in session.execute(_ATTENDANCE, {"meeting": meeting_uuid})]
    return sorted(views, key=lambda view: name_key(view.nation_name))


def meeting_texts(database: Database, meeting_uuid: str) -> tuple[str, str, str, str]:
    """The meeting's summary, objectives, points to make and headcount note, as recorded."""
    with database.session() as session:
        row = session.execute(_MEETING_TEXTS, {"meeting": meeting_uuid}).one()
    return row[0], row[1], row[2], row[3]


# The pack's position reads as written SQL: the same rows as ``positions.position_query``
# narrowed, without building and compiling an ORM statement on each fresh start (a
# third of the reads' cost in a process that makes one pack).
_POSITION_COLUMNS = """
    SELECT p.uuid, n.uuid, n.name, n.code, i.uuid, i.name, i.stances, p.as_of, p.stance,
           p.salience, p.quote, p.summary, s.uuid, s.name, m.uuid, m.title, p.source,
           p.confidence, p.last_confirmed
    FROM positions p
    JOIN nations n ON n.id = p.nation_id
    JOIN issues i ON i.id = p.issue_id
    LEFT JOIN people s ON s.id = p.speaker_id
    LEFT JOIN meetings m ON m.id = p.meeting_id
"""
_LATEST = """
    WHERE p.id IN (
        SELECT (SELECT c.id FROM positions c
                WHERE c.issue_id = pi.id AND c.nation_id = pn.id AND c.stance IS {kind}
                  AND c.as_of <= :as_of
                ORDER BY c.as_of DESC, c.id DESC LIMIT 1)
        FROM nations pn CROSS JOIN issues pi
        WHERE pn.uuid IN :nations{pairs})
    ORDER BY n.name, i.name
"""
# The pairs with no stance held on the day (a quick seek where one is).
_NONE_HELD = """
          AND NOT EXISTS (SELECT 1 FROM positions h
                          WHERE h.issue_id = pi.id AND h.nation_id = pn.id
                            AND h.stance IS NOT NULL AND h.as_of <= :as_of)"""
_AMONG = """
    WHERE n.uuid IN :nations AND p.as_of >= :date_from AND p.as_of <= :date_to
    ORDER BY p.as_of, n.name, p.id
"""


_AT_MEETING = """
    WHERE m.uuid = :meeting
    ORDER BY p.as_of, n.name, p.id
"""


def _written_positions(where: str, *, nations: bool = True) -> TextualSelect:
    query = text(_POSITION_COLUMNS + where)
    if nations:
        query = query.bindparams(bindparam("nations", expanding=True))
    return query.columns(*position_query().selected_columns)


def statements_at(
    database: Database, meeting_uuid: str, *, today: dt.date, stale_days: int
) -> list[PositionView]:
    """``positions.list_positions`` of the positions recorded at one meeting, in its order."""
    query = _written_positions(_AT_MEETING, nations=False).params(meeting=meeting_uuid)
    with database.session() as session:
        return position_views(session, query, today, stale_days)


def latest_stances_among(
    database: Database,
    nation_uuids: Collection[str],
    as_of: dt.date,
    *,
    today: dt.date,
    stale_days: int,
    taking_a_stance: bool = True,
) -> list[PositionView]:
    """``positions.latest_stances`` for these nations only: one index seek per nation × issue.

    ``taking_a_stance`` False: for each nation × issue with no stance held on ``as_of``,
    the latest statement (which takes none) instead.
    """
    if not nation_uuids:
        return []
    query = _written_positions(_LATEST.format(kind="NOT NULL", pairs="") if taking_a_stance
                               else _LATEST.format(kind="NULL", pairs=_NONE_HELD))
    with database.session() as session:
        return position_views(
            session, query.params(nations=list(nation_uuids), as_of=as_of), today, stale_days
        )


def positions_among(
    database: Database,
    nation_uuids: Collection[str],
    date_from: dt.date,
    date_to: dt.date,
    *,
    today: dt.date,
    stale_days: int,
) -> list[PositionView]:
    """Every position these nations recorded from ``date_from`` to ``date_to``, oldest first."""
    if not nation_uuids:
        return []
    query = _written_positions(_AMONG).params(
        nations=list(nation_uuids), date_from=date_from, date_to=date_to
    )
    with database.session() as session:
        return position_views(session, query, today, stale_days)


def pledges_up_to(
    database: Database, day: dt.date, nation_uuids: Collection[str] | None = None
) -> list[PledgeView]:
    """``pledges.list_pledges`` as it stood on ``day``: pledges recorded on or before it.

    ``nation_uuids``: only the pledges of these nations.
    """
    query = pledges_query().where(Pl.as_of <= day)
    if nation_uuids is not None:
        query = query.where(N.uuid.in_(list(nation_uuids)))
    return read_pledges(database, query)


_PLEDGES_UP_TO = text("SELECT count(id) FROM pledges WHERE as_of <= :day").bindparams(
    bindparam("day", type_=Date))


def count_pledges_up_to(database: Database, day: dt.date) -> int:
    with database.session() as session:
        return session.scalar(_PLEDGES_UP_TO, {"day": day}) or 0


def open_questions(
    database: Database,
    open_on: dt.date,
    *,
    today: dt.date,
    nation_uuids: Collection[str] | None = None,
    meeting_uuid: str | None = None,
) -> tuple[list[QuestionView], int]:
    """Questions unresolved on ``open_on`` as ``questions.list_questions`` lists them, and
    how many of those were left out.

    With ``nation_uuids``, only those owed by one of these nations (the owner nation, or
    an owner person of one of them) or raised or resolved at ``meeting_uuid``. The
    "raised at" label gives a multi-day meeting's span (``question_view``'s raised_span).
    """
    params: dict[str, object] = {"open_on": open_on, "unresolved": list(UNRESOLVED)}
    owed = ""
    if nation_uuids is not None:
        owed = _OWED
        params.update(nations=list(nation_uuids), meeting=meeting_uuid or "")
    with database.session() as session:
        rows = session.execute(_questions_query(owed), params)
        views = [question_view(row, today, raised_span=True) for row in rows]
        total = session.execute(_QUESTIONS_COUNT, params).scalar() if owed else len(views)
    return views, (total or 0) - len(views)


# Written SQL, as the position reads: ``questions.list_questions``'s columns and order.
_OPEN_ON = """
    FROM questions q
    LEFT JOIN meetings raised ON raised.id = q.raised_at_id
    LEFT JOIN meetings resolved ON resolved.id = q.resolved_at_id
    {joins}
    WHERE (COALESCE(q.raised_on, raised.date) IS NULL
           OR COALESCE(q.raised_on, raised.date) <= :open_on)
      AND (q.status IN :unresolved OR resolved.date > :open_on)
"""
_OWED = """
      AND (q.owner_nation_id IN (SELECT id FROM nations WHERE uuid IN :nations)
           OR q.owner_person_id IN (
               SELECT people.id FROM people JOIN nations ON nations.id = people.nation_id
               WHERE nations.uuid IN :nations)
           OR q.raised_at_id = (SELECT id FROM meetings WHERE uuid = :meeting)
           OR q.resolved_at_id = (SELECT id FROM meetings WHERE uuid = :meeting))
"""
_QUESTION_JOINS = """
    LEFT JOIN issues i ON i.id = q.issue_id
    LEFT JOIN nations owner_nation ON owner_nation.id = q.owner_nation_id
    LEFT JOIN people owner_person ON owner_person.id = q.owner_person_id
"""


def _questions_query(owed: str) -> TextualSelect:
    sql = _QUESTION_COLUMNS + _OPEN_ON.format(joins=_QUESTION_JOINS) + owed + _QUESTION_ORDER
    return _typed_questions(text(sql).bindparams(*_expanding(owed)))


_QUESTION_COLUMNS = (
    "SELECT q.uuid, q.text, q.status, i.uuid, i.name, owner_nation.uuid,"
    " owner_nation.name, owner_person.uuid, owner_person.name, q.due_date AS due,"
    " raised.uuid, raised.title, raised.date AS raised_date, raised.date_precision,"
    " raised.end_date AS raised_end, resolved.uuid, resolved.title,"
    " resolved.date AS resolved_date, q.answer, q.raised_on AS raised_on"
)
_QUESTION_ORDER = " ORDER BY q.due_date IS NULL, q.due_date, q.id"


def _typed_questions(query: TextClause) -> TextualSelect:
    return query.columns(due=Date, raised_date=Date, raised_end=Date, resolved_date=Date,
                         raised_on=Date)


# The questions raised (or resolved) at one meeting, as ``list_questions`` lists them.
_AT = _QUESTION_COLUMNS + """
    FROM questions q
    LEFT JOIN meetings raised ON raised.id = q.raised_at_id
    LEFT JOIN meetings resolved ON resolved.id = q.resolved_at_id
""" + _QUESTION_JOINS + " WHERE {meeting}.uuid = :meeting" + _QUESTION_ORDER
_QUESTIONS_AT = {which: _typed_questions(text(_AT.format(meeting=which)))
                 for which in ("raised", "resolved")}


def questions_at(
    database: Database, meeting_uuid: str, *, today: dt.date
) -> tuple[list[QuestionView], list[QuestionView]]:
    """``questions.list_questions`` of the questions raised at one meeting, and of those
    resolved at it (``raised_at_uuid``, ``resolved_at_uuid``)."""
    with database.session() as session:
        raised, resolved = (
            [question_view(row, today)
             for row in session.execute(_QUESTIONS_AT[which], {"meeting": meeting_uuid})]
            for which in ("raised", "resolved"))
    return raised, resolved


def _expanding(owed: str) -> list[BindParameter]:
    names = ["unresolved", *(["nations"] if owed else [])]
    return [bindparam(name, expanding=True) for name in names]


# Every question open on the day, owed or not: what the narrowed list leaves out.
_QUESTIONS_COUNT = text("SELECT count(*)" + _OPEN_ON.format(joins="")).bindparams(*_expanding(""))

