"""The positions timeline drawn: time across, nations (or issues) down, one marker each.

``draw_timeline`` draws on any matplotlib Axes (a bare ``Figure()`` in tests, the Qt
canvas in the window) and returns a ``TimelineDrawing`` that answers "which position
is under this point?" in display coordinates, so hover and click need no Qt here.
What is drawn (``TimelineData``) is in charts/timeline.py, which needs no matplotlib.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.text import Text

from coalition_desk.charts.colours import NO_STANCE, tint
from coalition_desk.charts.timeline import TimelineData, TimelineMeeting, TimelinePoint
from coalition_desk.charts.timeline_axis import (
    ReadableDateFormatter,
    WidthAwareDateLocator,
    day_numbers,
    x_limits,
)

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


def _days_shown(data: TimelineData) -> list[dt.date]:
    """Every position's day and the first and last meeting's: what the time axis spans."""
    return [p.date for p in data.points] + _meeting_extent(data.meetings)


# The last meetings seen and their first and last day: the same thousands of meetings
# come with every selection, and their days took 0.8 ms to gather at scale L. One slot,
# replaced whole: a pool thread may draw meanwhile.
_last_meetings: list[tuple[tuple[TimelineMeeting, ...], list[dt.date]]] = [((), [])]


def _meeting_extent(meetings: tuple[TimelineMeeting, ...]) -> list[dt.date]:
    seen, extent = _last_meetings[0]
    if seen is not meetings:
        days = [m.date for m in meetings]
        extent = [min(days), max(days)] if days else []
        _last_meetings[0] = (meetings, extent)
    return list(extent)


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
    """Thousands of meetings: a faint band, darker where they are dense; the chosen one labelled.

    A line and a label per meeting took 45 s to draw 5,000 meetings (tests/benchmarks,
    timeline at scale L), and that many labels overlap into an unreadable band anyway.
    One faint line per meeting still cost a third of a redraw, in one call that holds the
    interpreter (a chart drawn on a pool thread then froze the window meanwhile), so the
    meetings are counted per day and drawn as one strip image across the axes, each day as
    dark as that many faint lines over each other would have made it.
    """
    others = [m.date for m in data.meetings if not m.highlighted]
    transform = ax.get_xaxis_transform()
    if others:
        limits = ax.get_xlim()
        ax.imshow(
            meeting_density(others, limits),
            extent=(*limits, 0.0, 1.0),
            transform=transform,
            aspect="auto",
            # Nearest: a day is a column or a few; smoothing them cost 5 times as much.
            interpolation="nearest",
            zorder=1,
        )
    for meeting in data.meetings:
        if meeting.highlighted:
            x = mdates.date2num(meeting.date)
            drawing.meeting_lines[meeting.uuid] = ax.axvline(
                x, color=SELECTED_MEETING, linewidth=2.6, zorder=1
            )
            drawing.highlighted_meeting = meeting.uuid
            _label_meeting(ax, x, meeting, transform)


# At most this many columns in the meeting strip: a day each over ~11 years, coarser beyond
# (an axis from 0001 to 9999 would otherwise need 3.6 million).
MAX_DENSITY_COLUMNS = 4_000
# How dark one meeting makes its day; n meetings on a day: 1 - (1 - share)^n.
MEETING_SHARE = 0.08


def meeting_density(days: list[dt.date], limits: tuple[float, float]) -> np.ndarray:
    """A one-row RGBA image in ``OTHER_MEETING``, a column per day between ``limits``."""
    first, last = limits
    columns = int(min(max(last - first, 1.0), MAX_DENSITY_COLUMNS))
    counts, _edges = np.histogram(day_numbers(days), bins=columns, range=(first, last))
    image = np.zeros((1, columns, 4))
    image[0, :, :3] = to_rgb(OTHER_MEETING)
    image[0, :, 3] = 1.0 - (1.0 - MEETING_SHARE) ** counts
    return image


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
            day_numbers([p.date for p in points]),
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
        x_limits(_days_shown(data), data.span),
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
    ax.set_xlim(*x_limits(_days_shown(data), data.span))
    ax.set_ylim(len(data.rows) - 0.5, -0.5)
    every = -(-len(data.rows) // MAX_NAMED_ROWS)
    named = range(0, len(data.rows), every)
    ax.set_yticks(named, [_shorten(data.rows[row], 28) for row in named], fontsize=8)
    for row, label in zip(named, ax.get_yticklabels(), strict=True):
        if row == data.highlighted_row:
            label.set_fontweight("bold")
    ax.xaxis.set_major_locator(WidthAwareDateLocator())
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
