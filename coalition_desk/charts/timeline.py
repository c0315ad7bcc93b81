"""The positions timeline: what it shows, as plain data (time across, nations or issues
down, one marker per position).

No matplotlib here: a window reads a chart's data, and knows whether a picture kept from
its last start shows it (ui/timeline/kept_chart.py), before loading matplotlib (0.6 s of
the interpreter at a cold start). The drawing is charts/timeline_draw.py; its names are
handed out from here too, loading it on first use, as before the split.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# What a new frame costs to draw, in rough units: a marker or a meeting one, a row ten
# (its tick and grid line). Above a pane's threshold it is drawn on a pool thread.
ROW_COST = 10


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    uuid: str
    y: float
    date: dt.date
    colour: str
    stale: bool
    tooltip: str
    # Whose statement on what: the chart's right-click menu offers the nation and the issue.
    nation_uuid: str = ""
    issue_uuid: str = ""


@dataclass(frozen=True, slots=True)
class TimelineMeeting:
    uuid: str
    date: dt.date
    label: str
    highlighted: bool = False


@dataclass(frozen=True, slots=True)
class TimelineData:
    title: str
    rows: tuple[str, ...]
    points: tuple[TimelinePoint, ...] = ()
    meetings: tuple[TimelineMeeting, ...] = ()
    # (label, colour) pairs explaining the marker colours.
    legend: tuple[tuple[str, str], ...] = ()
    highlighted_row: int | None = None
    selected_uuid: str | None = None
    empty_message: str = "No positions recorded."
    stale_label: str = "Stale (not reconfirmed)"
    # Days the time axis covers at least (the register's first and last statement), so
    # the axis stays put from one selection to the next and charts compare at a glance.
    span: tuple[dt.date, dt.date] | None = None


def drawing_cost(data: TimelineData) -> int:
    return len(data.points) + len(data.meetings) + ROW_COST * len(data.rows)

