"""Add or edit an open question: who owes the answer, by when, raised where."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Question
from coalition_desk.ui.dialogs.fields import (
    EnumCombo,
    OptionalDateField,
    ReferenceCombo,
    TextBox,
    issues,
    meeting_choices,
    nation_choices,
    person_choices,
)
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub

MAX_DESCRIBED = 40


class QuestionDialog(RecordDialog):
    noun = "question"

    def __init__(self, hub: Hub, original: Question | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        database = hub.database
        context = hub.context
        start = original or Question(
            text="",
            issue_uuid=context.issue_uuid,
            owner_nation_uuid=context.nation_uuid,
            raised_at_uuid=context.meeting_uuid,
        )
        meetings = meeting_choices(database)
        self.text_edit = self.add_row("text", "&Question", TextBox(3))
        self.text_edit.setText(start.text)
        self.status_combo = self.add_row("status", "&Status", EnumCombo(enums.QuestionStatus))
        self.status_combo.set_value(start.status)
        self.status_combo.setMaximumWidth(180)
        self.issue_combo = self.add_row(
            "issue_uuid",
            "&Issue",
            ReferenceCombo([(i.name, i.uuid) for i in issues(database)], optional=True),
        )
        self.issue_combo.set_value(start.issue_uuid)
        self.owner_nation_combo = self.add_row(
            "owner_nation_uuid",
            "Owner &nation",
            ReferenceCombo(nation_choices(database), optional=True),
        )
        self.owner_nation_combo.set_value(start.owner_nation_uuid)
        self.owner_person_combo = self.add_row(
            "owner_person_uuid",
            "Owner &person",
            ReferenceCombo(person_choices(database), optional=True),
        )
        self.owner_person_combo.set_value(start.owner_person_uuid)
        self.due_edit = self.add_row(
            "due_date", "&Due", OptionalDateField(start.due_date, "due by")
        )
        self.raised_combo = self.add_row(
            "raised_at_uuid", "&Raised at", ReferenceCombo(meetings, optional=True)
        )
        self.raised_combo.set_value(start.raised_at_uuid)
        self.raised_on_edit = self.add_row(
            "raised_on", "Raised on a da&y",
            OptionalDateField(start.raised_on, "on a day with no meeting recorded"),
        )
        self.resolved_combo = self.add_row(
            "resolved_at_uuid", "Res&olved at", ReferenceCombo(meetings, optional=True)
        )
        self.resolved_combo.set_value(start.resolved_at_uuid)
        self.answer_edit = self.add_row("answer", "&Answer", TextBox(3))
        self.answer_edit.setText(start.answer)
        self.finish()

    def build_request(self) -> Question:
        base = self.original
        return Question(
            text=self.text_edit.text(),
            status=self.status_combo.value() or "",
            issue_uuid=self.issue_combo.value(),
            owner_nation_uuid=self.owner_nation_combo.value(),
            owner_person_uuid=self.owner_person_combo.value(),
            due_date=self.due_edit.value(),
            raised_at_uuid=self.raised_combo.value(),
            resolved_at_uuid=self.resolved_combo.value(),
            answer=self.answer_edit.text(),
            raised_on=self.raised_on_edit.value(),
            uuid=base.uuid if base else "",
            created_at=base.created_at if base else None,
            updated_at=base.updated_at if base else None,
            version=base.version if base else 0,
        )

    def describe(self) -> str:
        text = " ".join(self.text_edit.text().split())
        if len(text) > MAX_DESCRIBED:
            text = text[: MAX_DESCRIBED - 1] + "…"
        return f"{'Edit' if self.original else 'Add'} question '{text}'"
