"""The Nations table: role, latest stance per issue (colour-coded), pledges, constraints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coalition_desk.charts.colours import stance_colour, tint
from coalition_desk.domain.enums import CoalitionRole, NationKind
from coalition_desk.domain.records import Issue
from coalition_desk.domain.views import NationOverview, StanceCell
from coalition_desk.ui.models.base import Column, RowTableModel, vocabulary_labels

# In front, so a narrow column never cuts it off; the pane's legend explains it.
STALE_MARK = "⚠ "
ROLE_LABELS = vocabulary_labels(CoalitionRole)


def _role_label(nation: NationOverview) -> str:
    role = ROLE_LABELS.get(nation.role, nation.role)
    if nation.kind == NationKind.ORGANISATION:
        return f"{role} (organisation)"
    return role


def _first_line(text: str, limit: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def stance_column(issue: Issue, wide: bool = False) -> Column[NationOverview]:
    def cell(nation: NationOverview) -> StanceCell | None:
        return nation.stances.get(issue.uuid)

    def text(nation: NationOverview) -> str:
        found = cell(nation)
        if found is None:
            return ""
        label = found.stance or "no stance"
        if wide:
            label = f"{label} — {found.as_of.isoformat()}"
        return (STALE_MARK if found.stale else "") + label

    def tooltip(nation: NationOverview) -> str | None:
        found = cell(nation)
        if found is None:
            return f"{nation.name}: no position recorded on {issue.name}"
        note = " It is stale: reconfirm it before the next meeting." if found.stale else ""
        return f"{nation.name} on {issue.name}: {found.stance} (as of {found.as_of}).{note}"

    def background(nation: NationOverview) -> str | None:
        found = cell(nation)
        if found is None:
            return None
        return tint(
            stance_colour(found.stance, issue.stances, issue.kind), 0.3 if found.stale else 0.5
        )

    def sort_key(nation: NationOverview) -> Any:
        found = cell(nation)
        if found is None:
            return None
        return found.value if found.value is not None else (found.stance or "")

    def stale(nation: NationOverview) -> bool:
        found = cell(nation)
        return bool(found and found.stale)

    return Column(
        header=issue.name,
        text=text,
        sort_key=sort_key,
        tooltip=tooltip,
        background=background,
        italic=stale,
        header_tooltip=f"Latest stance on {issue.name}; {STALE_MARK}= not reconfirmed recently",
    )


def nation_columns(
    issues: Sequence[Issue], chosen_issue_uuid: str | None = None
) -> list[Column[NationOverview]]:
    chosen = [issue for issue in issues if issue.uuid == chosen_issue_uuid]
    stance_columns = (
        [stance_column(chosen[0], wide=True)] if chosen else [stance_column(i) for i in issues]
    )
    return [
        Column(
            "Nation",
            lambda n: n.name,
            sort_key=lambda n: n.name.lower(),
            tooltip=lambda n: f"{n.name} ({n.code})",
        ),
        Column("Role", _role_label),
        *stance_columns,
        Column(
            "Pledges",
            lambda n: n.pledge_summary or "—",
            sort_key=lambda n: n.pledge_count,
            tooltip=lambda n: n.pledge_summary or "No live pledge recorded",
        ),
        Column(
            "Constraints",
            lambda n: _first_line(n.constraints),
            tooltip=lambda n: n.constraints or None,
        ),
    ]


class NationsModel(RowTableModel[NationOverview]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(nation_columns(()), parent)

    def show_issues(self, issues: Sequence[Issue], chosen_issue_uuid: str | None) -> None:
        self.set_columns(nation_columns(issues, chosen_issue_uuid))
