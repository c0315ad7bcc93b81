"""Add or edit one capability requirement of a planning scenario."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from coalition_desk.domain.records import CapabilityRequirement
from coalition_desk.services import settings
from coalition_desk.ui.dialogs.fields import (
    ChoiceCombo,
    LineField,
    OptionalDecimal,
    TextBox,
    capability_choices,
)
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub


class RequirementDialog(RecordDialog):
    noun = "capability requirement"

    def __init__(
        self,
        hub: Hub,
        original: CapabilityRequirement | None,
        parent: QWidget | None = None,
        *,
        scenario: str = "",
        known_scenarios: Sequence[str] = (),
    ) -> None:
        super().__init__(hub, original, parent)
        start = original or CapabilityRequirement(
            scenario, next(iter(settings.capabilities(hub.database)), ""), 0, "personnel"
        )
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.setEditable(True)
        self.scenario_combo.addItems(list(known_scenarios))
        self.scenario_combo.setEditText(start.scenario)
        self.add_row(
            "scenario",
            "&Scenario",
            self.scenario_combo,
            hint="A planning option the coalition weighs, e.g. Deterrence force",
        )
        self.capability_combo = self.add_row(
            "capability", "&Capability",
            ChoiceCombo(capability_choices(hub.database, start.capability)),
        )
        self.capability_combo.set_value(start.capability)
        self.quantity_spin = self.add_row(
            "quantity", "&Quantity", OptionalDecimal(10_000_000, "not set")
        )
        self.quantity_spin.set_value_or_none(start.quantity)
        self.quantity_spin.setMaximumWidth(180)
        self.unit_edit = self.add_row(
            "unit",
            "&Unit",
            LineField(start.unit),
            hint="Pledges count against this only when their unit is the same (e.g. personnel)",
        )
        self.notes_edit = self.add_row("notes", "N&otes", TextBox(3))
        self.notes_edit.setText(start.notes)
        self.finish()

    def build_request(self) -> CapabilityRequirement:
        base = self.original
        quantity = self.quantity_spin.value_or_none()
        return CapabilityRequirement(
            scenario=self.scenario_combo.currentText(),
            capability=self.capability_combo.value() or "",
            quantity=quantity,  # type: ignore[arg-type]  # None is refused, beside the field
            unit=self.unit_edit.text(),
            notes=self.notes_edit.text(),
            uuid=base.uuid if base else "",
            created_at=base.created_at if base else None,
            updated_at=base.updated_at if base else None,
            version=base.version if base else 0,
        )

    def describe(self) -> str:
        request = self.build_request()
        verb = "Edit" if self.original else "Add"
        return f"{verb} {request.capability} requirement of {request.scenario.strip()!r}"
