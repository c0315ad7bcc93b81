"""Nations and organisations as the Nations pane and the packs show them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from coalition_desk.domain.enums import Capability, PledgeStatus
from coalition_desk.domain.views import NationOverview, StanceCell
from coalition_desk.services.positions import latest_stances
from coalition_desk.store import models
from coalition_desk.store.engine import Database


def list_nations(
    database: Database,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    stale_days: int = 90,
) -> list[NationOverview]:
    stances: dict[str, dict[str, StanceCell]] = defaultdict(dict)
    for view in latest_stances(database, as_of, today=today, stale_days=stale_days):
        stances[view.nation_uuid][view.issue_uuid] = StanceCell(
            view.issue_uuid, view.stance, view.stance_value, view.as_of, view.stale
        )
    pledges: dict[int, list[tuple[str, str]]] = defaultdict(list)
    with database.session() as session:
        for nation_id, capability, status in session.execute(
            select(models.PledgeRow.nation_id, models.PledgeRow.capability, models.PledgeRow.status)
        ):
            pledges[nation_id].append((capability, status))
        rows = session.scalars(select(models.NationRow).order_by(models.NationRow.name)).all()
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
                pledge_count=len(pledges[row.id]),
                pledge_summary=_pledge_summary(pledges[row.id]),
                stances=dict(stances.get(row.uuid, {})),
            )
            for row in rows
        ]


def _pledge_summary(pledges: list[tuple[str, str]]) -> str:
    live = [(c, s) for c, s in pledges if s != PledgeStatus.WITHDRAWN]
    if not live:
        return ""
    parts = []
    for capability in sorted({c for c, _ in live}):
        statuses = {s for c, s in live if c == capability}
        label = Capability(capability).label if capability in Capability.values() else capability
        state = "confirmed" if PledgeStatus.CONFIRMED in statuses else sorted(statuses)[0]
        parts.append(f"{label} ({state})")
    return ", ".join(parts)
