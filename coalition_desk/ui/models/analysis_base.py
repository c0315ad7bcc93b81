"""A read-only table over a list of plain values, its columns declared as data.

Each analysis table says what its columns show (header, text, optional tooltip and
alignment); ``ROW_ROLE`` returns the row value itself so that a selection survives a
refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from coalition_desk.ui.models.list_table import ListTableModel

Row = TypeVar("Row")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
STALE_BACKGROUND = QColor("#fff4d6")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    text: Callable[[Row], str]
    tooltip: Callable[[Row], str] | None = None
    align: Qt.AlignmentFlag = LEFT


class RowTableModel(ListTableModel, Generic[Row]):
    COLUMNS: Sequence[Column[Any]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def headings(self) -> list[str]:
        return [column.header for column in self.COLUMNS]

    def is_stale(self, row: Row) -> bool:
        return bool(getattr(row, "stale", False))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.BackgroundRole and self.is_stale(row):
            return QBrush(STALE_BACKGROUND)
        if role == ROW_ROLE:
            return row
        return None


def amount(value: float | None, missing: str = "") -> str:
    if value is None:
        return missing
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
