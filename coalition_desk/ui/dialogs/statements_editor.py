"""The statements grid on the meeting form: several positions stated at it, at once.

One row per statement: nation, issue, stance (from that issue's scale), quote, and the
speaker from that nation's people, who is the nation's head of delegation at this
meeting unless another is chosen. Saved with the meeting, dated by it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
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

from coalition_desk.domain.records import Issue, Position
from coalition_desk.ui.dialogs.fields import Choice
from coalition_desk.ui.models.editable_rows import EditableColumn, EditableRowsModel

NATION, ISSUE, STANCE, QUOTE, SPEAKER = range(5)
HEADERS = ("Nation", "Issue", "Stance", "Quote", "Speaker")
FIELDS = ("nation_uuid", "issue_uuid", "stance", "quote", "speaker_uuid")
AnyIndex = QModelIndex | QPersistentModelIndex
NO_STANCE = "(no stance taken)"


class StatementsModel(EditableRowsModel[Position]):
    def __init__(self, nations: Sequence[Choice], issues: Sequence[Issue],
                 people: dict[str, list[Choice]], default_speaker: Callable[[str], str | None],
                 parent: QWidget | None = None) -> None:
        speakers = {uuid: label for choices in people.values() for label, uuid in choices}
        super().__init__([
            EditableColumn(HEADERS[NATION], FIELDS[NATION],
                           {uuid: label for label, uuid in nations}, missing=""),
            EditableColumn(HEADERS[ISSUE], FIELDS[ISSUE],
                           {issue.uuid: issue.name for issue in issues}, missing=""),
            EditableColumn(HEADERS[STANCE], FIELDS[STANCE], empty=NO_STANCE,
                           none_when_empty=True),
            EditableColumn(HEADERS[QUOTE], FIELDS[QUOTE]),
            EditableColumn(HEADERS[SPEAKER], FIELDS[SPEAKER], speakers, missing="",
                           none_when_empty=True),
        ], parent)
        self.nations = list(nations)
        self.issues = {issue.uuid: issue for issue in issues}
        self.people = people
        self.default_speaker = default_speaker
        # The only issue is every statement's issue until another is chosen.
        self.default_issue = issues[0].uuid if len(issues) == 1 else ""

    def changed(self, row: Position, field: str, value: Any) -> Position:
        changed = dataclasses.replace(row, **{field: value})
        if field == "nation_uuid" and value != row.nation_uuid:
            changed = dataclasses.replace(changed, speaker_uuid=self.default_speaker(str(value)))
        if field == "issue_uuid" and value != row.issue_uuid:
            changed = dataclasses.replace(changed, stance=None)
        return changed

    def add_row(self, as_of: dt.date) -> int:
        return self.append(Position(nation_uuid="", issue_uuid=self.default_issue, as_of=as_of))

    def choices_for(self, row: int, column: int) -> list[Choice]:
        record = self.row_at(row)
        if column == NATION:
            return self.nations
        if column == ISSUE:
            return [(issue.name, uuid) for uuid, issue in self.issues.items()]
        if column == STANCE:
            issue = self.issues.get(record.issue_uuid)
            return [(NO_STANCE, ""), *((s, s) for s in (issue.stances if issue else ()))]
        if column == SPEAKER:
            return [("(none)", ""), *self.people.get(record.nation_uuid, [])]
        return []


class RowChoiceDelegate(QStyledItemDelegate):
    """A combo box whose choices depend on the row (the issue's stances, the nation's people)."""

    def createEditor(self, parent: QWidget, _option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        editor = QComboBox(parent)
        model = index.model()
        assert isinstance(model, StatementsModel)
        for label, value in model.choices_for(index.row(), index.column()):
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole) or ""), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class StatementsEditor(QWidget):
    def __init__(self, model: StatementsModel, meeting_date: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._meeting_date = meeting_date
        self.view = QTableView(self)
        self.view.setObjectName("statements_grid")
        self.view.setAccessibleName("Statements made at this meeting")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        delegate = RowChoiceDelegate(self.view)
        for column in (NATION, ISSUE, STANCE, SPEAKER):
            self.view.setItemDelegateForColumn(column, delegate)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(QUOTE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NATION, 130), (ISSUE, 150), (STANCE, 150), (SPEAKER, 130)):
            self.view.setColumnWidth(column, width)
        self.add_button = QPushButton("Add s&tatement", self)
        self.add_button.setAccessibleName("Add a statement row")
        self.remove_button = QPushButton("Remo&ve statement", self)
        self.add_button.clicked.connect(lambda _checked=False: self.add_statement())
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def add_statement(self) -> int:
        position = self.model.add_row(self._meeting_date())
        self.view.setCurrentIndex(self.model.index(position, NATION))
        return position

    def _remove_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())

    def statements(self, meeting_date: dt.date) -> list[Position]:
        """The rows as positions dated by the meeting (a row never touched is left out)."""
        return [dataclasses.replace(row, as_of=meeting_date) for row in self.model.rows()
                if row.nation_uuid or row.quote or row.stance]
