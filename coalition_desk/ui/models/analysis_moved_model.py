"""What moved between two dates, and the history of one nation on one issue."""

from __future__ import annotations

from coalition_desk.domain.analysis import MovedPosition
from coalition_desk.domain.views import PositionView
from coalition_desk.ui.models.analysis_base import RIGHT, Column, RowTableModel


def _shift(moved: MovedPosition) -> str:
    if moved.shift is None:
        return "new" if moved.before is None else "changed"
    return f"{moved.shift:+.0f}"


class MovedModel(RowTableModel[MovedPosition]):
    COLUMNS = (
        Column("Nation", lambda m: m.nation_name),
        Column("Issue", lambda m: m.issue_name),
        Column(
            "Before",
            lambda m: f"{m.before} ({m.before_date.isoformat()})" if m.before_date else "—",
            tooltip=lambda m: m.before_quote,
        ),
        Column(
            "After",
            lambda m: f"{m.after} ({m.after_date.isoformat()})",
            tooltip=lambda m: m.after_quote,
        ),
        Column("Shift", _shift, align=RIGHT),
        Column("Quote before", lambda m: m.before_quote),
        Column("Quote after", lambda m: m.after_quote),
        Column("Where", lambda m: m.meeting_title or m.source),
    )


class HistoryModel(RowTableModel[PositionView]):
    COLUMNS = (
        Column("As of", lambda p: p.as_of.isoformat()),
        Column("Stance", lambda p: p.stance or "(statement, no stance)"),
        Column("Salience", lambda p: "" if p.salience is None else str(p.salience), align=RIGHT),
        Column("Quote or summary", lambda p: p.quote or p.summary),
        Column("Speaker", lambda p: p.speaker_name),
        Column("Meeting", lambda p: p.meeting_title or p.source),
        Column(
            "Confirmed",
            lambda p: (p.last_confirmed or p.as_of).isoformat() + (" (stale)" if p.stale else ""),
        ),
    )
