"""The conflicts dialog's list: one row per conflict over plain ``Conflict`` data.

A table model, not a widget per conflict: five hundred conflicts open at once, and the
officer reads and decides the selected one in the detail beside the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from coalition_desk.services.merge.plan import Choice, Conflict, Decisions
from coalition_desk.ui.models.list_table import ListTableModel

UNDECIDED_COLOUR = "#b3261e"
CHOICE_TEXT = {"mine": "Keeps mine", "theirs": "Takes theirs", "both": "Keeps both"}
# What each side did, for conflicts about a whole record (their values are uuids or tags).
SIDES = {
    "deleted_there": ("edited", "deleted"),
    "deleted_here": ("deleted", "edited"),
    "still_referred": ("kept", "deleted"),
    "refers_to_deleted": ("deleted the record it refers to", "added, referring to it"),
    "same_key": ("a record with this code or name", "added with the same code or name"),
}
# What a conflict about a whole record means, in the officer's words.
KIND_TEXT = {
    "deleted_there": "They deleted this record; it was edited here.",
    "deleted_here": "It was deleted here; they edited it.",
    "still_referred": "They deleted this record; records here still refer to it "
                      "(taking theirs deletes those too).",
    "refers_to_deleted": "They added it, but it refers to a record deleted here "
                         "(taking theirs brings that record back).",
    "same_key": "They added a record with the same code or name as one here "
                "(taking theirs puts their values on the record here).",
}
COLUMNS = ("Record", "Field", "Mine", "Theirs", "Decision")
DECISION_COLUMN = COLUMNS.index("Decision")
# A cell shows the start of a long text; the detail beside the list shows all of it.
CELL_CHARACTERS = 80

_Index = QModelIndex | QPersistentModelIndex


def shown_value(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def field_title(name: str | None) -> str:
    return (name or "record").replace("_", " ").capitalize()


def side_values(conflict: Conflict) -> tuple[str, str, str]:
    """Base, mine and theirs as the officer reads them."""
    if conflict.kind == "field":
        return (shown_value(conflict.base), shown_value(conflict.mine),
                shown_value(conflict.theirs))
    mine, theirs = SIDES.get(conflict.kind, (str(conflict.mine), str(conflict.theirs)))
    if conflict.kind == "still_referred":
        mine = f"kept: {conflict.mine}"
    return "—", mine, theirs


def _cell(text: str) -> str:
    first = text.splitlines()[0] if text else text
    if len(first) > CELL_CHARACTERS or first != text:
        return first[:CELL_CHARACTERS].rstrip() + "…"
    return first


class ConflictTableModel(ListTableModel):
    """Rows of conflicts and the officer's decision for each (None: undecided)."""

    def __init__(self, conflicts: Sequence[Conflict], parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.conflicts = tuple(conflicts)
        self._rows = self.conflicts
        self.row_of = {c.key: row for row, c in enumerate(self.conflicts)}
        self.choices: dict[str, Choice] = {}
        self._cells = [self._row_cells(c) for c in self.conflicts]
        self._bold = QFont()
        self._bold.setBold(True)

    @staticmethod
    def _row_cells(conflict: Conflict) -> tuple[str, str, str, str]:
        _base, mine, theirs = side_values(conflict)
        what = field_title(conflict.field) if conflict.kind == "field" else "(whole record)"
        return (f"{conflict.entity.capitalize()} “{conflict.label}”", what, _cell(mine),
                _cell(theirs))

    # -- Qt ---------------------------------------------------------------------------------

    def headings(self) -> tuple[str, ...]:
        return COLUMNS

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        conflict = self.conflicts[index.row()]
        column = index.column()
        choice = self.choices.get(conflict.key)
        if column == DECISION_COLUMN:
            if role == Qt.ItemDataRole.DisplayRole:
                return CHOICE_TEXT[choice] if choice else "Undecided"
            if role == Qt.ItemDataRole.ForegroundRole and choice is None:
                return QBrush(QColor(UNDECIDED_COLOUR))
            if role == Qt.ItemDataRole.FontRole and choice is None:
                return self._bold
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return side_values(conflict)[column - 1]
        return None

    # -- decisions --------------------------------------------------------------------------

    def choose(self, keys: Sequence[str], choice: Choice) -> None:
        rows = [self.row_of[key] for key in keys]
        for key in keys:
            self.choices[key] = choice
        if rows:
            self.dataChanged.emit(self.index(min(rows), DECISION_COLUMN),
                                  self.index(max(rows), DECISION_COLUMN))

    def undecided(self) -> list[str]:
        return [c.key for c in self.conflicts if c.key not in self.choices]

    def decisions(self) -> Decisions:
        return {c.key: self.choices[c.key] for c in self.conflicts if c.key in self.choices}
