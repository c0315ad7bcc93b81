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

from sqlalchemy import exists, select, true
from sqlalchemy.orm import aliased

from coalition_desk.domain.views import PledgeView, PositionView, format_date
from coalition_desk.services.positions import _base_query, _views
from coalition_desk.store import models
from coalition_desk.store.engine import Database

N, Iss, P = models.NationRow, models.IssueRow, models.PositionRow
Pl, M = models.PledgeRow, models.MeetingRow


def nations_on_record(database: Database, up_to: dt.date) -> set[str]:
    """UUIDs of the nations with a recorded position (a stance or not) on or before ``up_to``."""
    # One seek per nation on ix_positions_nation_asof rather than a pass over positions.
    stated = exists().where(P.nation_id == N.id, P.as_of <= up_to)
    with database.session() as session:
        return set(session.scalars(select(N.uuid).where(stated)))


def meeting_labels(database: Database, uuids: Collection[str]) -> dict[str, str]:
    """"Title (dates)" per meeting, the dates as the window shows them (a span if it has one)."""
    if not uuids:
        return {}
    query = select(M.uuid, M.title, M.date, M.date_precision, M.end_date).where(
        M.uuid.in_(list(uuids))
    )
    with database.session() as session:
        return {
            uuid: f"{title} ({format_date(date, precision, end)})"
            for uuid, title, date, precision, end in session.execute(query)
        }


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


def pledges_up_to(database: Database, day: dt.date) -> list[PledgeView]:
    """``pledges.list_pledges`` as it stood on ``day``: pledges recorded on or before it."""
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
    with database.session() as session:
        return [
            PledgeView(*row[:-1], meeting_title=row[-1] or "") for row in session.execute(query)
        ]
