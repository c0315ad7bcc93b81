"""The People table: name, office, nation, how often they are the recorded speaker."""

from __future__ import annotations

from typing import Any

from coalition_desk.domain.views import PersonView
from coalition_desk.ui.models.base import Column, RowTableModel


def people_columns() -> list[Column[PersonView]]:
    return [
        Column("Name", lambda p: p.name),
        Column("Office", lambda p: p.office, tooltip=lambda p: p.office or None),
        Column("Nation", lambda p: p.nation_name),
        Column("Statements", lambda p: str(p.statements), sort_key=lambda p: p.statements,
               align_right=True, header_tooltip="Positions they are recorded as speaking"),
        Column("Notes", lambda p: " ".join(p.notes.split()), tooltip=lambda p: p.notes or None),
    ]


class PeopleModel(RowTableModel[PersonView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(people_columns(), parent)
