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

from sqlalchemy import exists, func, or_, select, true
from sqlalchemy.orm import aliased

from coalition_desk.domain.enums import QuestionStatus
from coalition_desk.domain.views import PledgeView, PositionView, QuestionView, format_date
from coalition_desk.services.positions import _base_query, _views
from coalition_desk.store import models
from coalition_desk.store.engine import Database

N, Iss, P = models.NationRow, models.IssueRow, models.PositionRow
Pl, M = models.PledgeRow, models.MeetingRow
Q, Person = models.QuestionRow, models.PersonRow
UNRESOLVED = (QuestionStatus.OPEN.value, QuestionStatus.IN_PROGRESS.value)


def nations_on_record(database: Database, up_to: dt.date) -> set[str]:
    """UUIDs of the nations with a recorded position (a stance or not) on or before ``up_to``."""
    # One seek per nation on ix_positions_nation_asof rather than a pass over positions.
    stated = exists().where(P.nation_id == N.id, P.as_of <= up_to)
    with database.session() as session:
        return set(session.scalars(select(N.uuid).where(stated)))


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

    ``taking_a_stance`` False: the latest statement that takes no stance instead.
    """
    if not nation_uuids:
        return []
    pair_nation, pair_issue, candidate = aliased(N), aliased(Iss), aliased(P)
    kind = candidate.stance.is_not(None) if taking_a_stance else candidate.stance.is_(None)
    newest = (
        select(candidate.id)
        .where(
            candidate.issue_id == pair_issue.id,
            candidate.nation_id == pair_nation.id,
            kind,
            candidate.as_of <= as_of,
        )
        .order_by(candidate.as_of.desc(), candidate.id.desc())
        .limit(1)
        .correlate(pair_nation, pair_issue)
        .scalar_subquery()
    )
    pairs = (
        select(newest.label("pid"))
        .select_from(pair_nation)
        .join(pair_issue, true())
        .where(pair_nation.uuid.in_(list(nation_uuids)))
        .subquery()
    )
    query = (
        _base_query()
        .where(P.id.in_(select(pairs.c.pid).where(pairs.c.pid.is_not(None))))
        .order_by(N.name, Iss.name)
    )
    with database.session() as session:
        return _views(session, query, today, stale_days)


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
    query = (
        _base_query()
        .where(
            N.uuid.in_(list(nation_uuids)),
            P.as_of >= date_from,
            P.as_of <= date_to,
        )
        .order_by(P.as_of, N.name, P.id)
    )
    with database.session() as session:
        return _views(session, query, today, stale_days)


def pledges_up_to(
    database: Database, day: dt.date, nation_uuids: Collection[str] | None = None
) -> list[PledgeView]:
    """``pledges.list_pledges`` as it stood on ``day``: pledges recorded on or before it.

    ``nation_uuids``: only the pledges of these nations.
    """
    query = (
        select(
            Pl.uuid,
            N.uuid,
            N.name,
            Pl.capability,
            Pl.quantity,
            Pl.unit,
            Pl.status,
            Pl.caveats,
            Pl.as_of,
            M.uuid,
            M.title,
        )
        .join(N, N.id == Pl.nation_id)
        .outerjoin(M, M.id == Pl.meeting_id)
        .where(Pl.as_of <= day)
        .order_by(N.name, Pl.capability, Pl.as_of)
    )
    if nation_uuids is not None:
        query = query.where(N.uuid.in_(list(nation_uuids)))
    with database.session() as session:
        return [
            PledgeView(*row[:-1], meeting_title=row[-1] or "") for row in session.execute(query)
        ]


def count_pledges_up_to(database: Database, day: dt.date) -> int:
    with database.session() as session:
        return session.scalar(select(func.count(Pl.id)).where(Pl.as_of <= day)) or 0


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
    "raised at" label gives the meeting's dates as the window does (a span if it has one).
    """
    owner_nation, owner_person = aliased(N), aliased(Person)
    raised, resolved = aliased(M), aliased(M)
    is_open = (
        or_(raised.date.is_(None), raised.date <= open_on),
        or_(Q.status.in_(UNRESOLVED), resolved.date > open_on),
    )
    query = (
        select(
            Q.uuid, Q.text, Q.status, Iss.uuid, Iss.name, owner_nation.uuid, owner_nation.name,
            owner_person.uuid, owner_person.name, Q.due_date, raised.uuid, raised.title,
            raised.date, raised.date_precision, raised.end_date, resolved.uuid,
            resolved.title, resolved.date, Q.answer,
        )
        .outerjoin(Iss, Iss.id == Q.issue_id)
        .outerjoin(owner_nation, owner_nation.id == Q.owner_nation_id)
        .outerjoin(owner_person, owner_person.id == Q.owner_person_id)
        .outerjoin(raised, raised.id == Q.raised_at_id)
        .outerjoin(resolved, resolved.id == Q.resolved_at_id)
        .where(*is_open)
        .order_by(Q.due_date.is_(None), Q.due_date, Q.id)
    )
    counted = None
    if nation_uuids is not None:
        nation_ids = select(N.id).where(N.uuid.in_(list(nation_uuids)))
        meeting_id = select(M.id).where(M.uuid == (meeting_uuid or "")).scalar_subquery()
        query = query.where(or_(
            Q.owner_nation_id.in_(nation_ids),
            Q.owner_person_id.in_(select(Person.id).where(Person.nation_id.in_(nation_ids))),
            Q.raised_at_id == meeting_id,
            Q.resolved_at_id == meeting_id,
        ))
        counted = (
            select(func.count(Q.id))
            .outerjoin(raised, raised.id == Q.raised_at_id)
            .outerjoin(resolved, resolved.id == Q.resolved_at_id)
            .where(*is_open)
        )
    with database.session() as session:
        views = [_question(row, today) for row in session.execute(query)]
        total = session.scalar(counted) if counted is not None else len(views)
    return views, (total or 0) - len(views)


def _question(row: tuple, today: dt.date) -> QuestionView:
    (uuid, text, status, issue_uuid, issue_name, nation_uuid, nation_name, person_uuid,
     person_name, due, raised_uuid, raised_title, raised_date, raised_precision, raised_end,
     resolved_uuid, resolved_title, resolved_date, answer) = row
    return QuestionView(
        uuid=uuid,
        text=text,
        status=status,
        issue_uuid=issue_uuid,
        issue_name=issue_name or "",
        owner_nation_uuid=nation_uuid,
        owner_person_uuid=person_uuid,
        owner_label=" / ".join(part for part in (nation_name, person_name) if part),
        due_date=due,
        overdue=bool(status in UNRESOLVED and due is not None and due < today),
        raised_at_uuid=raised_uuid,
        raised_at_label=(
            f"{raised_title} ({format_date(raised_date, raised_precision, raised_end)})"
            if raised_uuid else ""
        ),
        resolved_at_uuid=resolved_uuid,
        resolved_at_label=(
            f"{resolved_title} ({resolved_date.isoformat()})" if resolved_uuid else ""
        ),
        answer=answer,
    )
