"""Which dialog adds or edits each kind of record, its module loaded when first opened.

The forms (and what they bring: the attendance and statements grids, the meeting-edit
and people services) are ~1.6 MB and ~8 ms of a cold start that opens none of them
until the officer asks for one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from coalition_desk.domain import records as rec

if TYPE_CHECKING:
    from coalition_desk.ui.dialogs.form import RecordDialog

# The record each editable kind is, and the form that edits it (module, class).
RECORD_TYPES: dict[str, type[rec.Record]] = {
    "nation": rec.Nation,
    "person": rec.Person,
    "meeting": rec.Meeting,
    "issue": rec.Issue,
    "position": rec.Position,
    "pledge": rec.Pledge,
    "question": rec.Question,
}
_FORMS = {
    "nation": ("nation_dialog", "NationDialog"),
    "person": ("person_dialog", "PersonDialog"),
    "meeting": ("meeting_dialog", "MeetingDialog"),
    "issue": ("issue_dialog", "IssueDialog"),
    "position": ("position_dialog", "PositionDialog"),
    "pledge": ("pledge_dialog", "PledgeDialog"),
    "question": ("question_dialog", "QuestionDialog"),
}


def dialog_class(entity: str) -> type[RecordDialog]:
    """The form for ``entity`` (one of ``RECORD_TYPES``), imported the first time."""
    module, name = _FORMS[entity]
    return getattr(importlib.import_module(f"coalition_desk.ui.dialogs.{module}"), name)
