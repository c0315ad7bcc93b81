"""The capability gap table and the requirements it is computed from."""

from __future__ import annotations

from coalition_desk.domain.analysis import GapRow
from coalition_desk.domain.records import CapabilityRequirement
from coalition_desk.services.analysis.capability_gap import capability_label
from coalition_desk.ui.models.analysis_base import RIGHT, Column, RowTableModel, amount


def _pledges(row: GapRow) -> str:
    parts = [
        f"{p.nation_name}: {amount(p.quantity, 'amount not stated')} {p.unit} ({p.status})"
        for p in row.pledges
    ]
    return "\n".join(parts)


def _not_counted(row: GapRow) -> str:
    parts = [f"{p.nation_name} considering" for p in row.considering]
    parts += [f"{p.nation_name}: amount not stated" for p in row.amount_not_stated]
    return "; ".join(parts)


class GapModel(RowTableModel[GapRow]):
    COLUMNS = (
        Column("Capability", lambda r: capability_label(r.capability), tooltip=_pledges),
        Column("Unit", lambda r: r.unit),
        Column("Required", lambda r: amount(r.required, "not set"), align=RIGHT),
        Column("Confirmed", lambda r: amount(r.confirmed), tooltip=_pledges, align=RIGHT),
        Column("Offered", lambda r: amount(r.offered), tooltip=_pledges, align=RIGHT),
        Column("Gap (confirmed only)", lambda r: amount(r.gap_after_confirmed), align=RIGHT),
        Column("Gap (if offers hold)", lambda r: amount(r.gap), align=RIGHT),
        Column("Not counted", _not_counted),
        Column("Caveats", lambda r: "; ".join(r.caveats), tooltip=lambda r: "\n".join(r.caveats)),
    )


class RequirementsModel(RowTableModel[CapabilityRequirement]):
    COLUMNS = (
        Column("Capability", lambda r: capability_label(r.capability)),
        Column("Quantity", lambda r: amount(r.quantity), align=RIGHT),
        Column("Unit", lambda r: r.unit),
        Column("Notes", lambda r: r.notes),
    )
