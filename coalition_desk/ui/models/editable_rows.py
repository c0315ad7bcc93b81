"""An editable table over a short list of frozen dataclass rows (a form's grid).

For the meeting form's attendance and statements: tens of rows, edited in place, each
column one field of the row, shown through a label lookup where the field holds a
UUID or a code. Unlike ``base.RowTableModel`` (hundreds of thousands of read-only
rows, sorted and filtered in Python) nothing here is sorted: the officer's order is
the order saved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex
SHOWN_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


@dataclasses.dataclass(frozen=True)
class EditableColumn:
    """One column: its header, the row's field it edits, and how that field is shown."""

    header: str
    field: str
    # Stored value -> what the cell shows; a value missing from it shows ``missing``.
    labels: Mapping[Any, str] | None = None
    # None: a missing value shows as itself (a level code no label names).
    missing: str | None = None
    # The cell of an empty value shows this instead (e.g. "(no stance taken)").
    empty: str | None = None
    # An emptied cell stores None (optional references, optional text) rather than "".
    none_when_empty: bool = False


class EditableRowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of one dataclass, every cell editable; the rows are the model's data."""

    def __init__(self, columns: Sequence[EditableColumn], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Row] = []

    # -- what Qt asks -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self._rows[index.row()], column.field)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role in SHOWN_ROLES:
            return self.shown(column, value)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        stored = (value or None) if column.none_when_empty else str(value or "")
        row = self._rows[index.row()]
        self._rows[index.row()] = self.changed(row, column.field, stored)
        # The whole row: a change may move other cells (a new nation's speaker).
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(self.columns) - 1))
        return True

    # -- for subclasses -----------------------------------------------------------------

    def shown(self, column: EditableColumn, value: Any) -> Any:
        if column.empty is not None and value in (None, ""):
            return column.empty
        if column.labels is None:
            return value
        if column.missing is None:
            return column.labels.get(value, value)
        return column.labels.get(value, column.missing)

    def changed(self, row: Row, field: str, value: Any) -> Row:
        """The row once ``field`` is set to ``value`` (override to change others with it)."""
        return dataclasses.replace(row, **{field: value})  # type: ignore[type-var]

    # -- the rows -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, position: int) -> Row:
        return self._rows[position]

    def append(self, row: Row) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()
        return position

    def remove(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self.endRemoveRows()
