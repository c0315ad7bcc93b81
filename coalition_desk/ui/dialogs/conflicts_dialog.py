"""Conflicts as a list and the selected one in detail: base, mine and theirs side by side.

Serves a merge (File → Merge Register…) and a stale save (a record changed elsewhere
while the officer edited it). On the left a table of every conflict and its decision; on
the right the selected conflict's three values in full, and the choice for it. Free text
(notes, quotes, summaries) can keep both texts, marked. "Keep mine for all" and "Take
theirs for all" decide everything at once. The dialog only collects decisions; whoever
opened it writes them, and closing it undecided applies nothing.

Keyboard: the list has the focus; ↑/↓ move; in the list M keeps mine, T takes theirs
and B keeps both for the selected conflict and moves to the next one, N goes to the next
undecided one; anywhere Alt+M / Alt+T / Alt+B / Alt+N do the same through the buttons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.services.merge.plan import Choice, Conflict, Decisions
from coalition_desk.ui.merge.conflict_rows import ConflictRows
from coalition_desk.ui.merge.conflicts_model import (
    KIND_TEXT,
    ConflictTableModel,
    field_title,
    shown_value,
    side_values,
)

__all__ = ["ConflictDetail", "ConflictsDialog", "ValueLabel", "field_title", "shown_value"]

MINE_COLOUR = "#e3f0fb"
THEIRS_COLOUR = "#fdf0dc"
BASE_COLOUR = "#f3f3f3"
CHOICES: tuple[tuple[Choice, str], ...] = (
    ("mine", "Keep &mine"),
    ("theirs", "Take &theirs"),
    ("both", "Keep &both (marked)"),
)
STYLE = f"""
QLabel#value_caption, QLabel#conflict_title {{ font-weight: bold; }}
QLabel#base_value, QLabel#mine_value, QLabel#theirs_value {{
    border: 1px solid #c8c8c8; padding: 4px; }}
QLabel#base_value {{ background: {BASE_COLOUR}; }}
QLabel#mine_value {{ background: {MINE_COLOUR}; }}
QLabel#theirs_value {{ background: {THEIRS_COLOUR}; }}
"""


class ValueLabel(QLabel):
    """One side's value: the whole text, wrapped and selectable."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def toPlainText(self) -> str:
        return self.text()


class ConflictDetail(QWidget):
    """The selected conflict: its three values in full and the choice for it."""

    def __init__(self, titles: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: Conflict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setObjectName("conflict_title")
        self.title.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        values = QWidget(self)
        values_layout = QVBoxLayout(values)
        values_layout.setContentsMargins(0, 0, 0, 0)
        self.texts: dict[str, ValueLabel] = {}
        for side, caption in zip(("base", "mine", "theirs"), titles, strict=True):
            heading = QLabel(caption, values)
            heading.setObjectName("value_caption")
            text = ValueLabel("", values)
            text.setObjectName(f"{side}_value")
            text.setAccessibleName(caption)
            values_layout.addWidget(heading)
            values_layout.addWidget(text)
            self.texts[side] = text
        values_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(values)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self._radios: dict[str, QRadioButton] = {}
        for choice, text in CHOICES:
            button = QRadioButton(text, self)
            button.setObjectName(f"choose_{choice}")
            self.group.addButton(button)
            row.addWidget(button)
            self._radios[choice] = button
        row.addStretch(1)
        layout.addLayout(row)

    @property
    def buttons(self) -> dict[str, QRadioButton]:
        """The choices offered for the shown conflict ("both" for free text only)."""
        return {c: b for c, b in self._radios.items() if not b.isHidden()}

    def show_conflict(self, conflict: Conflict | None, choice: Choice | None) -> None:
        self.conflict = conflict
        if conflict is None:
            self.title.setText("No conflict selected.")
            self.note.hide()
            for text in self.texts.values():
                text.setText("")
            for button in self._radios.values():
                button.setEnabled(False)
            return
        what = field_title(conflict.field) if conflict.kind == "field" else "the record"
        self.title.setText(f"{conflict.entity.capitalize()} “{conflict.label}” — {what}")
        self.note.setText(KIND_TEXT.get(conflict.kind, ""))
        self.note.setVisible(conflict.kind != "field")
        for side, value in zip(("base", "mine", "theirs"), side_values(conflict),
                               strict=True):
            self.texts[side].setText(value)
        self._radios["both"].setHidden(not conflict.free_text)
        self.group.setExclusive(False)
        for name, button in self._radios.items():
            button.setEnabled(True)
            button.setChecked(name == choice)
            button.setAccessibleName(
                f"{conflict.label} {field_title(conflict.field)}: "
                f"{button.text().replace('&', '')}")
        self.group.setExclusive(True)

    def choice(self) -> Choice | None:
        for name, button in self._radios.items():
            if button.isChecked():
                return name  # type: ignore[return-value]
        return None


class ConflictTable(QTableView):
    """The list of conflicts; M, T, B choose for the selected one, N finds the next
    undecided one (hundreds are decided without leaving the keyboard)."""

    chosen = Signal(str)
    next_requested = Signal()
    _KEYS: ClassVar[dict[Qt.Key, str]] = {
        Qt.Key.Key_M: "mine", Qt.Key.Key_T: "theirs", Qt.Key.Key_B: "both"}

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.ShiftModifier)
        key = Qt.Key(event.key())
        if plain and key in self._KEYS:
            self.chosen.emit(self._KEYS[key])
            return
        if plain and key == Qt.Key.Key_N:
            self.next_requested.emit()
            return
        super().keyPressEvent(event)


class ConflictsDialog(QDialog):
    """Decide every conflict; ``decisions()`` then maps each conflict's key to a choice."""

    def __init__(
        self,
        conflicts: Sequence[Conflict],
        *,
        title: str = "Conflicts",
        intro: str = "",
        mine_title: str = "Mine (this register)",
        theirs_title: str = "Theirs",
        preset: Mapping[str, Choice] | None = None,
        apply_text: str = "&Apply these choices",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_dialog")
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        self.resize(1100, 640)
        self.conflicts = tuple(conflicts)
        self.model = ConflictTableModel(self.conflicts, self)
        body = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
            intro_label.setObjectName("conflicts_intro")
            body.addWidget(intro_label)

        self.table = ConflictTable(self)
        self.table.setObjectName("conflicts_table")
        self.table.setAccessibleName("Conflicts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # Mine and theirs share what is left; the decision is always in sight.
        for column, width in enumerate((160, 90, 0, 0, 100)):
            mode = QHeaderView.ResizeMode.Stretch if not width else \
                QHeaderView.ResizeMode.Interactive
            header.setSectionResizeMode(column, mode)
            if width:
                self.table.setColumnWidth(column, width)
        self.detail = ConflictDetail(("Base (as last shared)", mine_title, theirs_title), self)
        self.detail.group.buttonClicked.connect(self._on_radio)
        self.table.chosen.connect(self._chosen_in_list)
        self.table.next_requested.connect(self.next_undecided)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        body.addWidget(splitter, 1)

        self.status = QLabel(self)
        self.status.setObjectName("conflicts_status")
        body.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.next_button = QPushButton("&Next undecided", self)
        self.next_button.setObjectName("next_undecided")
        self.all_mine = QPushButton("Keep mine for &all", self)
        self.all_theirs = QPushButton("Take theirs for a&ll", self)
        for button in (self.next_button, self.all_mine, self.all_theirs):
            button.setAutoDefault(False)
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button = self.buttons.addButton(
            apply_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("apply_choices")
        cancel = self.buttons.addButton(
            "&Decide later (apply nothing)", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("decide_later")
        self.next_button.clicked.connect(lambda _checked=False: self.next_undecided())
        self.all_mine.clicked.connect(lambda: self.choose_all("mine"))
        self.all_theirs.clicked.connect(lambda: self.choose_all("theirs"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body.addWidget(self.buttons)

        for key, choice in (preset or {}).items():
            if key in self.model.row_of:
                self._check_offered(key, choice)
                self.model.choose([key], choice)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_row(current.row()))
        self.setStyleSheet(STYLE)
        first = self.model.undecided()
        self.select(first[0] if first else self.conflicts[0].key) if self.conflicts else \
            self.detail.show_conflict(None, None)
        self.table.setFocus()
        self._update()

    # -- the list and the detail ----------------------------------------------------------

    def select(self, key: str) -> ConflictDetail:
        """Show this conflict in the detail (as clicking its row does); returns the detail."""
        index = self.model.index(self.model.row_of[key], 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._show_row(index.row())
        return self.detail

    @property
    def rows(self) -> ConflictRows:
        """Each conflict by key, as a handle (``ui/merge/conflict_rows.py``)."""
        return ConflictRows(self)

    def current_key(self) -> str | None:
        conflict = self.detail.conflict
        return conflict.key if conflict is not None else None

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.conflicts):
            conflict = self.conflicts[row]
            self.detail.show_conflict(conflict, self.model.choices.get(conflict.key))

    def next_undecided(self) -> str | None:
        """Select the next undecided conflict after the current one (wrapping round)."""
        undecided = set(self.model.undecided())
        if not undecided:
            return None
        start = self.model.row_of.get(self.current_key() or "", -1)
        count = len(self.conflicts)
        for step in range(1, count + 1):
            key = self.conflicts[(start + step) % count].key
            if key in undecided:
                self.select(key)
                self.table.setFocus()
                return key
        return None

    # -- choosing -------------------------------------------------------------------------

    def _check_offered(self, key: str, choice: Choice) -> None:
        conflict = self.conflicts[self.model.row_of[key]]
        if choice == "both" and not conflict.free_text:
            raise ValueError(f"{choice!r} is not offered for {conflict.field}")

    def _on_radio(self, button: QRadioButton) -> None:
        key = self.current_key()
        if key is None:
            return
        choice = next(c for c, b in self.detail._radios.items() if b is button)
        self.model.choose([key], choice)  # type: ignore[list-item]
        self._update()

    def _chosen_in_list(self, choice: str) -> None:
        key = self.current_key()
        if key is None:
            return
        conflict = self.conflicts[self.model.row_of[key]]
        if choice == "both" and not conflict.free_text:
            return  # not offered for this field: the detail shows no such button
        self.choose(key, choice)  # type: ignore[arg-type]
        row = self.model.row_of[key]
        if row + 1 < len(self.conflicts):
            self.select(self.conflicts[row + 1].key)

    def choose(self, key: str, choice: Choice) -> None:
        self._check_offered(key, choice)
        self.model.choose([key], choice)
        if key == self.current_key():
            self._show_row(self.model.row_of[key])
        self._update()

    def choose_all(self, choice: Choice) -> None:
        self.model.choose([c.key for c in self.conflicts], choice)
        key = self.current_key()
        if key is not None:
            self._show_row(self.model.row_of[key])
        self._update()

    def choice(self, key: str) -> Choice | None:
        return self.model.choices.get(key)

    def undecided(self) -> list[str]:
        return self.model.undecided()

    def decisions(self) -> Decisions:
        return self.model.decisions()

    def _update(self) -> None:
        left = len(self.model.undecided())
        total = len(self.conflicts)
        self.apply_button.setEnabled(left == 0)
        self.next_button.setEnabled(left > 0)
        if left:
            self.status.setText(f"{total - left} of {total} decided; decide each one to apply.")
        else:
            self.status.setText("Decided." if total == 1 else f"All {total} decided.")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.setFocus()  # the list, not a button: ↑/↓ and Alt+M/T/B work at once

    def accept(self) -> None:
        if self.model.undecided():
            return  # the button is disabled; a keyboard Enter must not slip past it
        super().accept()
