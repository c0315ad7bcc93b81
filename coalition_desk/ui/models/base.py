"""A table model over a plain list of frozen rows, sorted and filtered in Python.

No QSortFilterProxyModel: at 200,000 rows a Python sort with a precomputed key and a
substring test over a precomputed lower-case text are far cheaper than Qt calling
back into Python for every comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from coalition_desk.domain.enums import LabelledEnum
from coalition_desk.domain.wording import name_key

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole
UUID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column(Generic[Row]):
    """How one column shows a row; every callable takes the row."""

    header: str
    text: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str | None] | None = None
    background: Callable[[Row], str | None] | None = None
    foreground: Callable[[Row], str | None] | None = None
    bold: Callable[[Row], bool] | None = None
    italic: Callable[[Row], bool] | None = None
    align_right: bool = False
    header_tooltip: str = ""


def vocabulary_labels(vocabulary: type[LabelledEnum]) -> dict[str, str]:
    """Each value of a closed vocabulary with its label, worked out once: a table asks
    for a label per cell on every paint and per row on every sort."""
    return {member.value: member.label for member in vocabulary}


def _sortable(value: Any) -> tuple[bool, Any]:
    # None sorts last whatever its neighbours' type.
    return (value is None, value if value is not None else 0)


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows must have a ``uuid`` attribute: selection is kept by UUID, not by position."""

    filter_columns: ClassVar[tuple[int, ...] | None] = None

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: list[Column[Row]] = list(columns)
        self._all: list[Row] = []
        # Lower-case text of each row, built on the first filtering: most refreshes (a
        # selection narrowing a pane) are never filtered by text.
        self._haystacks: list[str] | None = None
        self._shown: list[Row] = []
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # Each sorted column's key per row (by the row's id; the rows are held in
        # self._all meanwhile), worked out on its first sort: a case- and accent-free key
        # costs more than the sort itself, and a header clicked again only reverses.
        self._sort_keys: dict[int, dict[int, tuple[bool, Any]]] = {}
        self._fonts: dict[tuple[bool, bool], QFont] = {}
        self._brushes: dict[str, QBrush] = {}
        self._getters = [self._role_getters(column) for column in self._columns]

    # --- what the panes call ---------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._haystacks = None
        self._sort_keys = {}
        self._shown = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column[Row]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._getters = [self._role_getters(column) for column in self._columns]
        self._haystacks = None
        self._sort_keys = {}
        self._shown = self._filtered()
        if self._sort is not None and self._sort[0] >= len(self._columns):
            self._sort = None
        self._apply_sort()
        self.endResetModel()

    def set_filter_text(self, text: str) -> None:
        needle = text.strip().lower()
        if needle == self._filter:
            return
        self.beginResetModel()
        self._filter = needle
        self._shown = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def prepare_filter(self) -> None:
        """Work out the rows' text for filtering now (at an idle moment), not on the
        first key typed into the filter: 5 ms at 200 nations with a column per issue."""
        if self._haystacks is None:
            self._haystacks = [self._haystack(row) for row in self._all]

    @property
    def rows(self) -> list[Row]:
        """The rows shown, in the order shown."""
        return list(self._shown)

    @property
    def total_count(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> Row:
        return self._shown[row]

    def row_of_uuid(self, uuid: str | None) -> int | None:
        if uuid is None:
            return None
        for index, row in enumerate(self._shown):
            if row.uuid == uuid:  # type: ignore[attr-defined]
                return index
        return None

    def shown_rows(self) -> list[Row]:
        """The rows in the order shown (for painting cells without a call per role)."""
        return self._shown

    def role_getters(self) -> list[dict[int, Callable[[Row], Any]]]:
        """Per column, how it answers each role it answers (see ``_role_getters``)."""
        return self._getters

    def column_headers(self) -> list[str]:
        return [column.header for column in self._columns]

    # --- filtering and sorting ------------------------------------------------------
    def _haystack(self, row: Row) -> str:
        chosen = self.filter_columns
        columns = self._columns if chosen is None else [self._columns[i] for i in chosen]
        return "\x1f".join(column.text(row) for column in columns).lower()

    def _filtered(self) -> list[Row]:
        if not self._filter:
            return list(self._all)
        needle = self._filter
        if self._haystacks is None:
            self._haystacks = [self._haystack(row) for row in self._all]
        return [row for row, hay in zip(self._all, self._haystacks, strict=True) if needle in hay]

    def _apply_sort(self) -> list[int] | None:
        """Sort the rows shown; returns where each now-shown row stood before."""
        if self._sort is None:
            return None
        column_index, order = self._sort
        keys = self._sort_keys.get(column_index)
        if keys is None:
            column = self._columns[column_index]
            # Text sorts as an officer reads a list: case and accents ignored.
            key = column.sort_key or (lambda row: name_key(column.text(row)))
            keys = self._sort_keys[column_index] = {
                id(row): _sortable(key(row)) for row in self._all
            }
        shown = self._shown
        # Sorting positions by a list of keys: no Python call per row (a lambda per row
        # was half of a 5,000-meeting sort). Stable either way, as list.sort is.
        row_keys = [keys[id(row)] for row in shown]
        before = sorted(
            range(len(shown)),
            key=row_keys.__getitem__,
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._shown = [shown[i] for i in before]
        return before

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        if self._sort == (column, order):
            # Already in that order (the rows are sorted again whenever they change):
            # QTableView.sortByColumn asks twice.
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        self._sort = (column, order)
        before = self._apply_sort()
        assert before is not None
        now_at = {old: new for new, old in enumerate(before)} if len(persistent) > 8 else None
        self.changePersistentIndexList(
            persistent,
            [
                self.index(
                    now_at[index.row()] if now_at is not None else before.index(index.row()),
                    index.column(),
                )
                for index in persistent
            ],
        )
        self.layoutChanged.emit()

    # --- QAbstractTableModel ---------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            # The whole heading, for when a narrow column cuts it.
            return column.header_tooltip or column.header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row_number, column_number = index.row(), index.column()
        if not (0 <= row_number < len(self._shown) and 0 <= column_number < len(self._columns)):
            return None
        getter = self._getters[column_number].get(role)
        return None if getter is None else getter(self._shown[row_number])

    def multiData(self, index: AnyIndex, roleDataSpan: QModelRoleDataSpan) -> None:
        # What the views' delegates call to paint or measure a cell: seven roles in one
        # call from Qt, instead of seven calls of data() (a third of a table's paint).
        row_number, column_number = index.row(), index.column()
        if not (0 <= row_number < len(self._shown) and 0 <= column_number < len(self._columns)):
            for role_data in roleDataSpan:
                role_data.setData(None)
            return
        row = self._shown[row_number]
        getters = self._getters[column_number]
        for role_data in roleDataSpan:
            getter = getters.get(role_data.role())
            role_data.setData(None if getter is None else getter(row))

    def _role_getters(self, column: Column[Row]) -> dict[int, Callable[[Row], Any]]:
        """How ``column`` answers each role it answers, worked out once per column: views
        ask for seven roles per cell on every paint, most of them never answered."""
        getters: dict[int, Callable[[Row], Any]] = {
            Qt.ItemDataRole.DisplayRole: column.text,
            ROW_ROLE: lambda row: row,
            UUID_ROLE: lambda row: row.uuid,  # type: ignore[attr-defined]
        }
        if column.tooltip is not None:
            getters[Qt.ItemDataRole.ToolTipRole] = column.tooltip
        if column.background is not None:
            getters[Qt.ItemDataRole.BackgroundRole] = self._brush_of(column.background)
        if column.foreground is not None:
            getters[Qt.ItemDataRole.ForegroundRole] = self._brush_of(column.foreground)
        if column.bold or column.italic:
            getters[Qt.ItemDataRole.FontRole] = lambda row: self._font(column, row)
        if column.align_right:
            right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            getters[Qt.ItemDataRole.TextAlignmentRole] = lambda _row: right
        return {int(role): getter for role, getter in getters.items()}

    def _brush_of(self, colour_of: Callable[[Row], str | None]) -> Callable[[Row], QBrush | None]:
        brushes = self._brushes

        def brush(row: Row) -> QBrush | None:
            colour = colour_of(row)
            if not colour:
                return None
            found = brushes.get(colour)
            if found is None:
                found = brushes[colour] = QBrush(QColor(colour))
            return found

        return brush

    def _font(self, column: Column[Row], row: Row) -> QFont | None:
        key = (
            bool(column.bold and column.bold(row)),
            bool(column.italic and column.italic(row)),
        )
        if key == (False, False):
            return None
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = QFont()
            font.setBold(key[0])
            font.setItalic(key[1])
        return font
