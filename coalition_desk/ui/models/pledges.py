"""The Pledges table: who offers what capability, how much, how firmly, on what terms."""

from __future__ import annotations

from typing import Any

from coalition_desk.domain.enums import PledgeStatus, capability_label
from coalition_desk.domain.views import PledgeView
from coalition_desk.ui.models.base import Column, RowTableModel, vocabulary_labels

STATUS_LABELS = vocabulary_labels(PledgeStatus)


def _status(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _amount(pledge: PledgeView) -> str:
    return "" if pledge.quantity is None else f"{pledge.quantity:g}"


def pledge_columns() -> list[Column[PledgeView]]:
    return [
        Column("Nation", lambda p: p.nation_name),
        Column("Capability", lambda p: capability_label(p.capability)),
        Column("Quantity", _amount, sort_key=lambda p: p.quantity, align_right=True),
        Column("Unit", lambda p: p.unit),
        Column("Status", lambda p: _status(p.status)),
        Column("As of", lambda p: p.as_of.isoformat(), sort_key=lambda p: p.as_of),
        Column("Caveats", lambda p: " ".join(p.caveats.split()),
               tooltip=lambda p: p.caveats or None),
        Column("Meeting", lambda p: p.meeting_title, tooltip=lambda p: p.meeting_title or None),
    ]


class PledgesModel(RowTableModel[PledgeView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(pledge_columns(), parent)
