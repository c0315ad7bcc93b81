"""Open questions: who owes an answer, by when, raised where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from coalition_desk.domain.enums import QuestionStatus
from coalition_desk.domain.views import OneCopy, QuestionView, format_date
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import reading, rows_of

Q, Iss = models.QuestionRow, models.IssueRow
OwnerNation = aliased(models.NationRow)
OwnerPerson = aliased(models.PersonRow)
Raised = aliased(models.MeetingRow)
Resolved = aliased(models.MeetingRow)
UNRESOLVED = (QuestionStatus.OPEN.value, QuestionStatus.IN_PROGRESS.value)


@dataclass(frozen=True, slots=True)
class QuestionFilter:
    statuses: tuple[str, ...] = ()
    issue_uuid: str | None = None
    owner_nation_uuid: str | None = None
    raised_at_uuid: str | None = None
    resolved_at_uuid: str | None = None
    # Raised at or resolved at this meeting.
    meeting_uuid: str | None = None
    # Unresolved as they stood on this day: raised by then, not resolved by then.
    open_on: dt.date | None = None


def list_questions(
    database: Database, criteria: QuestionFilter = QuestionFilter(), *, today: dt.date | None = None
) -> list[QuestionView]:
    today = today or dt.date.today()
    query = (
        select(
            Q.uuid,
            Q.text,
            Q.status,
            Iss.uuid,
            Iss.name,
            OwnerNation.uuid,
            OwnerNation.name,
            OwnerPerson.uuid,
            OwnerPerson.name,
            Q.due_date,
            Raised.uuid,
            Raised.title,
            Raised.date,
            Raised.date_precision,
            Raised.end_date,
            Resolved.uuid,
            Resolved.title,
            Resolved.date,
            Q.answer,
            Q.raised_on,
        )
        .outerjoin(Iss, Iss.id == Q.issue_id)
        .outerjoin(OwnerNation, OwnerNation.id == Q.owner_nation_id)
        .outerjoin(OwnerPerson, OwnerPerson.id == Q.owner_person_id)
        .outerjoin(Raised, Raised.id == Q.raised_at_id)
        .outerjoin(Resolved, Resolved.id == Q.resolved_at_id)
    )
    if criteria.statuses:
        query = query.where(Q.status.in_(criteria.statuses))
    if criteria.issue_uuid:
        query = query.where(Iss.uuid == criteria.issue_uuid)
    if criteria.owner_nation_uuid:
        query = query.where(OwnerNation.uuid == criteria.owner_nation_uuid)
    if criteria.raised_at_uuid:
        query = query.where(Raised.uuid == criteria.raised_at_uuid)
    if criteria.resolved_at_uuid:
        query = query.where(Resolved.uuid == criteria.resolved_at_uuid)
    if criteria.meeting_uuid:
        query = query.where(
            or_(Raised.uuid == criteria.meeting_uuid, Resolved.uuid == criteria.meeting_uuid)
        )
    # The day it was raised: the one recorded, else the meeting's.
    raised_day = func.coalesce(Q.raised_on, Raised.date)
    if criteria.open_on:
        query = query.where(
            or_(raised_day.is_(None), raised_day <= criteria.open_on),
            or_(
                Q.status.in_(UNRESOLVED),
                Resolved.date > criteria.open_on,
            ),
        )
    query = query.order_by(Q.due_date.is_(None), Q.due_date, Q.id)
    # Statuses, issues, owners and meetings, each held by many of the 5,000 questions.
    one_copy = OneCopy()
    with database.session() as session:
        return [question_view(row, today, one_copy=one_copy) for row in rows_of(session, query)]


def question_view(
    row: Sequence[Any],
    today: dt.date,
    *,
    raised_span: bool = False,
    one_copy: OneCopy | None = None,
) -> QuestionView:
    """One question row as every list shows it; its texts shared with the other rows
    ``one_copy`` has seen.

    The row holds the question, its issue, owner nation and person, due date, the meetings
    that raised and resolved it, the answer and the day it was raised, in
    ``list_questions``'s column order.
    ``raised_span``: "raised at" gives a multi-day meeting's first to last day (the pack);
    the window's narrow column gives its first day.
    """
    (
        uuid,
        question,
        status,
        issue_uuid,
        issue_name,
        nation_uuid,
        nation_name,
        person_uuid,
        person_name,
        due,
        raised_uuid,
        raised_title,
        raised_date,
        raised_precision,
        raised_end,
        resolved_uuid,
        resolved_title,
        resolved_date,
        answer,
        raised_on,
    ) = row
    one_copy = one_copy if one_copy is not None else OneCopy()
    meeting_label = ""
    if raised_uuid:
        end = raised_end if raised_span else None
        meeting_label = f"{raised_title} ({format_date(raised_date, raised_precision, end)})"
    return QuestionView(
        uuid=uuid,
        text=question,
        status=one_copy(status),
        issue_uuid=one_copy(issue_uuid),
        issue_name=one_copy(issue_name or ""),
        owner_nation_uuid=one_copy(nation_uuid),
        owner_person_uuid=one_copy(person_uuid),
        owner_label=one_copy(" / ".join(part for part in (nation_name, person_name) if part)),
        due_date=due,
        overdue=bool(status in UNRESOLVED and due is not None and due < today),
        raised_at_uuid=one_copy(raised_uuid),
        raised_at_label=one_copy(raised_label(meeting_label, raised_on)),
        resolved_at_uuid=resolved_uuid,
        resolved_at_label=(
            f"{resolved_title} ({resolved_date.isoformat()})" if resolved_uuid else ""
        ),
        answer=answer,
        raised_on=raised_on,
    )


def raised_label(meeting_label: str, raised_on: dt.date | None) -> str:
    """Where and when a question was raised, as the pane and the pack show it."""
    if raised_on is None:
        return meeting_label
    if not meeting_label:
        return f"raised on {raised_on.isoformat()} (no meeting recorded)"
    return f"{meeting_label}, raised on {raised_on.isoformat()}"


def questions_concerning(
    database: Database,
    nation_uuid: str,
    criteria: QuestionFilter = QuestionFilter(),
    *,
    today: dt.date | None = None,
) -> list[QuestionView]:
    """Questions a nation owes an answer to, or on an issue it has stated a position on.

    This is what "narrow to this nation" means for the open questions: before talking
    to a delegation the officer wants both what it owes and what it has a stake in.
    """
    stake = stake_issue_uuids(database, nation_uuid)
    return concerning(list_questions(database, criteria, today=today), nation_uuid, stake)


def stake_issue_uuids(database: Database, nation_uuid: str) -> set[str]:
    """The issues a nation has stated a position on."""
    P, N = models.PositionRow, models.NationRow
    # One statement (the nation's id a subquery): on a server each is a round trip.
    nation_id = select(N.id).where(N.uuid == nation_uuid).scalar_subquery()
    with reading(database) as session:
        return set(
            session.scalars(
                select(Iss.uuid).where(
                    Iss.id.in_(select(P.issue_id).where(P.nation_id == nation_id).distinct())
                )
            )
        )


def stake_issue_uuids_of_each_nation(database: Database) -> dict[str, frozenset[str]]:
    """``stake_issue_uuids`` for every nation at once (a nation with none is absent): one
    pass over the positions' (issue, nation) index instead of a read per selection."""
    P, N = models.PositionRow, models.NationRow
    with database.session() as session:
        nations = {key: uuid for key, uuid in rows_of(session, select(N.id, N.uuid))}
        issues = {key: uuid for key, uuid in rows_of(session, select(Iss.id, Iss.uuid))}
        stakes: dict[int, set[str]] = {}
        pairs = select(P.nation_id, P.issue_id).distinct()
        for nation_id, issue_id in rows_of(session, pairs):
            stakes.setdefault(nation_id, set()).add(issues[issue_id])
    return {nations[nation_id]: frozenset(found) for nation_id, found in stakes.items()}


def concerning(
    questions: Iterable[QuestionView], nation_uuid: str, stake_issues: Collection[str]
) -> list[QuestionView]:
    """Of ``questions``, those the nation owes or holds a stake in (see questions_concerning);
    a window that already holds every question narrows it without reading it again."""
    return [
        question
        for question in questions
        if question.owner_nation_uuid == nation_uuid or question.issue_uuid in stake_issues
    ]


def raised_or_resolved_at(
    questions: Iterable[QuestionView], meeting_uuid: str
) -> list[QuestionView]:
    """Of ``questions``, those raised or resolved at a meeting (QuestionFilter.meeting_uuid)."""
    return [
        question
        for question in questions
        if meeting_uuid in (question.raised_at_uuid, question.resolved_at_uuid)
    ]
