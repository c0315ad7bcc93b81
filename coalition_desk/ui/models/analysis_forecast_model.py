"""Who pulls the forecast where: each counted nation's stance, capability and salience."""

from __future__ import annotations

from coalition_desk.domain.analysis import DEFAULT_SALIENCE, ActorInput
from coalition_desk.ui.models.analysis_base import RIGHT, Column, RowTableModel


def _salience(actor: ActorInput) -> str:
    return f"{DEFAULT_SALIENCE} (not recorded)" if actor.salience is None else str(actor.salience)


class ForecastActorsModel(RowTableModel[ActorInput]):
    COLUMNS = (
        Column("Nation", lambda a: a.nation_name),
        Column("Stance", lambda a: a.stance or ""),
        Column("On scale", lambda a: "" if a.value is None else f"{a.value:.0f}", align=RIGHT),
        Column("Capability", lambda a: str(a.capability), align=RIGHT),
        Column("Salience", _salience, align=RIGHT),
        Column("Weight", lambda a: f"{a.weight:,}", align=RIGHT),
        Column(
            "As of",
            lambda a: a.as_of.isoformat() if a.as_of else "",
            tooltip=lambda a: "Not confirmed for a long time: re-check" if a.stale else "",
        ),
    )
