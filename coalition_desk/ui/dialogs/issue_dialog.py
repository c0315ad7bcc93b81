"""Add or edit an issue: a scale of stances (least favourable first) or a set of options."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Issue
from coalition_desk.domain.wording import plural
from coalition_desk.services.bulk import stance_use
from coalition_desk.ui.dialogs.fields import EnumCombo, LineField, TextBox, issues
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub

SCALE_HINT = "One stance per line, from least favourable (shown red) to most favourable (green)"
OPTIONS_HINT = "One option per line; the options exclude each other, in no order"


class IssueDialog(RecordDialog):
    noun = "issue"

    def __init__(self, hub: Hub, original: Issue | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        start = original or Issue(name="")
        self.name_edit = self.add_row("name", "&Name", LineField(start.name))
        self.kind_combo = self.add_row("kind", "&Kind", EnumCombo(enums.IssueKind))
        self.kind_combo.set_value(start.kind)
        self.kind_combo.setMaximumWidth(180)
        self.stances_edit = self.add_row("stances", "&Stances", TextBox(5), hint=SCALE_HINT)
        self.stances_edit.setText("\n".join(start.stances))
        self.scale_from = QComboBox(self)
        self.scale_from.setObjectName("scale_from")
        self.scale_from.setAccessibleName("Start from the scale of another issue")
        self.scale_from.addItem("—", None)
        for other in issues(hub.database):
            if original is None or other.uuid != original.uuid:
                self.scale_from.addItem(other.name, other)
        if original is None:
            scale_label = QLabel("Start from the scale &of:", self)
            scale_label.setBuddy(self.scale_from)
            self.form.addRow(scale_label, self.scale_from)
            self.scale_from.currentIndexChanged.connect(self._copy_scale)
        else:
            self.scale_from.hide()
            used = stance_use(hub.database, original.uuid)
            if used:
                self.hints["stances"].setToolTip("")
                self.usage = QLabel(self)
                self.usage.setObjectName("stance_usage")
                self.usage.setWordWrap(True)
                self.usage.setText(
                    "Recorded positions use: " + "; ".join(
                        f"{stance} ({plural(count, 'position')})"
                        for stance, count in used.items())
                    + ". Adding or reordering stances keeps them (reordering changes their "
                    "colours); a stance they use cannot be removed or renamed here.")
                self.form.addRow("", self.usage)
        self.description_edit = self.add_row("description", "&Description", TextBox(3))
        self.description_edit.setText(start.description)
        self.kind_combo.currentIndexChanged.connect(self._explain_stances)
        self._explain_stances()
        self.finish()

    def _copy_scale(self, _index: int) -> None:
        other = self.scale_from.currentData()
        if isinstance(other, Issue):
            self.kind_combo.set_value(other.kind)
            self.stances_edit.setText("\n".join(other.stances))

    def _explain_stances(self, _index: int = 0) -> None:
        hint = SCALE_HINT if self.kind_combo.value() == enums.IssueKind.SCALE else OPTIONS_HINT
        self.stances_edit.setPlaceholderText(hint)
        self.stances_edit.setToolTip(hint)
        self.stances_edit.setAccessibleDescription(hint)
        # Shown, not only as a placeholder: the order of the lines sets the colours.
        self.hints["stances"].setText(hint)

    def stance_lines(self) -> tuple[str, ...]:
        # Blank lines between entries are layout, not empty stances.
        return tuple(line for line in self.stances_edit.text().splitlines() if line.strip())

    def build_request(self) -> Issue:
        base = self.original
        return Issue(
            name=self.name_edit.text(),
            kind=self.kind_combo.value() or "",
            stances=self.stance_lines(),
            description=self.description_edit.text(),
            uuid=base.uuid if base else "",
            created_at=base.created_at if base else None,
            updated_at=base.updated_at if base else None,
            version=base.version if base else 0,
        )

    def describe(self) -> str:
        return f"{'Edit' if self.original else 'Add'} issue '{self.name_edit.text().strip()}'"
