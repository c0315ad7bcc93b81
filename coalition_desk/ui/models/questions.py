"""The Open questions table: status, owner, due date (overdue stands out), issue, raised at."""

from __future__ import annotations

from typing import Any

from coalition_desk.domain.enums import QuestionStatus
from coalition_desk.domain.views import QuestionView
from coalition_desk.ui.models.base import Column, RowTableModel, vocabulary_labels

OVERDUE_TEXT = "#b71c1c"
OVERDUE_BACKGROUND = "#ffebee"


STATUS_LABELS = vocabulary_labels(QuestionStatus)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def _due(question: QuestionView) -> str:
    if question.due_date is None:
        return ""
    label = question.due_date.isoformat()
    return f"{label} OVERDUE" if question.overdue else label


def question_columns() -> list[Column[QuestionView]]:
    return [
        Column("Status", lambda q: status_label(q.status)),
        Column(
            "Question",
            lambda q: q.text,
            tooltip=lambda q: q.text + (f"\nAnswer: {q.answer}" if q.answer else ""),
        ),
        Column("Owner", lambda q: q.owner_label),
        Column(
            "Due",
            _due,
            sort_key=lambda q: q.due_date,
            foreground=lambda q: OVERDUE_TEXT if q.overdue else None,
            background=lambda q: OVERDUE_BACKGROUND if q.overdue else None,
            bold=lambda q: q.overdue,
            tooltip=lambda q: (
                "Overdue: the due date has passed and it is unresolved" if q.overdue else None
            ),
        ),
        Column("Issue", lambda q: q.issue_name, tooltip=lambda q: q.issue_name or None),
        Column(
            "Raised at", lambda q: q.raised_at_label, tooltip=lambda q: q.raised_at_label or None
        ),
        Column(
            "Resolved at",
            lambda q: q.resolved_at_label,
            tooltip=lambda q: q.resolved_at_label or None,
        ),
    ]


class QuestionsModel(RowTableModel[QuestionView]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(question_columns(), parent)
