"""Add or edit a nation or organisation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Nation
from coalition_desk.ui.dialogs.fields import EnumCombo, LineField, OptionalNumber, TextBox
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub


class NationDialog(RecordDialog):
    noun = "nation"

    def __init__(self, hub: Hub, original: Nation | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        start = original or Nation(name="", code="")
        self.name_edit = self.add_row("name", "&Name", LineField(start.name))
        self.code_edit = self.add_row(
            "code",
            "&Code",
            LineField(start.code),
            hint="ISO 3166 alpha-3 for a state (POL); a short code for an organisation (EU)",
        )
        self.code_edit.setMaximumWidth(120)
        self.kind_combo = self.add_row("kind", "&Kind", EnumCombo(enums.NationKind))
        self.kind_combo.set_value(start.kind)
        self.role_combo = self.add_row("role", "&Role", EnumCombo(enums.CoalitionRole))
        self.role_combo.set_value(start.role)
        self.capability_spin = self.add_row(
            "capability",
            "Ca&pability weight",
            OptionalNumber(0, 100, "default for role"),
            hint="0-100: how much this party's contribution weighs in the forecast",
        )
        self.capability_spin.set_value_or_none(start.capability)
        self.capability_spin.setMaximumWidth(160)
        self.constraints_edit = self.add_row("constraints", "Cons&traints", TextBox(3))
        self.constraints_edit.setText(start.constraints)
        self.notes_edit = self.add_row("notes", "N&otes", TextBox(3))
        self.notes_edit.setText(start.notes)
        self.finish()

    def build_request(self) -> Nation:
        base = self.original or Nation(name="", code="")
        return Nation(
            name=self.name_edit.text(),
            code=self.code_edit.text().strip().upper(),
            kind=self.kind_combo.value() or "",
            role=self.role_combo.value() or "",
            constraints=self.constraints_edit.text(),
            notes=self.notes_edit.text(),
            capability=self.capability_spin.value_or_none(),
            uuid=base.uuid,
            created_at=base.created_at,
            updated_at=base.updated_at,
            version=base.version,
        )

    def describe(self) -> str:
        name = self.name_edit.text().strip()
        return f"{'Edit' if self.original else 'Add'} nation '{name}'"
