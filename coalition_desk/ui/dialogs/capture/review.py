"""File → Capture from Text…: review what capture proposes, then save the ticked ones.

The text on the left, with the words of the selected proposal highlighted; on the right
a checklist of proposals grouped by kind, each marked matched (already in the register)
or new, and a form to correct the selected one. Accept saves the ticked proposals in one
transaction (one undo step); Cancel saves nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.capture.apply import CaptureApplyError, Kept
from coalition_desk.capture.proposals import Capture, Span
from coalition_desk.capture.register import KnownRegister
from coalition_desk.domain.validation import ValidationError
from coalition_desk.ui.dialogs.capture.editors import Proposal, ProposalEditor
from coalition_desk.ui.dialogs.form import ENVIRONMENT_ERRORS, environment_message

KINDS = (
    ("meeting", "Meeting"), ("nations", "Nations and organisations"), ("people", "People"),
    ("statements", "Statements (no stance taken)"), ("questions", "Open questions"),
    ("pledges", "Pledges"),
)
HIGHLIGHT = QColor("#ffe08a")
MATCHED, NEW = "matched", "new"
Save = Callable[[Capture, Kept], object]


def _short(words: str, limit: int = 90) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def label_of(kind: str, proposal: Proposal) -> str:
    if kind == "meeting":
        date = proposal.date.isoformat() if proposal.date else "no date"  # type: ignore[union-attr]
        return f"{proposal.title} — {date}, {proposal.place or 'place not stated'}"  # type: ignore[union-attr]
    if kind == "nations":
        return f"{proposal.name} ({proposal.code}) · {proposal.involvement}"  # type: ignore[union-attr]
    if kind == "people":
        spelled = (f" (register: {proposal.known_name})"  # type: ignore[union-attr]
                   if getattr(proposal, "known_name", "") else "")
        return (f"{proposal.name}{spelled}, {proposal.office or 'office not stated'}, "  # type: ignore[union-attr]
                f"{proposal.nation_code or 'nation not stated'}")  # type: ignore[union-attr]
    if kind == "statements":
        who = proposal.speaker or "reported"  # type: ignore[union-attr]
        words = f"“{proposal.quote}”" if proposal.quote else proposal.summary  # type: ignore[union-attr]
        return _short(f"{proposal.nation_code or '?'} · {who}: {words}")  # type: ignore[union-attr]
    if kind == "questions":
        return _short(proposal.text)  # type: ignore[union-attr]
    amount = f"{proposal.quantity:g} " if proposal.quantity is not None else ""  # type: ignore[union-attr]
    return (f"{proposal.nation_code}: {amount}{proposal.unit or proposal.capability} "  # type: ignore[union-attr]
            f"({proposal.capability}, {proposal.status})")  # type: ignore[union-attr]


def _utf16(text: str, index: int) -> int:
    # Qt counts positions in UTF-16 units; Python in code points.
    return len(text[:index].encode("utf-16-le")) // 2


class CaptureReviewDialog(QDialog):
    def __init__(
        self, capture: Capture, register: KnownRegister, save: Save,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capture_review")
        self.setWindowTitle("Capture from text: review the proposals")
        self.resize(1300, 780)
        self._capture = capture
        self._register = register
        self._save = save
        self._proposals: dict[str, list[Proposal]] = {
            "meeting": [capture.meeting] if capture.meeting else [],
            "nations": list(capture.nations), "people": list(capture.people),
            "statements": list(capture.statements), "questions": list(capture.questions),
            "pledges": list(capture.pledges),
        }
        self.saved: object | None = None

        self.title_edit = QLineEdit(capture.title, self)
        self.title_edit.setObjectName("capture_title")
        self.date_edit = QLineEdit(
            capture.report_date.isoformat() if capture.report_date else "", self
        )
        self.date_edit.setObjectName("capture_date")
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.date_edit.setMaximumWidth(120)
        source_row = QHBoxLayout()
        source_row.addWidget(QLabel("Source (the report's title):"))
        source_row.addWidget(self.title_edit, 1)
        source_row.addWidget(QLabel("dated"))
        source_row.addWidget(self.date_edit)

        self.text_view = QPlainTextEdit(capture.text, self)
        self.text_view.setObjectName("capture_text")
        self.text_view.setReadOnly(True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("capture_proposals")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Proposal (untick what should not be saved)", "Register"])
        self.tree.setAlternatingRowColors(True)
        self._fill_tree()
        self.tree.header().resizeSection(0, 560)
        self.tree.currentItemChanged.connect(self._on_current)
        self.editor_box = QVBoxLayout()
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tree, 3)
        right_layout.addLayout(self.editor_box, 2)
        self.editor: ProposalEditor | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.text_view)
        splitter.addWidget(right)
        splitter.setSizes([560, 740])

        self.problem = QLabel("", self)
        self.problem.setObjectName("capture_problem")
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save ticked proposals")
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("capture_accept")
        buttons.accepted.connect(self.accept_ticked)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(source_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))

    # -- the checklist ---------------------------------------------------------------------
    def _fill_tree(self) -> None:
        bold = QFont()
        bold.setBold(True)
        for kind, heading in KINDS:
            proposals = self._proposals[kind]
            group = QTreeWidgetItem([f"{heading} ({len(proposals)})", ""])
            group.setFlags(group.flags() | Qt.ItemFlag.ItemIsAutoTristate
                           | Qt.ItemFlag.ItemIsUserCheckable)
            group.setFont(0, bold)
            group.setData(0, Qt.ItemDataRole.UserRole, (kind, None))
            self.tree.addTopLevelItem(group)
            for index, proposal in enumerate(proposals):
                item = QTreeWidgetItem([label_of(kind, proposal), ""])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked)
                item.setData(0, Qt.ItemDataRole.UserRole, (kind, index))
                known = bool(getattr(proposal, "known_uuid", None))
                item.setText(1, MATCHED if known else NEW)
                item.setForeground(1, QBrush(QColor("#1b6e20" if known else "#0b57d0")))
                if not known:
                    item.setFont(1, bold)
                item.setToolTip(0, label_of(kind, proposal))
                group.addChild(item)
            group.setExpanded(True)

    def item_for(self, kind: str, index: int) -> QTreeWidgetItem:
        group = self.tree.topLevelItem([k for k, _ in KINDS].index(kind))
        return group.child(index)

    def proposal(self, kind: str, index: int) -> Proposal:
        return self._proposals[kind][index]

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if self.editor is not None:
            self.editor.setParent(None)
            self.editor.deleteLater()
            self.editor = None
        if item is None:
            return
        kind, index = item.data(0, Qt.ItemDataRole.UserRole)
        if index is None:
            return
        proposal = self._proposals[kind][index]
        self.highlight(proposal.span)
        self.editor = ProposalEditor(
            proposal, self._register, nations=self._nation_choices(),
            people=[p.name for p in self._proposals["people"]],  # type: ignore[union-attr]
            changed=lambda changed, k=kind, i=index: self._edited(k, i, changed), parent=self,
        )
        self.editor_box.addWidget(self.editor)

    def _nation_choices(self) -> list[tuple[str, str]]:
        choices = [(n.code, n.name) for n in self._proposals["nations"]]  # type: ignore[union-attr]
        codes = {code for code, _ in choices}
        choices += [(n.code, n.name) for n in self._register.nations if n.code not in codes]
        return choices

    def _edited(self, kind: str, index: int, proposal: Proposal) -> None:
        self._proposals[kind][index] = proposal
        self.item_for(kind, index).setText(0, label_of(kind, proposal))

    def highlight(self, span: Span) -> None:
        text = self._capture.text
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(_utf16(text, span.start))
        cursor.setPosition(_utf16(text, span.end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        look = QTextCharFormat()
        look.setBackground(HIGHLIGHT)
        selection.format = look
        self.text_view.setExtraSelections([selection])
        shown = QTextCursor(cursor)
        shown.clearSelection()
        self.text_view.setTextCursor(shown)
        self.text_view.centerCursor()

    def highlighted(self) -> str:
        """The words now highlighted in the text (what a test or a reader checks)."""
        selections = self.text_view.extraSelections()
        return selections[0].cursor.selectedText() if selections else ""

    # -- saving --------------------------------------------------------------------------
    def ticked(self, kind: str) -> frozenset[int]:
        group = self.tree.topLevelItem([k for k, _ in KINDS].index(kind))
        return frozenset(
            i for i in range(group.childCount())
            if group.child(i).checkState(0) == Qt.CheckState.Checked
        )

    def set_ticked(self, kind: str, index: int, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.item_for(kind, index).setCheckState(0, state)

    def reviewed(self) -> tuple[Capture, Kept]:
        text = self.date_edit.text().strip()
        try:
            report_date = dt.date.fromisoformat(text) if text else None
        except ValueError:
            raise CaptureApplyError(
                f"the report's date {text!r} is not YYYY-MM-DD. Nothing was saved."
            ) from None
        title = self.title_edit.text().strip() or self._capture.title
        meeting = self._proposals["meeting"]
        capture = dataclasses.replace(
            self._capture, title=title, report_date=report_date,
            meeting=meeting[0] if meeting else None,
            nations=tuple(self._proposals["nations"]),  # type: ignore[arg-type]
            people=tuple(self._proposals["people"]),  # type: ignore[arg-type]
            statements=tuple(self._proposals["statements"]),  # type: ignore[arg-type]
            questions=tuple(self._proposals["questions"]),  # type: ignore[arg-type]
            pledges=tuple(self._proposals["pledges"]),  # type: ignore[arg-type]
        )
        kept = Kept(
            nations=self.ticked("nations"), people=self.ticked("people"),
            meeting=bool(meeting) and 0 in self.ticked("meeting"),
            statements=self.ticked("statements"), questions=self.ticked("questions"),
            pledges=self.ticked("pledges"),
        )
        return capture, kept

    def accept_ticked(self) -> None:
        try:
            capture, kept = self.reviewed()
            self.saved = self._save(capture, kept)
        except (CaptureApplyError, ValidationError) as error:
            self.problem.setText(f"Not saved: {error}")
            return
        except ENVIRONMENT_ERRORS as error:
            self.problem.setText(environment_message(error))
            return
        self.accept()
