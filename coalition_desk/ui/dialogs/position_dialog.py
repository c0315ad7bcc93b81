"""Add or edit a nation's position on an issue: stance, quote, speaker and source."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Issue, Position
from coalition_desk.ui.dialogs.fields import (
    ChoiceCombo,
    DateField,
    EnumCombo,
    LineField,
    OptionalDateField,
    OptionalNumber,
    ReferenceCombo,
    TextBox,
    issues,
    meeting_choices,
    meeting_dates,
    nation_choices,
    person_choices,
)
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub

NO_STANCE = "(no stance taken)"


class PositionDialog(RecordDialog):
    noun = "position"

    def __init__(self, hub: Hub, original: Position | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        database = hub.database
        self._issues: dict[str, Issue] = {i.uuid: i for i in issues(database)}
        self._meeting_dates = meeting_dates(database)
        start = original or self._new_position()

        self.nation_combo = self.add_row(
            "nation_uuid", "&Nation", ReferenceCombo(nation_choices(database), optional=False)
        )
        self.nation_combo.set_value(start.nation_uuid or None)
        self.issue_combo = self.add_row(
            "issue_uuid",
            "&Issue",
            ReferenceCombo([(i.name, i.uuid) for i in self._issues.values()], optional=False),
        )
        self.issue_combo.set_value(start.issue_uuid or None)
        self.stance_combo = self.add_row(
            "stance", "&Stance", ChoiceCombo(), hint="From the chosen issue's scale or options"
        )
        self._fill_stances(start.stance)
        self.meeting_combo = self.add_row(
            "meeting_uuid",
            "&Meeting",
            ReferenceCombo(meeting_choices(database), optional=True),
        )
        self.meeting_combo.set_value(start.meeting_uuid)
        self.as_of_edit = self.add_row("as_of", "&As of", DateField(start.as_of))
        self.as_of_edit.setMaximumWidth(180)
        self.quote_edit = self.add_row("quote", "&Quote", TextBox(4))
        self.quote_edit.setText(start.quote)
        self.summary_edit = self.add_row("summary", "S&ummary", TextBox(2))
        self.summary_edit.setText(start.summary)
        self.speaker_combo = self.add_row(
            "speaker_uuid",
            "S&peaker",
            ReferenceCombo(person_choices(database), optional=True),
        )
        self.speaker_combo.set_value(start.speaker_uuid)
        self.on_behalf_box = self.add_row(
            "speaker_capacity", "On &behalf",
            QCheckBox("the speaker, from another nation or body, spoke for this nation"),
        )
        self.on_behalf_box.setChecked(start.speaker_capacity == enums.SpeakerCapacity.ON_BEHALF)
        self.source_edit = self.add_row(
            "source", "Sou&rce", LineField(start.source), hint="Where this was said or reported"
        )
        self.salience_spin = self.add_row(
            "salience",
            "Sa&lience",
            OptionalNumber(0, 100, "not stated"),
            hint="0-100: how much the issue matters to this nation",
        )
        self.salience_spin.set_value_or_none(start.salience)
        self.salience_spin.setMaximumWidth(180)
        self.confidence_combo = self.add_row(
            "confidence", "&Confidence", EnumCombo(enums.Confidence)
        )
        self.confidence_combo.set_value(start.confidence)
        self.confidence_combo.setMaximumWidth(180)
        self.confirmed_edit = self.add_row(
            "last_confirmed",
            "Last c&onfirmed",
            OptionalDateField(start.last_confirmed, "confirmed on", default=start.as_of),
        )

        self.issue_combo.currentIndexChanged.connect(lambda _i: self._fill_stances(None))
        self.meeting_combo.currentIndexChanged.connect(self._follow_meeting_date)
        self.finish()

    def _new_position(self) -> Position:
        context = self.hub.context
        meeting_date = self._meeting_dates.get(context.meeting_uuid or "")
        only_issue = next(iter(self._issues)) if len(self._issues) == 1 else ""
        return Position(
            nation_uuid=context.nation_uuid or "",
            issue_uuid=context.issue_uuid or only_issue,
            as_of=meeting_date or dt.date.today(),
            meeting_uuid=context.meeting_uuid,
            source=self.hub.last_source,
        )

    def _fill_stances(self, keep: str | None) -> None:
        """Offer the chosen issue's stances; a stance off the scale stays, flagged."""
        keep = keep if keep is not None else self.stance_combo.value()
        issue = self._issues.get(self.issue_combo.value() or "")
        stances = issue.stances if issue else ()
        choices = [(NO_STANCE, ""), *((s, s) for s in stances)]
        if keep and keep not in stances:
            choices.append((f"{keep} (not on this issue's scale)", keep))
        self.stance_combo.set_choices(choices)
        self.stance_combo.set_value(keep)

    def _follow_meeting_date(self, _index: int) -> None:
        # A statement made at a meeting is usually dated by it.
        meeting_date = self._meeting_dates.get(self.meeting_combo.value() or "")
        if meeting_date is not None:
            self.as_of_edit.set_value(meeting_date)

    def build_request(self) -> Position:
        base = self.original
        return Position(
            nation_uuid=self.nation_combo.value() or "",
            issue_uuid=self.issue_combo.value() or "",
            as_of=self.as_of_edit.value(),
            stance=self.stance_combo.value(),
            salience=self.salience_spin.value_or_none(),
            quote=self.quote_edit.text(),
            summary=self.summary_edit.text(),
            speaker_uuid=self.speaker_combo.value(),
            meeting_uuid=self.meeting_combo.value(),
            source=self.source_edit.text(),
            confidence=self.confidence_combo.value() or "",
            last_confirmed=self.confirmed_edit.value(),
            speaker_capacity=(enums.SpeakerCapacity.ON_BEHALF.value
                              if self.on_behalf_box.isChecked()
                              else enums.SpeakerCapacity.OWN_NATION.value),
            uuid=base.uuid if base else "",
            created_at=base.created_at if base else None,
            updated_at=base.updated_at if base else None,
            version=base.version if base else 0,
        )

    def save(self) -> bool:
        saved = super().save()
        if saved:
            self.hub.last_source = self.source_edit.text()
        return saved

    def describe(self) -> str:
        verb = "Edit" if self.original else "Add"
        nation = self.nation_combo.currentText().split(" (")[0]
        issue = self.issue_combo.currentText()
        return f"{verb} position of {nation} on {issue}"
