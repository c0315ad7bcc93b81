"""The attendance list on the meeting form: which nations came, at what level, led by whom."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain import enums
from coalition_desk.domain.records import Attendance
from coalition_desk.ui.dialogs.fields import Choice

NATION, LEVEL, HEAD, NOTES = range(4)
HEADERS = ("Nation", "Level", "Head of delegation", "Notes")
FIELD_BY_COLUMN = ("nation_uuid", "level", "head_of_delegation", "notes")
LEVELS: list[Choice] = [(level.label, level.value) for level in enums.AttendanceLevel]
AnyIndex = QModelIndex | QPersistentModelIndex


class AttendanceModel(QAbstractTableModel):
    """Editable rows of Attendance records (a meeting has tens of rows, not thousands)."""

    def __init__(self, nations: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nations = list(nations)
        self._nation_label = {uuid: label for label, uuid in nations}
        self._level_label = {value: label for label, value in LEVELS}
        self._rows: list[Attendance] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = getattr(self._rows[index.row()], FIELD_BY_COLUMN[index.column()])
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == NATION:
                return self._nation_label.get(value, "(choose a nation)")
            if index.column() == LEVEL:
                return self._level_label.get(value, value)
            return value
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = FIELD_BY_COLUMN[index.column()]
        row = self._rows[index.row()]
        self._rows[index.row()] = dataclasses.replace(row, **{field: str(value or "")})
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def set_rows(self, rows: Sequence[Attendance]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Attendance]:
        return list(self._rows)

    def append(self, row: Attendance) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self.endInsertRows()
        return position

    def remove(self, position: int) -> None:
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self.endRemoveRows()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor over (label, value) choices for one column."""

    def __init__(self, choices: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = list(choices)

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, _index: AnyIndex
    ) -> QWidget:
        editor = QComboBox(parent)
        for label, value in self.choices:
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class AttendanceEditor(QWidget):
    def __init__(self, nations: Sequence[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AttendanceModel(nations, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Attendance")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setItemDelegateForColumn(NATION, ChoiceDelegate(nations, self.view))
        self.view.setItemDelegateForColumn(LEVEL, ChoiceDelegate(LEVELS, self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(NATION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HEAD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTES, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 12)
        self.add_button = QPushButton("Add &Nation", self)
        self.add_button.setAccessibleName("Add an attending nation")
        self.remove_button = QPushButton("Re&move", self)
        self.remove_button.setAccessibleName("Remove the selected attending nation")
        self.add_button.clicked.connect(lambda _checked=False: self.add_nation())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_rows(self, rows: Sequence[Attendance]) -> None:
        self.model.set_rows(rows)

    def rows(self) -> list[Attendance]:
        return self.model.rows()

    def add_nation(self, nation_uuid: str = "", level: str = "not_stated") -> None:
        """A new row; with no nation given, the nation cell opens for choosing one."""
        position = self.model.append(
            Attendance(meeting_uuid="", nation_uuid=nation_uuid, level=level)
        )
        index = self.model.index(position, NATION)
        self.view.setCurrentIndex(index)
        if not nation_uuid and self.isVisible():
            self.view.edit(index)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        for position in reversed(rows):
            self.model.remove(position)
