"""Add or edit a pledge: what a nation offers, how much, and with what caveats."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Pledge
from coalition_desk.services import settings
from coalition_desk.ui.dialogs.fields import (
    ChoiceCombo,
    DateField,
    EnumCombo,
    LineField,
    OptionalDecimal,
    ReferenceCombo,
    TextBox,
    capability_choices,
    meeting_choices,
    meeting_dates,
    nation_choices,
)
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub


class PledgeDialog(RecordDialog):
    noun = "pledge"

    def __init__(self, hub: Hub, original: Pledge | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        database = hub.database
        self._meeting_dates = meeting_dates(database)
        start = original or self._new_pledge()
        self.nation_combo = self.add_row(
            "nation_uuid", "&Nation", ReferenceCombo(nation_choices(database), optional=False)
        )
        self.nation_combo.set_value(start.nation_uuid or None)
        self.capability_combo = self.add_row(
            "capability", "&Capability",
            ChoiceCombo(capability_choices(database, start.capability)),
        )
        self.capability_combo.set_value(start.capability)
        self.quantity_spin = self.add_row(
            "quantity", "&Quantity", OptionalDecimal(10_000_000, "not stated")
        )
        self.quantity_spin.set_value_or_none(start.quantity)
        self.quantity_spin.setMaximumWidth(180)
        self.unit_edit = self.add_row(
            "unit", "&Unit", LineField(start.unit), hint="e.g. troops, aircraft, EUR million"
        )
        self.status_combo = self.add_row("status", "&Status", EnumCombo(enums.PledgeStatus))
        self.status_combo.set_value(start.status)
        self.meeting_combo = self.add_row(
            "meeting_uuid", "&Meeting", ReferenceCombo(meeting_choices(database), optional=True)
        )
        self.meeting_combo.set_value(start.meeting_uuid)
        self.as_of_edit = self.add_row("as_of", "&As of", DateField(start.as_of))
        self.as_of_edit.setMaximumWidth(180)
        self.caveats_edit = self.add_row("caveats", "Ca&veats", TextBox(3))
        self.caveats_edit.setText(start.caveats)
        self.notes_edit = self.add_row("notes", "N&otes", TextBox(3))
        self.notes_edit.setText(start.notes)
        self.meeting_combo.currentIndexChanged.connect(self._follow_meeting_date)
        self.finish()

    def _new_pledge(self) -> Pledge:
        context = self.hub.context
        return Pledge(
            nation_uuid=context.nation_uuid or "",
            capability=next(iter(settings.capabilities(self.hub.database)), ""),
            as_of=self._meeting_dates.get(context.meeting_uuid or "") or dt.date.today(),
            meeting_uuid=context.meeting_uuid,
        )

    def _follow_meeting_date(self, _index: int) -> None:
        meeting_date = self._meeting_dates.get(self.meeting_combo.value() or "")
        if meeting_date is not None:
            self.as_of_edit.set_value(meeting_date)

    def build_request(self) -> Pledge:
        base = self.original
        return Pledge(
            nation_uuid=self.nation_combo.value() or "",
            capability=self.capability_combo.value() or "",
            as_of=self.as_of_edit.value(),
            quantity=self.quantity_spin.value_or_none(),
            unit=self.unit_edit.text(),
            status=self.status_combo.value() or "",
            caveats=self.caveats_edit.text(),
            meeting_uuid=self.meeting_combo.value(),
            notes=self.notes_edit.text(),
            uuid=base.uuid if base else "",
            created_at=base.created_at if base else None,
            updated_at=base.updated_at if base else None,
            version=base.version if base else 0,
        )

    def describe(self) -> str:
        nation = self.nation_combo.currentText().split(" (")[0]
        return f"{'Edit' if self.original else 'Add'} pledge of {nation}"
