"""Reads of recorded positions: filtered lists, latest stances, what moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, select, true
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import TextualSelect

from coalition_desk.domain.errors import ReadCancelled
from coalition_desk.domain.validation import stance_value
from coalition_desk.domain.views import PositionView, StanceChange, StanceMove
from coalition_desk.services.entities import decode_json_field
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import reading, rows_of

N, Iss, P = models.NationRow, models.IssueRow, models.PositionRow
Speaker = aliased(models.PersonRow)
M = models.MeetingRow
# Rows read and made into views between two looks at a read's ``cancelled``: ~3 ms of
# the interpreter on this machine, so a read nobody wants any more gives it back soon.
CHUNK_ROWS = 128


@dataclass(frozen=True, slots=True)
class PositionFilter:
    nation_uuid: str | None = None
    issue_uuid: str | None = None
    meeting_uuid: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    with_stance_only: bool = False
    limit: int | None = None


def is_stale(as_of: dt.date, last_confirmed: dt.date | None, today: dt.date, days: int) -> bool:
    # Counted in days rather than as today - days, which leaves the calendar for a huge
    # threshold or an early today.
    return (today - (last_confirmed or as_of)).days > days


def position_query() -> Select:
    """Every position with what its view shows: narrow it with ``where`` and read it with
    ``position_views`` (written SQL with these columns in this order reads the same)."""
    return (
        select(
            P.uuid,
            N.uuid,
            N.name,
            N.code,
            Iss.uuid,
            Iss.name,
            Iss.stances,
            P.as_of,
            P.stance,
            P.salience,
            P.quote,
            P.summary,
            Speaker.uuid,
            Speaker.name,
            M.uuid,
            M.title,
            P.source,
            P.confidence,
            P.last_confirmed,
        )
        .join(N, N.id == P.nation_id)
        .join(Iss, Iss.id == P.issue_id)
        .outerjoin(Speaker, Speaker.id == P.speaker_id)
        .outerjoin(M, M.id == P.meeting_id)
    )


def position_views(
    session: Session,
    query: Select | TextualSelect,
    today: dt.date,
    stale_days: int,
    cancelled: Callable[[], bool] | None = None,
) -> list[PositionView]:
    """Position views from rows with ``position_query``'s columns in its order.

    ``query`` is that ORM select narrowed, or written SQL typed with its columns (the
    pack's reads in ``pack_reads``). With ``cancelled`` the rows are read in chunks and
    ``ReadCancelled`` raised before the next chunk once it returns true.
    """
    scales: dict[str, tuple[str, ...]] = {}
    views = []
    rows: Iterable[Row[Any]] = (
        session.execute(query) if cancelled is None else _chunked(session, query, cancelled)
    )
    for row in rows:
        (
            uuid,
            n_uuid,
            n_name,
            n_code,
            i_uuid,
            i_name,
            i_stances,
            as_of,
            stance,
            salience,
            quote,
            summary,
            s_uuid,
            s_name,
            m_uuid,
            m_title,
            source,
            confidence,
            confirmed,
        ) = row
        scale = scales.get(i_uuid)
        if scale is None:
            scale = scales[i_uuid] = decode_json_field(i_stances)
        views.append(
            PositionView(
                uuid=uuid,
                nation_uuid=n_uuid,
                nation_name=n_name,
                nation_code=n_code,
                issue_uuid=i_uuid,
                issue_name=i_name,
                as_of=as_of,
                stance=stance,
                stance_value=stance_value(scale, stance),
                salience=salience,
                quote=quote,
                summary=summary,
                speaker_uuid=s_uuid,
                speaker_name=s_name or "",
                meeting_uuid=m_uuid,
                meeting_title=m_title or "",
                source=source,
                confidence=confidence,
                last_confirmed=confirmed,
                stale=is_stale(as_of, confirmed, today, stale_days),
            )
        )
    return views


def _chunked(
    session: Session, query: Select | TextualSelect, cancelled: Callable[[], bool]
) -> Iterator[Row[Any]]:
    """``query``'s rows, fetched ``CHUNK_ROWS`` at a time (``rows_of``: the same values
    the ORM's execution gives, without its loading step, which fetches every row at once)."""
    if cancelled():
        raise ReadCancelled
    result = rows_of(session, query)
    try:
        for chunk in result.partitions(CHUNK_ROWS):
            yield from chunk
            if cancelled():
                raise ReadCancelled
    finally:
        result.close()


def list_positions(
    database: Database,
    criteria: PositionFilter = PositionFilter(),
    *,
    today: dt.date | None = None,
    stale_days: int = 90,
) -> list[PositionView]:
    query = position_query()
    if criteria.nation_uuid:
        query = query.where(N.uuid == criteria.nation_uuid)
    if criteria.issue_uuid:
        query = query.where(Iss.uuid == criteria.issue_uuid)
    if criteria.meeting_uuid:
        query = query.where(M.uuid == criteria.meeting_uuid)
    if criteria.date_from:
        query = query.where(P.as_of >= criteria.date_from)
    if criteria.date_to:
        query = query.where(P.as_of <= criteria.date_to)
    if criteria.with_stance_only:
        query = query.where(P.stance.is_not(None))
    query = query.order_by(P.as_of, N.name, P.id)
    if criteria.limit:
        query = query.limit(criteria.limit)
    with database.session() as session:
        return position_views(session, query, today or dt.date.today(), stale_days)


def latest_stance_ids(
    as_of: dt.date | None = None,
    *,
    nation_uuid: str | None = None,
    issue_uuid: str | None = None,
) -> Select:
    """The ids of the positions ``latest_stances`` reads: one index seek per nation ×
    issue pair (ix_positions_issue_nation_asof, newest first)."""
    pair_nation, pair_issue, candidate = aliased(N), aliased(Iss), aliased(P)
    newest = (
        select(candidate.id)
        .where(
            candidate.issue_id == pair_issue.id,
            candidate.nation_id == pair_nation.id,
            candidate.stance.is_not(None),
        )
        .order_by(candidate.as_of.desc(), candidate.id.desc())
        .limit(1)
    )
    if as_of is not None:
        newest = newest.where(candidate.as_of <= as_of)
    pairs = select(newest.correlate(pair_nation, pair_issue).scalar_subquery().label("pid"))
    pairs = pairs.select_from(pair_nation).join(pair_issue, true())
    if nation_uuid:
        pairs = pairs.where(pair_nation.uuid == nation_uuid)
    if issue_uuid:
        pairs = pairs.where(pair_issue.uuid == issue_uuid)
    latest_ids = pairs.subquery()
    return select(latest_ids.c.pid).where(latest_ids.c.pid.is_not(None))


def latest_stances(
    database: Database,
    as_of: dt.date | None = None,
    *,
    nation_uuid: str | None = None,
    issue_uuid: str | None = None,
    today: dt.date | None = None,
    stale_days: int = 90,
) -> list[PositionView]:
    """Each nation's most recent position that takes a stance, per issue, up to ``as_of``.

    One index seek per nation × issue pair (ix_positions_issue_nation_asof, newest
    first) instead of ranking every recorded position: at 200 nations, 40 issues and
    200,000 positions that is milliseconds rather than a second.
    """
    query = (
        position_query()
        .where(P.id.in_(latest_stance_ids(as_of, nation_uuid=nation_uuid, issue_uuid=issue_uuid)))
        .order_by(N.name, Iss.name)
    )
    with database.session() as session:
        return position_views(session, query, today or dt.date.today(), stale_days)


def stance_moves(
    database: Database,
    start: dt.date | None,
    end: dt.date,
    *,
    nation_uuid: str | None = None,
    issue_uuid: str | None = None,
) -> list[tuple[PositionView | None, PositionView]]:
    """(stance as of ``start`` or None, stance as of ``end``) wherever the two differ.

    ``start`` None compares with nothing recorded, so every stance counts as new; a
    position re-stating the same stance is no move.
    """
    after = latest_stances(database, end, nation_uuid=nation_uuid, issue_uuid=issue_uuid)
    before = (
        {}
        if start is None
        else {
            (v.nation_uuid, v.issue_uuid): v
            for v in latest_stances(database, start, nation_uuid=nation_uuid, issue_uuid=issue_uuid)
        }
    )
    moves = []
    for view in after:
        previous = before.get((view.nation_uuid, view.issue_uuid))
        if previous is None or previous.stance != view.stance:
            moves.append((previous, view))
    return moves


Move = TypeVar("Move", bound=StanceMove)


def stance_move(
    kind: type[Move], previous: PositionView | None, view: PositionView, **details: Any
) -> Move:
    """One pair of ``stance_moves`` (``previous`` None: a first stance) as a StanceChange,
    a MovedPosition or another StanceMove, with ``details`` the fields ``kind`` adds."""
    return kind(
        nation_uuid=view.nation_uuid,
        nation_name=view.nation_name,
        issue_uuid=view.issue_uuid,
        issue_name=view.issue_name,
        before=previous.stance if previous else None,
        after=view.stance,
        before_date=previous.as_of if previous else None,
        after_date=view.as_of,
        position_uuid=view.uuid,
        **details,
    )


def changes_between(
    database: Database,
    start: dt.date | None,
    end: dt.date,
    *,
    nation_uuid: str | None = None,
    issue_uuid: str | None = None,
) -> list[StanceChange]:
    """Every nation × issue whose latest stance as of ``end`` differs from that as of ``start``."""
    return [
        stance_move(StanceChange, previous, view, quote=view.quote or view.summary)
        for previous, view in stance_moves(
            database, start, end, nation_uuid=nation_uuid, issue_uuid=issue_uuid
        )
    ]


def latest_positions(
    database: Database,
    limit: int,
    *,
    nation_uuid: str | None = None,
    issue_uuid: str | None = None,
    today: dt.date | None = None,
    stale_days: int = 90,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[PositionView], int]:
    """The ``limit`` most recent positions (oldest first) and how many are recorded in all.

    The newest ids are picked first (one pass over ix_positions_nation_asof, no joins),
    so at 200,000 positions only ``limit`` rows are ever turned into views. With
    ``cancelled``, read in chunks and given up (``ReadCancelled``) at the next one once
    it returns true: the chart's read for an issue the officer has already left.
    """
    narrowed = []
    if nation_uuid:
        nation_id = select(N.id).where(N.uuid == nation_uuid).scalar_subquery()
        narrowed.append(P.nation_id == nation_id)
    if issue_uuid:
        issue_id = select(Iss.id).where(Iss.uuid == issue_uuid).scalar_subquery()
        narrowed.append(P.issue_id == issue_id)
    newest = select(P.id).where(*narrowed).order_by(P.as_of.desc(), P.id.desc()).limit(limit)
    counted = select(func.count(P.id)).where(*narrowed)
    query = (
        position_query()
        .where(P.id.in_(newest.scalar_subquery()))
        .order_by(P.as_of, N.name, P.id)
    )
    with reading(database) as session:
        views = position_views(session, query, today or dt.date.today(), stale_days, cancelled)
        total = len(views) if len(views) < limit else int(session.scalar(counted) or 0)
    return views, total


def date_span(database: Database) -> tuple[dt.date, dt.date] | None:
    """The first and last day any position was stated on; None for an empty register."""
    with database.session() as session:
        first, last = session.execute(
            select(func.min(models.PositionRow.as_of), func.max(models.PositionRow.as_of))
        ).one()
    return (first, last) if first is not None and last is not None else None
