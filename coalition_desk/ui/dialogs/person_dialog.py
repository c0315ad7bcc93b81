"""Add or edit a person: a minister, an official, a head of delegation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coalition_desk.domain.records import Person
from coalition_desk.ui.dialogs.fields import LineField, ReferenceCombo, TextBox, nation_choices
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub


class PersonDialog(RecordDialog):
    noun = "person"

    def __init__(self, hub: Hub, original: Person | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        start = original or Person(name="", nation_uuid=hub.context.nation_uuid)
        self.name_edit = self.add_row("name", "&Name", LineField(start.name))
        self.office_edit = self.add_row(
            "office", "&Office", LineField(start.office), hint="e.g. Defence Minister"
        )
        self.nation_combo = self.add_row(
            "nation_uuid",
            "N&ation",
            ReferenceCombo(nation_choices(hub.database), optional=True),
        )
        self.nation_combo.set_value(start.nation_uuid)
        self.notes_edit = self.add_row("notes", "No&tes", TextBox(4))
        self.notes_edit.setText(start.notes)
        self.finish()

    def build_request(self) -> Person:
        base = self.original or Person(name="")
        return Person(
            name=self.name_edit.text(),
            office=self.office_edit.text(),
            nation_uuid=self.nation_combo.value(),
            notes=self.notes_edit.text(),
            uuid=base.uuid,
            created_at=base.created_at,
            updated_at=base.updated_at,
            version=base.version,
        )

    def describe(self) -> str:
        name = self.name_edit.text().strip()
        return f"{'Edit' if self.original else 'Add'} person '{name}'"
