"""Nations and organisations as the Nations pane and the packs show them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from coalition_desk.domain.enums import Capability, PledgeStatus
from coalition_desk.domain.validation import stance_value
from coalition_desk.domain.views import NationOverview, OneCopy, StanceCell
from coalition_desk.services.entities import decode_json_field
from coalition_desk.services.positions import is_stale, latest_stance_ids
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import rows_of

N, Iss, P, Pl = models.NationRow, models.IssueRow, models.PositionRow, models.PledgeRow
CAPABILITIES = frozenset(Capability.values())


def nation_names(database: Database) -> list[tuple[str, str]]:
    """Every nation's (uuid, name), in the order they were recorded."""
    with database.session() as session:
        rows = session.execute(select(N.uuid, N.name).order_by(N.id))
        return [(uuid, name) for uuid, name in rows]


def list_nations(
    database: Database,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    stale_days: int = 90,
) -> list[NationOverview]:
    """Every nation by name with its latest stance per issue (``latest_stances``) and its
    pledges summed up.

    Only the columns shown are read: the stance cells' six of ``latest_stances``' nineteen
    (no quotes, summaries, speakers or meetings), and the pledges counted per nation,
    capability and status.
    """
    day = today or dt.date.today()
    stance_query = (
        select(N.uuid, Iss.uuid, Iss.stances, P.as_of, P.stance, P.last_confirmed)
        .join(N, N.id == P.nation_id)
        .join(Iss, Iss.id == P.issue_id)
        .where(P.id.in_(latest_stance_ids(as_of)))
        .order_by(N.name, Iss.name)
    )
    stances: dict[str, dict[str, StanceCell]] = defaultdict(dict)
    scales: dict[str, tuple[str, ...]] = {}
    pledges: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    # Each issue's UUID and each stance once, not once a cell: 8,000 cells at scale L.
    one_copy = OneCopy()
    with database.session() as session:
        for nation_uuid, issue_read, raw_scale, since, stance, confirmed in rows_of(
            session, stance_query
        ):
            issue_uuid = one_copy(issue_read)
            scale = scales.get(issue_uuid)
            if scale is None:
                scale = scales[issue_uuid] = decode_json_field(raw_scale)
            stances[nation_uuid][issue_uuid] = StanceCell(
                issue_uuid,
                one_copy(stance),
                stance_value(scale, stance),
                since,
                is_stale(since, confirmed, day, stale_days),
            )
        # Counted by the database: its GROUP BY takes about twice as long as reading the
        # 20,000 pledges of a large register, but without the interpreter, which the
        # Counter over every row held for as long while the other panes filled beside
        # it (docs/performance.md, "Round 2, the lookups behind"); a third as many rows.
        pledge_counts = select(Pl.nation_id, Pl.capability, Pl.status, func.count()).group_by(
            Pl.nation_id, Pl.capability, Pl.status
        )
        for nation_id, capability, status, count in rows_of(session, pledge_counts):
            pledges[nation_id].append((capability, status, count))
        rows = session.scalars(select(N).order_by(N.name)).all()
        return [
            NationOverview(
                uuid=row.uuid,
                name=row.name,
                code=row.code,
                kind=row.kind,
                role=row.role,
                constraints=row.constraints,
                notes=row.notes,
                capability=row.capability,
                pledge_count=sum(count for _c, _s, count in pledges[row.id]),
                pledge_summary=_pledge_summary(pledges[row.id]),
                stances=dict(stances.get(row.uuid, {})),
            )
            for row in rows
        ]


def _pledge_summary(pledges: list[tuple[str, str, int]]) -> str:
    """"Airlift (confirmed), Medical (offered)": each capability with live pledges, and
    the furthest along of their statuses (confirmed, else the first by name)."""
    statuses: dict[str, set[str]] = defaultdict(set)
    for capability, status, _count in pledges:
        if status != PledgeStatus.WITHDRAWN:
            statuses[capability].add(status)
    parts = []
    for capability in sorted(statuses):
        label = Capability(capability).label if capability in CAPABILITIES else capability
        held = statuses[capability]
        state = "confirmed" if PledgeStatus.CONFIRMED in held else sorted(held)[0]
        parts.append(f"{label} ({state})")
    return ", ".join(parts)
