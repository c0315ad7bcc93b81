"""Pledges by nation and capability."""

from __future__ import annotations

from sqlalchemy import Select, select

from coalition_desk.domain.views import PledgeView
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import rows_of

Pl, N, M = models.PledgeRow, models.NationRow, models.MeetingRow


def list_pledges(database: Database, *, nation_uuid: str | None = None) -> list[PledgeView]:
    query = pledges_query()
    if nation_uuid:
        query = query.where(N.uuid == nation_uuid)
    return read_pledges(database, query)


def pledges_query() -> Select:
    """Every pledge as a PledgeView's columns, by nation, capability and date; narrow it
    with ``where`` and read it with ``read_pledges``."""
    return (
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
        .order_by(N.name, Pl.capability, Pl.as_of)
    )


def read_pledges(database: Database, query: Select) -> list[PledgeView]:
    with database.session() as session:
        return [
            PledgeView(*row[:-1], meeting_title=row[-1] or "") for row in rows_of(session, query)
        ]
