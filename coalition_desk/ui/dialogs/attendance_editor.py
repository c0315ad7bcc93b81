"""The attendance list on the meeting form: which nations came, at what level, led by whom."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
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
from coalition_desk.ui.models.editable_rows import EditableColumn, EditableRowsModel

NATION, LEVEL, HEAD, NOTES = range(4)
HEADERS = ("Nation", "Level", "Head of delegation", "Notes")
FIELD_BY_COLUMN = ("nation_uuid", "level", "head_of_delegation", "notes")
LEVELS: list[Choice] = [(level.label, level.value) for level in enums.AttendanceLevel]
AnyIndex = QModelIndex | QPersistentModelIndex
SUGGESTION_COLOUR = "#78909c"


class AttendanceModel(EditableRowsModel[Attendance]):
    """Editable rows of Attendance records (a meeting has tens of rows, not thousands)."""

    def __init__(self, nations: Sequence[Choice], parent: QWidget | None = None, *,
                 suggested_heads: dict[str, str] | None = None) -> None:
        nation_label = {uuid: label for label, uuid in nations}
        level_label = {value: label for label, value in LEVELS}
        super().__init__([
            EditableColumn(HEADERS[NATION], FIELD_BY_COLUMN[NATION], nation_label,
                           missing="(choose a nation)"),
            EditableColumn(HEADERS[LEVEL], FIELD_BY_COLUMN[LEVEL], level_label),
            EditableColumn(HEADERS[HEAD], FIELD_BY_COLUMN[HEAD]),
            EditableColumn(HEADERS[NOTES], FIELD_BY_COLUMN[NOTES]),
        ], parent)
        self.nations = list(nations)
        # Per nation, the head of delegation to suggest (its only person on record):
        # shown greyed in an empty cell, recorded only once the officer accepts it.
        self.suggested_heads = suggested_heads or {}

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == HEAD and role != Qt.ItemDataRole.EditRole:
            suggestion = self.suggestion(index.row())
            if suggestion:
                return _suggested(suggestion, role)
        return super().data(index, role)

    def suggestion(self, position: int) -> str:
        """The head of delegation suggested for an empty cell, or ""."""
        row = self.row_at(position)
        if row.head_of_delegation:
            return ""
        return self.suggested_heads.get(row.nation_uuid, "")

    def accept_suggestions(self) -> int:
        """Record every suggested head of delegation; how many were taken."""
        taken = 0
        for position in range(self.rowCount()):
            suggestion = self.suggestion(position)
            if suggestion:
                self.setData(self.index(position, HEAD), suggestion)
                taken += 1
        return taken


def _suggested(name: str, role: int) -> Any:
    if role == Qt.ItemDataRole.DisplayRole:
        return f"{name} (suggested)"
    if role == Qt.ItemDataRole.ToolTipRole:
        return (f"{name} is this nation's only person on record. Not recorded unless you "
                "take it: open the cell and press Enter, or Accept suggested heads; or type "
                "who led the delegation.")
    if role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(QColor(SUGGESTION_COLOUR))
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setItalic(True)
        return font
    return None


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

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class HeadDelegate(QStyledItemDelegate):
    """Head of delegation: picked from the row's nation's people, or typed (a newcomer
    is added to that nation's people when the meeting is saved)."""

    def __init__(self, people: dict[str, list[str]], model: AttendanceModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = people
        self.rows = model

    def createEditor(
        self, parent: QWidget, _option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QComboBox(parent)
        editor.setEditable(True)
        nation = self.rows.rows()[index.row()].nation_uuid
        editor.addItems(self.people.get(nation, []))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        suggestion = "" if value else self.rows.suggestion(index.row())
        editor.setEditText(value or suggestion)
        line = editor.lineEdit()
        if suggestion and line is not None:
            # Enter takes the suggestion; the first key typed replaces it.
            line.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class AttendanceEditor(QWidget):
    def __init__(self, nations: Sequence[Choice], parent: QWidget | None = None, *,
                 people: dict[str, list[str]] | None = None) -> None:
        super().__init__(parent)
        self.people = people or {}
        self.model = AttendanceModel(
            nations, self,
            suggested_heads={nation: names[0] for nation, names in self.people.items()
                             if len(names) == 1})
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
        self.view.setItemDelegateForColumn(HEAD, HeadDelegate(self.people, self.model, self.view))
        # Fast entry: tick the nations that came; each comes in at the level chosen here.
        # A nation's only person on record is suggested as its head of delegation, never
        # recorded unasked: the minister who came is often not the one person on file.
        self.ticks = QListWidget(self)
        self.ticks.setObjectName("attendance_ticks")
        self.ticks.setAccessibleName("Nations attending: tick each one")
        for label, uuid in nations:
            item = QListWidgetItem(label, self.ticks)
            item.setData(Qt.ItemDataRole.UserRole, uuid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.ticks.itemChanged.connect(self._on_tick)
        self.default_level = QComboBox(self)
        self.default_level.setObjectName("attendance_default_level")
        self.default_level.setAccessibleName("Level of the nations ticked")
        for label, value in LEVELS:
            self.default_level.addItem(label, value)
        self.default_level.setCurrentIndex(self.default_level.findData("not_stated"))
        self.default_level.currentIndexChanged.connect(self._apply_default_level)
        self.same_as = QComboBox(self)
        self.same_as.setObjectName("same_attendance_as")
        self.same_as.setAccessibleName("Same attendance as an earlier meeting")
        self.same_as.addItem("—", None)
        self._syncing_ticks = False
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
        self.accept_suggestions_button = QPushButton("Accept su&ggested heads", self)
        self.accept_suggestions_button.setObjectName("accept_suggested_heads")
        self.accept_suggestions_button.setAccessibleName(
            "Record each suggested head of delegation (a nation's only person on record)")
        self.accept_suggestions_button.setEnabled(False)
        self.accept_suggestions_button.clicked.connect(
            lambda _checked=False: self.model.accept_suggestions())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.accept_suggestions_button)
        buttons.addStretch(1)
        quick = QHBoxLayout()
        level_label = QLabel("Le&vel of those ticked:", self)
        level_label.setBuddy(self.default_level)
        same_label = QLabel("Same attendance a&s:", self)
        same_label.setBuddy(self.same_as)
        quick.addWidget(level_label)
        quick.addWidget(self.default_level)
        quick.addWidget(same_label)
        quick.addWidget(self.same_as, 1)
        columns = QHBoxLayout()
        columns.addWidget(self.ticks, 1)
        columns.addWidget(self.view, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(quick)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.model.rowsInserted.connect(self._sync_ticks)
        self.model.rowsRemoved.connect(self._sync_ticks)
        self.model.modelReset.connect(self._sync_ticks)
        self.model.dataChanged.connect(self._sync_ticks)

    # --- fast entry ------------------------------------------------------------------
    def offer_earlier(self, meetings: Sequence[tuple[str, list[Attendance]]]) -> None:
        """Earlier meetings whose attendance can be copied: (label, its attendance)."""
        for label, rows in meetings:
            self.same_as.addItem(label, rows)
        self.same_as.currentIndexChanged.connect(self._copy_earlier)

    def _copy_earlier(self, _index: int) -> None:
        rows = self.same_as.currentData()
        if rows:
            self.set_rows([dataclasses.replace(r, uuid="", meeting_uuid="") for r in rows])

    def tick(self, nation_uuid: str, ticked: bool = True) -> None:
        for position in range(self.ticks.count()):
            item = self.ticks.item(position)
            if item.data(Qt.ItemDataRole.UserRole) == nation_uuid:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _on_tick(self, item: QListWidgetItem) -> None:
        if self._syncing_ticks:
            return
        nation = item.data(Qt.ItemDataRole.UserRole)
        listed = [i for i, row in enumerate(self.model.rows()) if row.nation_uuid == nation]
        if item.checkState() == Qt.CheckState.Checked and not listed:
            self.model.append(Attendance(
                meeting_uuid="", nation_uuid=nation, level=self.default_level.currentData()))
        elif item.checkState() != Qt.CheckState.Checked:
            for position in reversed(listed):
                self.model.remove(position)

    def _apply_default_level(self, _index: int) -> None:
        level = self.default_level.currentData()
        for position, row in enumerate(self.model.rows()):
            if row.level == "not_stated":
                self.model.setData(self.model.index(position, LEVEL), level)

    def _sync_ticks(self, *_args: object) -> None:
        rows = range(self.model.rowCount())
        self.accept_suggestions_button.setEnabled(any(self.model.suggestion(p) for p in rows))
        listed = {row.nation_uuid for row in self.model.rows()}
        self._syncing_ticks = True
        try:
            for position in range(self.ticks.count()):
                item = self.ticks.item(position)
                wanted = (Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in listed
                          else Qt.CheckState.Unchecked)
                if item.checkState() != wanted:
                    item.setCheckState(wanted)
        finally:
            self._syncing_ticks = False

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
