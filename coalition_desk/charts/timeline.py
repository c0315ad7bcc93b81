"""The positions timeline: time across, nations (or issues) down, one marker per position.

``draw_timeline`` draws on any matplotlib Axes (a bare ``Figure()`` in tests, the Qt
canvas in the window) and returns a ``TimelineDrawing`` that answers "which position
is under this point?" in display coordinates, so hover and click need no Qt here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import Formatter

from coalition_desk.charts.colours import NO_STANCE, tint

SELECTED_MEETING = "#1565c0"
OTHER_MEETING = "#90a4ae"
MARKER_SIZE = 90.0
HIT_TOLERANCE_PX = 9.0
# Above this many meetings each gets no line and label of its own (see _draw_many_meetings):
# the latest 2,000 positions at scale L span ~40 meetings, whose labels overlapped.
MAX_LABELLED_MEETINGS = 24
# Above this many rows only every n-th is named (the rows are in name order, so the
# names shown index the rest; hovering a marker names its nation).
MAX_NAMED_ROWS = 40


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    uuid: str
    y: float
    date: dt.date
    colour: str
    stale: bool
    tooltip: str


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


@dataclass
class TimelineDrawing:
    axes: Axes
    point_uuids: tuple[str, ...] = ()
    tooltips: tuple[str, ...] = ()
    # Data coordinates (x as matplotlib date numbers, y as row), one row per point.
    offsets: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    meeting_lines: dict[str, Line2D] = field(default_factory=dict)
    highlighted_meeting: str | None = None

    def display_position(self, uuid: str) -> tuple[float, float]:
        """Where a position's marker is, in display pixels (origin bottom left)."""
        index = self.point_uuids.index(uuid)
        x, y = self.axes.transData.transform(self.offsets[index])
        return float(x), float(y)

    def index_at(self, x: float, y: float, tolerance: float = HIT_TOLERANCE_PX) -> int | None:
        if not self.point_uuids:
            return None
        pixels = self.axes.transData.transform(self.offsets)
        distances = np.hypot(pixels[:, 0] - x, pixels[:, 1] - y)
        nearest = int(np.argmin(distances))
        return nearest if distances[nearest] <= tolerance else None

    def point_at(self, x: float, y: float, tolerance: float = HIT_TOLERANCE_PX) -> str | None:
        """The UUID of the position whose marker is at display point (x, y), if any."""
        index = self.index_at(x, y, tolerance)
        return None if index is None else self.point_uuids[index]

    def tooltip_at(self, x: float, y: float) -> str | None:
        index = self.index_at(x, y)
        return None if index is None else self.tooltips[index]


class ReadableDateFormatter(Formatter):
    """Date ticks as an officer writes them: "27 Mar", or "Apr" for month ticks.

    The year goes on a second line under the first tick and wherever it changes, so
    no tick is a bare day number and no "2025-Apr" offset floats in a corner.
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        day = mdates.num2date(x).date()
        return f"{day.day} {day:%b} {day.year}"

    def format_ticks(self, values: list[float]) -> list[str]:
        days = [mdates.num2date(value).date() for value in values]
        step = min(((b - a).days for a, b in itertools.pairwise(days)), default=1)
        labels = []
        previous_year: int | None = None
        for day in days:
            if step >= 365:
                labels.append(str(day.year))
                continue
            text = f"{day:%b}" if step >= 28 else f"{day.day} {day:%b}"
            if day.year != previous_year:
                text += f"\n{day.year}"
            previous_year = day.year
            labels.append(text)
        return labels


def _x_limits(data: TimelineData) -> tuple[float, float]:
    days = [p.date for p in data.points] + [m.date for m in data.meetings]
    if data.span is not None:
        days.extend(data.span)
    if not days:
        today = dt.date.today()
        days = [today - dt.timedelta(days=30), today]
    first, last = float(mdates.date2num(min(days))), float(mdates.date2num(max(days)))
    pad = 7.0 if first == last else max(3.0, (last - first) / 20)
    # In day numbers, not dates: a margin around a date near 0001-01-01 or 9999-12-31
    # (an older register may hold one) leaves the calendar. Whole days, as date
    # arithmetic gave: the earlier limit rounded out, the later one in.
    return (max(first - math.ceil(pad), _EARLIEST_DAY_NUMBER),
            min(last + math.floor(pad), _LATEST_DAY_NUMBER))


# The calendar's ends as matplotlib numbers its days; its date locators refuse anything beyond.
_EARLIEST_DAY_NUMBER = float(mdates.date2num(dt.date.min))
_LATEST_DAY_NUMBER = float(mdates.date2num(dt.date.max))


def _draw_meetings(ax: Axes, data: TimelineData, drawing: TimelineDrawing) -> None:
    if len(data.meetings) > MAX_LABELLED_MEETINGS:
        _draw_many_meetings(ax, data, drawing)
        return
    label_transform = ax.get_xaxis_transform()
    for meeting in data.meetings:
        x = mdates.date2num(meeting.date)
        if meeting.highlighted:
            line = ax.axvline(x, color=SELECTED_MEETING, linewidth=2.6, zorder=1)
            drawing.highlighted_meeting = meeting.uuid
        else:
            line = ax.axvline(x, color=OTHER_MEETING, linewidth=1, linestyle="--", zorder=1)
        drawing.meeting_lines[meeting.uuid] = line
        _label_meeting(ax, x, meeting, label_transform)


def _draw_many_meetings(ax: Axes, data: TimelineData, drawing: TimelineDrawing) -> None:
    """Thousands of meetings: one collection of thin lines, only the chosen one labelled.

    A line and a label per meeting took 45 s to draw 5,000 meetings (tests/benchmarks,
    timeline at scale L), and that many labels overlap into an unreadable band anyway.
    """
    # One date2num over the list: per date it costs ~0.1 ms, times thousands.
    others = mdates.date2num([m.date for m in data.meetings if not m.highlighted])
    # One segment per meeting from the bottom to the top of the axes, built as one array:
    # ``ax.vlines`` goes through masked arrays, four times slower at 5,000 meetings.
    segments = np.empty((len(others), 2, 2))
    segments[:, :, 0] = np.asarray(others, dtype=float)[:, None]
    segments[:, 0, 1], segments[:, 1, 1] = 0.0, 1.0
    # Fainter the denser they are: 5,000 lines at half opacity merged into a grey block.
    ax.add_collection(LineCollection(
        segments, transform=ax.get_xaxis_transform(), colors=OTHER_MEETING,
        linewidths=0.5, alpha=min(0.5, 150 / max(len(others), 1)), zorder=1,
    ), autolim=False)  # fmt: skip
    for meeting in data.meetings:
        if meeting.highlighted:
            x = mdates.date2num(meeting.date)
            drawing.meeting_lines[meeting.uuid] = ax.axvline(
                x, color=SELECTED_MEETING, linewidth=2.6, zorder=1
            )
            drawing.highlighted_meeting = meeting.uuid
            _label_meeting(ax, x, meeting, ax.get_xaxis_transform())


def _label_meeting(ax: Axes, x: float, meeting: TimelineMeeting, transform: Any) -> None:
    ax.text(
        x,
        1.01,
        meeting.label,
        transform=transform,
        rotation=90,
        ha="center",
        va="bottom",
        fontsize=7.5,
        color=SELECTED_MEETING if meeting.highlighted else "#607d8b",
        fontweight="bold" if meeting.highlighted else "normal",
        zorder=2,
    )


def _explains_stale(data: TimelineData, always: bool) -> bool:
    return always or any(p.stale for p in data.points)


def _draw_legend(ax: Axes, data: TimelineData, *, stale_entry: bool) -> None:
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=7,
            markerfacecolor=colour,
            markeredgecolor="#263238",
            label=_shorten(label, 34),
        )
        for label, colour in data.legend
    ]
    if stale_entry:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=7,
                markerfacecolor=tint(NO_STANCE, 0.4),
                markeredgecolor="#616161",
                markeredgewidth=2.0,
                label=data.stale_label,
            )
        )
    if handles:
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=7.5,
            frameon=False,
            borderaxespad=0.0,
        )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def marker_style(
    points: tuple[TimelinePoint, ...],
) -> tuple[np.ndarray, list[str], list[str], list[float]]:
    """Offsets (date number, row), face and edge colours and edge widths of the markers."""
    offsets = np.column_stack(
        (
            mdates.date2num([p.date for p in points]) if points else np.empty(0),
            np.fromiter((p.y for p in points), dtype=float, count=len(points)),
        )
    ).astype(float)
    faces = [tint(p.colour, 0.4) if p.stale else p.colour for p in points]
    edges = [
        (p.colour if p.colour != NO_STANCE else "#616161") if p.stale else "#263238" for p in points
    ]
    widths = [2.0 if p.stale else 0.8 for p in points]
    return offsets, faces, edges, widths


def frame_key(
    data: TimelineData, *, show_title: bool, always_explain_stale: bool = False
) -> tuple[Any, ...]:
    """All that ``draw_frame`` draws from: equal keys, the same frame (only markers differ)."""
    if not data.rows:
        return (data.title if show_title else None, data.empty_message)
    return (
        data.title if show_title else None,
        data.rows,
        data.highlighted_row,
        _x_limits(data),
        data.meetings,
        data.legend,
        data.stale_label if _explains_stale(data, always_explain_stale) else None,
    )


def draw_frame(
    ax: Axes, data: TimelineData, *, show_title: bool = True, always_explain_stale: bool = False
) -> TimelineDrawing:
    """Everything but the markers: axes, rows, dates, meetings, legend (``ax`` cleared first).

    The legend explains the stale mark if a marker is stale, or ``always_explain_stale``.
    """
    ax.clear()
    drawing = TimelineDrawing(axes=ax)
    if show_title:
        ax.set_title(data.title, fontsize=10, loc="left", pad=80)
    if not data.rows:
        ax.set_axis_off()
        write_empty_message(ax, data.empty_message)
        return drawing
    ax.set_xlim(*_x_limits(data))
    ax.set_ylim(len(data.rows) - 0.5, -0.5)
    every = -(-len(data.rows) // MAX_NAMED_ROWS)
    named = range(0, len(data.rows), every)
    ax.set_yticks(named, [_shorten(data.rows[row], 28) for row in named], fontsize=8)
    for row, label in zip(named, ax.get_yticklabels(), strict=True):
        if row == data.highlighted_row:
            label.set_fontweight("bold")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ReadableDateFormatter())
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", color="#eceff1", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if data.highlighted_row is not None:
        ax.axhspan(
            data.highlighted_row - 0.5, data.highlighted_row + 0.5, color="#e3f2fd", zorder=0
        )
    _draw_meetings(ax, data, drawing)
    _draw_legend(ax, data, stale_entry=_explains_stale(data, always_explain_stale))
    return drawing


def with_points(
    drawing: TimelineDrawing, data: TimelineData, offsets: np.ndarray
) -> TimelineDrawing:
    """``drawing`` answering for the markers of ``data`` at ``offsets``."""
    return replace(
        drawing,
        offsets=offsets,
        point_uuids=tuple(p.uuid for p in data.points),
        tooltips=tuple(p.tooltip for p in data.points),
    )


def draw_timeline(ax: Axes, data: TimelineData, *, show_title: bool = True) -> TimelineDrawing:
    """Draw ``data`` on ``ax`` (cleared first) and return what hit-testing needs.

    Meeting labels stand above the axes, so a window that shows the title elsewhere
    passes ``show_title=False``.
    """
    drawing = draw_frame(ax, data, show_title=show_title)
    if not data.rows:
        return drawing
    if not data.points:
        write_empty_message(ax, data.empty_message)
        return drawing
    offsets, faces, edges, widths = marker_style(data.points)
    ax.scatter(
        offsets[:, 0],
        offsets[:, 1],
        s=MARKER_SIZE,
        c=faces,
        edgecolors=edges,
        linewidths=widths,
        zorder=3,
    )
    drawing = with_points(drawing, data, offsets)
    if data.selected_uuid in drawing.point_uuids:
        x, y = offsets[drawing.point_uuids.index(data.selected_uuid)]
        ax.scatter([x], [y], **RING_STYLE)
    return drawing


RING_STYLE: dict[str, Any] = {
    "s": MARKER_SIZE * 3.2,
    "facecolors": "none",
    "edgecolors": "#0d47a1",
    "linewidths": 2.2,
    "zorder": 4,
}


def write_empty_message(ax: Axes, message: str) -> Text:
    return ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        transform=ax.transAxes,
        fontsize=10,
        color="#546e7a",
    )
