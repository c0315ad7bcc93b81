"""File → Merge Register…: what the merge would do, before anything is written.

Shows the dry-run plan (added, changed, deleted), the conflicts with a button to decide
them side by side, and the likely duplicates, each offered to be combined. "Merge" asks
for any undecided conflict first; a conflicts dialog closed undecided merges nothing and
says so here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.reports.merge_preview import MergePreview
from coalition_desk.services.merge.plan import Decisions, Duplicate
from coalition_desk.ui.dialogs.conflicts_dialog import ConflictsDialog

NOTICE_STYLE = ("QLabel { color: #7a4b00; background: #fff4e0; border: 1px solid #f0d29a; "
                "border-radius: 3px; padding: 6px; }")


class MergePreviewDialog(QDialog):
    # decisions, the duplicates to combine
    merge_requested = Signal(object, object)

    def __init__(self, preview: MergePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        plan = preview.plan
        self.setObjectName("merge_preview")
        self.setWindowTitle(f"Merge from {plan.other_name}")
        self.setSizeGripEnabled(True)
        self.resize(820, 560)
        self.decisions: Decisions = {}
        self.conflicts_dialog: ConflictsDialog | None = None

        self.summary = QLabel("\n".join(plan.summary_lines()), self)
        self.summary.setObjectName("merge_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QLabel(self)
        self.notice.setObjectName("merge_notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()

        self.tabs = QTabWidget(self)
        changes = QPlainTextEdit("\n".join(preview.lines()), self)
        changes.setReadOnly(True)
        changes.setAccessibleName("What the merge changes")
        self.tabs.addTab(changes, "&Changes")

        conflicts_page = QWidget(self)
        conflicts_layout = QVBoxLayout(conflicts_page)
        self.conflict_list = QPlainTextEdit(
            "\n".join(c.line() for c in plan.conflicts) or "No conflicts.", conflicts_page)
        self.conflict_list.setReadOnly(True)
        self.conflict_list.setAccessibleName("Conflicts")
        self.decide_button = QPushButton("&Decide conflicts side by side…", conflicts_page)
        self.decide_button.setObjectName("decide_conflicts")
        self.decide_button.setEnabled(bool(plan.conflicts))
        self.decide_button.clicked.connect(lambda _checked=False: self.decide_conflicts())
        self.conflict_state = QLabel(conflicts_page)
        conflicts_layout.addWidget(self.conflict_list, 1)
        conflicts_layout.addWidget(self.conflict_state)
        conflicts_layout.addWidget(self.decide_button)
        self.tabs.addTab(conflicts_page, f"C&onflicts ({len(plan.conflicts)})")

        duplicates_page = QWidget(self)
        duplicates_layout = QVBoxLayout(duplicates_page)
        hint = QLabel("Tick the pairs that are one thing: the first record is kept, the "
                      "second folded into it (its references re-pointed, a redirect kept "
                      "so the next merge does not bring it back).", duplicates_page)
        hint.setWordWrap(True)
        self.duplicate_list = QListWidget(duplicates_page)
        self.duplicate_list.setObjectName("duplicates_list")
        self.duplicate_list.setAccessibleName("Likely duplicates to combine")
        for duplicate in preview.duplicates:
            item = QListWidgetItem(duplicate.line(), self.duplicate_list)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, duplicate)
        if not preview.duplicates:
            QListWidgetItem("No likely duplicates.", self.duplicate_list).setFlags(
                Qt.ItemFlag.NoItemFlags)
        duplicates_layout.addWidget(hint)
        duplicates_layout.addWidget(self.duplicate_list, 1)
        self.tabs.addTab(duplicates_page, f"Likely d&uplicates ({len(preview.duplicates)})")

        self.buttons = QDialogButtonBox(self)
        self.merge_button = self.buttons.addButton("&Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge_apply")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.request_merge)
        self.buttons.rejected.connect(self.reject)
        nothing = plan.is_empty and not preview.duplicates
        self.merge_button.setEnabled(not nothing)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        if nothing:
            self.show_notice("Nothing to merge: the registers agree.")
        elif plan.conflicts:
            self.tabs.setCurrentIndex(1)
        self._show_conflict_state()

    # -- choices --------------------------------------------------------------------------

    def combines(self) -> list[Duplicate]:
        chosen = []
        for row in range(self.duplicate_list.count()):
            item = self.duplicate_list.item(row)
            duplicate = item.data(Qt.ItemDataRole.UserRole)
            if duplicate is not None and item.checkState() == Qt.CheckState.Checked:
                chosen.append(duplicate)
        return chosen

    def set_combined(self, duplicate: Duplicate, combined: bool = True) -> None:
        for row in range(self.duplicate_list.count()):
            item = self.duplicate_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == duplicate:
                item.setCheckState(Qt.CheckState.Checked if combined else Qt.CheckState.Unchecked)
                return
        raise KeyError(duplicate)

    def undecided(self) -> list[str]:
        return [c.key for c in self.preview.plan.conflicts if c.key not in self.decisions]

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def _show_conflict_state(self) -> None:
        total = len(self.preview.plan.conflicts)
        left = len(self.undecided())
        if not total:
            self.conflict_state.setText("")
        elif left:
            self.conflict_state.setText(f"{left} of {total} conflicts undecided.")
        else:
            self.conflict_state.setText(f"All {total} conflicts decided.")

    def decide_conflicts(self, then_merge: bool = False) -> ConflictsDialog:
        plan = self.preview.plan
        dialog = ConflictsDialog(
            plan.conflicts,
            title=f"Conflicts with {plan.other_name}",
            intro=(f"{_counted(len(plan.conflicts))} changed on both sides since the two "
                   f"registers last shared them. Choose, field by field, what this register "
                   f"keeps. Nothing is written until the merge runs."),
            mine_title=f"Mine ({Path(plan.mine_name).stem or plan.mine_name})",
            theirs_title=f"Theirs ({plan.other_name})",
            preset=self.decisions,
            apply_text="Merge &with these choices" if then_merge else "&Keep these choices",
            parent=self,
        )
        self.conflicts_dialog = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.decisions = dialog.decisions()
                self._show_conflict_state()
                self.notice.hide()
                if then_merge:
                    self.request_merge()
            else:
                self._show_conflict_state()
                self.show_notice(
                    f"{len(self.undecided())} conflict(s) are still undecided, so nothing "
                    "was merged. Decide them, or Cancel to leave the register as it is.")
            dialog.deleteLater()
            self.conflicts_dialog = None

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def request_merge(self) -> None:
        if self.undecided():
            self.decide_conflicts(then_merge=True)
            return
        self.merge_requested.emit(dict(self.decisions), self.combines())


def _counted(conflicts: int) -> str:
    return "1 field was" if conflicts == 1 else f"{conflicts} fields or records were"
