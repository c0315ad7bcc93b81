"""Conflicts side by side, field by field: base, mine, theirs, and a choice for each.

Serves a merge (File → Merge Register…) and a stale save (a record changed elsewhere
while the officer edited it). Free text (notes, quotes, summaries) can keep both texts,
marked. The dialog only collects decisions; whoever opened it writes them, and closing
it undecided applies nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.services.merge.plan import Choice, Conflict, Decisions

MINE_COLOUR = "#e3f0fb"
THEIRS_COLOUR = "#fdf0dc"
BASE_COLOUR = "#f3f3f3"
UNDECIDED_STYLE = "color: #b3261e; font-weight: bold;"
CHOICES: tuple[tuple[Choice, str], ...] = (
    ("mine", "Keep &mine"),
    ("theirs", "Take &theirs"),
    ("both", "Keep &both (marked)"),
)
_KIND_TEXT = {
    "deleted_there": "They deleted this record; it was edited here.",
    "deleted_here": "It was deleted here; they edited it.",
    "still_referred": "They deleted this record; records here still refer to it "
                      "(taking theirs deletes those too).",
    "refers_to_deleted": "They added it, but it refers to a record deleted here "
                         "(taking theirs brings that record back).",
    "same_key": "They added a record with the same code or name as one here "
                "(taking theirs puts their values on the record here).",
}


# What each side did, for conflicts about a whole record (their values are uuids or tags).
_SIDES = {
    "deleted_there": ("edited", "deleted"),
    "deleted_here": ("deleted", "edited"),
    "still_referred": ("kept", "deleted"),
    "refers_to_deleted": ("deleted the record it refers to", "added, referring to it"),
    "same_key": ("a record with this code or name", "added with the same code or name"),
}


def shown_value(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def field_title(name: str | None) -> str:
    return (name or "record").replace("_", " ").capitalize()


class ConflictRow(QFrame):
    """One conflict: the three values side by side and the officer's choice."""

    chosen = Signal(str, str)  # key, choice

    def __init__(
        self, conflict: Conflict, titles: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setObjectName("conflict_row")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        entity = conflict.entity.capitalize()
        what = field_title(conflict.field) if conflict.kind == "field" else "the record"
        title = QLabel(f"<b>{entity} “{_escaped(conflict.label)}”</b> — {what}", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(title)
        if conflict.kind != "field":
            note = QLabel(_KIND_TEXT.get(conflict.kind, conflict.line()), self)
            note.setWordWrap(True)
            layout.addWidget(note)
        values = QGridLayout()
        values.setHorizontalSpacing(8)
        values.setVerticalSpacing(2)
        self.texts: dict[str, ValueLabel] = {}
        mine, theirs = _SIDES.get(conflict.kind, (conflict.mine, conflict.theirs))
        if conflict.kind == "still_referred":
            mine = f"kept: {conflict.mine}"
        sides = (("base", conflict.base), ("mine", mine), ("theirs", theirs))
        for column, ((side, value), caption) in enumerate(zip(sides, titles, strict=True)):
            heading = QLabel(caption, self)
            heading.setObjectName("value_caption")
            text = ValueLabel(
                "—" if side == "base" and conflict.kind != "field" else shown_value(value), self)
            text.setObjectName(f"{side}_value")
            text.setAccessibleName(f"{conflict.label} {field_title(conflict.field)}: {caption}")
            values.addWidget(heading, 0, column)
            values.addWidget(text, 1, column)
            values.setColumnStretch(column, 1)
            self.texts[side] = text
        layout.addLayout(values)
        buttons = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for choice, text in CHOICES:
            if choice == "both" and not conflict.free_text:
                continue
            button = QRadioButton(text, self)
            button.setObjectName(f"choose_{choice}")
            button.setAccessibleName(
                f"{conflict.label} {field_title(conflict.field)}: {text.replace('&', '')}")
            self.group.addButton(button)
            buttons.addWidget(button)
            self.buttons[choice] = button
            button.toggled.connect(
                lambda on, c=choice: on and self.chosen.emit(self.conflict.key, c))
        buttons.addStretch(1)
        self.state = QLabel("Undecided", self)
        self.state.setObjectName("conflict_state")
        self.state.setStyleSheet(UNDECIDED_STYLE)
        buttons.addWidget(self.state)
        layout.addLayout(buttons)

    def choice(self) -> Choice | None:
        for choice, button in self.buttons.items():
            if button.isChecked():
                return choice  # type: ignore[return-value]
        return None

    def choose(self, choice: Choice) -> None:
        if choice not in self.buttons:
            raise ValueError(f"{choice!r} is not offered for {self.conflict.field}")
        self.buttons[choice].setChecked(True)


def _escaped(text: str) -> str:
    from html import escape

    return escape(text)


class ValueLabel(QLabel):
    """One side's value: the whole text, wrapped and selectable (a label, not an editor:
    a dialog of a few hundred conflicts must open at once)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def toPlainText(self) -> str:  # as QPlainTextEdit names it, for one way to read a side
        return self.text()


# One style sheet for the whole dialog: a sheet per widget costs hundreds of milliseconds.
STYLE = f"""
QLabel#value_caption {{ font-weight: bold; }}
QLabel#base_value, QLabel#mine_value, QLabel#theirs_value {{
    border: 1px solid #c8c8c8; padding: 4px; }}
QLabel#base_value {{ background: {BASE_COLOUR}; }}
QLabel#mine_value {{ background: {MINE_COLOUR}; }}
QLabel#theirs_value {{ background: {THEIRS_COLOUR}; }}
"""


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
        # Room for a few conflicts; more scroll.
        self.resize(980, min(620, 190 + 150 * max(1, len(conflicts))))
        self.conflicts = tuple(conflicts)
        body = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro, self)
            intro_label.setWordWrap(True)
            intro_label.setObjectName("conflicts_intro")
            body.addWidget(intro_label)
        titles = ("Base (as last shared)", mine_title, theirs_title)
        self.rows: dict[str, ConflictRow] = {}
        inner = QWidget(self)
        column_layout = QVBoxLayout(inner)
        for conflict in self.conflicts:
            row = ConflictRow(conflict, titles, inner)
            row.chosen.connect(self._on_chosen)
            column_layout.addWidget(row)
            self.rows[conflict.key] = row
        column_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        body.addWidget(scroll, 1)

        self.status = QLabel(self)
        self.status.setObjectName("conflicts_status")
        body.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.all_mine = QPushButton("Keep mine for &all", self)
        self.all_theirs = QPushButton("Take theirs for a&ll", self)
        self.buttons.addButton(self.all_mine, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.all_theirs, QDialogButtonBox.ButtonRole.ActionRole)
        self.apply_button = self.buttons.addButton(
            apply_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("apply_choices")
        cancel = self.buttons.addButton(
            "&Decide later (apply nothing)", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("decide_later")
        self.all_mine.clicked.connect(lambda: self.choose_all("mine"))
        self.all_theirs.clicked.connect(lambda: self.choose_all("theirs"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        body.addWidget(self.buttons)
        for key, choice in (preset or {}).items():
            if key in self.rows:
                self.rows[key].choose(choice)
        # Set once the rows exist: one polish of them all, not one per row added.
        self.setStyleSheet(STYLE)
        self._update()

    # -- choosing -------------------------------------------------------------------------

    def choose(self, key: str, choice: Choice) -> None:
        self.rows[key].choose(choice)

    def choose_all(self, choice: Choice) -> None:
        for row in self.rows.values():
            row.choose(choice)

    def undecided(self) -> list[str]:
        return [key for key, row in self.rows.items() if row.choice() is None]

    def decisions(self) -> Decisions:
        return {key: choice for key, row in self.rows.items()
                if (choice := row.choice()) is not None}

    def _on_chosen(self, key: str, choice: str) -> None:
        text = {"mine": "Keeps mine", "theirs": "Takes theirs", "both": "Keeps both"}[choice]
        self.rows[key].state.setText(text)
        self.rows[key].state.setStyleSheet("")
        self._update()

    def _update(self) -> None:
        left = len(self.undecided())
        total = len(self.rows)
        self.apply_button.setEnabled(left == 0)
        if left:
            self.status.setText(f"{total - left} of {total} decided; decide each one to apply.")
        else:
            self.status.setText("Decided." if total == 1 else f"All {total} decided.")

    def accept(self) -> None:
        if self.undecided():
            return  # the button is disabled; a keyboard Enter must not slip past it
        super().accept()
