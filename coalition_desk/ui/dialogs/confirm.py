"""Asking before a delete: what the record is, and what depends on it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import NotFound
from coalition_desk.store.engine import Database

MAX_LABEL = 60


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _name_of(database: Database, record_type: type, uuid: str | None) -> str:
    if not uuid:
        return ""
    try:
        return str(getattr(records.get(database, record_type, uuid), "name", ""))
    except NotFound:
        return ""


def describe_record(database: Database, record: rec.Record) -> str:
    """How a record is named to the user in a question or an undo entry."""
    if isinstance(record, rec.Nation | rec.Person | rec.Issue):
        return _short(record.name)
    if isinstance(record, rec.Meeting):
        return _short(f"{record.title}, {record.date.isoformat()}")
    if isinstance(record, rec.Position):
        nation = _name_of(database, rec.Nation, record.nation_uuid)
        issue = _name_of(database, rec.Issue, record.issue_uuid)
        return _short(f"{nation} on {issue}, {record.as_of.isoformat()}")
    if isinstance(record, rec.Pledge):
        nation = _name_of(database, rec.Nation, record.nation_uuid)
        return _short(f"{nation}: {record.capability.replace('_', ' ')}")
    if isinstance(record, rec.Question):
        return _short(record.text)
    if isinstance(record, rec.Attendance):
        return _short(_name_of(database, rec.Nation, record.nation_uuid))
    return record.uuid


def confirm_delete(parent: QWidget | None, noun: str, label: str, dependents: list[str]) -> bool:
    """True when the user agrees; dependents are lines like "3 positions (deleted too)"."""
    text = f"Delete the {noun} '{label}'?"
    if dependents:
        lines = "\n".join(f"  •  {line}" for line in dependents)
        text += f"\n\nThese records depend on it:\n{lines}"
    else:
        text += "\n\nNo other record depends on it."
    text += "\n\nYou can undo the delete with Ctrl+Z."
    answer = QMessageBox.question(
        parent,
        f"Delete {noun}",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes
