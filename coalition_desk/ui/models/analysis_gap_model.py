"""The capability gap table and the requirements it is computed from."""

from __future__ import annotations

from coalition_desk.domain.analysis import GapRow
from coalition_desk.domain.records import CapabilityRequirement
from coalition_desk.services.analysis.capability_gap import capability_label
from coalition_desk.ui.models.analysis_base import RIGHT, Column, RowTableModel, amount

# Entries a cell or tooltip lists before saying how many more there are: at a large
# register one capability has 2,000 pledges, a cell of 26,000-86,000 characters that
# nobody reads and that took Qt 27 ms to lay out each time the gap was shown; the
# Pledges pane lists them all.
LISTED = 12


def listed(parts: list[str], separator: str, total: int | None = None) -> str:
    """The first LISTED of ``total`` parts (all of ``parts`` by default), and how many more."""
    total = len(parts) if total is None else total
    shown = parts[:LISTED]
    text = separator.join(shown)
    more = total - len(shown)
    return f"{text}{separator}… and {more:,} more" if more > 0 else text


def _pledges(row: GapRow) -> str:
    parts = [
        f"{p.nation_name}: {amount(p.quantity, 'amount not stated')} {p.unit} ({p.status})"
        for p in row.pledges[:LISTED]
    ]
    return listed(parts, "\n", len(row.pledges))


def _not_counted(row: GapRow) -> str:
    considering, not_stated = row.considering, row.amount_not_stated
    parts = [f"{p.nation_name} considering" for p in considering[:LISTED]]
    parts += [f"{p.nation_name}: amount not stated" for p in not_stated[: LISTED - len(parts)]]
    return listed(parts, "; ", len(considering) + len(not_stated))


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
        Column("Caveats", lambda r: listed(list(r.caveats), "; "),
               tooltip=lambda r: listed(list(r.caveats), "\n")),
    )


class RequirementsModel(RowTableModel[CapabilityRequirement]):
    COLUMNS = (
        Column("Capability", lambda r: capability_label(r.capability)),
        Column("Quantity", lambda r: amount(r.quantity), align=RIGHT),
        Column("Unit", lambda r: r.unit),
        Column("Notes", lambda r: r.notes),
    )
