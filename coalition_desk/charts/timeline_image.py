"""The timeline drawn onto an image, on any thread: the window shows the picture.

Drawing a new frame at a large register (200 nation rows, 5,000 meetings, 2,000 markers)
takes a few tenths of a second; done on the GUI thread it froze the window each time an
officer chose an issue. ``render_timeline`` builds its own figure on a bare Agg canvas, so
a pool thread can draw it while the window answers; the window then takes over the
finished figure, whose kept ``LiveTimeline`` redraws only the markers of a later selection
(a few milliseconds, on the GUI thread).

matplotlib is not thread-safe for one figure used from two threads; each rendering has a
figure of its own, touched by one thread at a time (fonts are cached per thread).

A figure is some 22,000 Python objects held in reference cycles (every artist names its
axes and figure, which list it back). Dropped, it was freed only by Python's cyclic
collector, whose full collections (generation 2) then walked each frame left behind with
the interpreter held: 33-290 ms at scale L, the window frozen meanwhile (tests/benchmarks,
choosing an issue). ``RenderedTimeline.retire`` takes a figure nothing shows any more apart,
so reference counting frees it at once and the collector never sees it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle

from coalition_desk.charts.canvas_size import CanvasSize
from coalition_desk.charts.timeline import TimelineData, drawing_cost
from coalition_desk.charts.timeline_draw import TimelineDrawing
from coalition_desk.charts.timeline_live import LiveTimeline

__all__ = ["CanvasSize", "RenderedTimeline", "drawing_cost", "render_timeline"]

# Pixels per inch at a device pixel ratio of 1 (as matplotlib's Qt canvas uses).
BASE_DPI = 100.0


@dataclass
class RenderedTimeline:
    figure: Figure
    chart: LiveTimeline
    size: CanvasSize
    # The picture as RGBA bytes, row by row from the top.
    pixels: bytes
    # What the picture shows.
    shown: TimelineData

    @property
    def drawing(self) -> TimelineDrawing:
        return self.chart.drawing

    def shows(self, data: TimelineData) -> bool:
        """The picture already shows ``data`` (the same markers and the same ring)."""
        return self.shown is data or (
            self.shown.points is data.points
            and self.shown.selected_uuid == data.selected_uuid
            and self.chart.draws_same_frame(data)
        )

    def show(self, data: TimelineData) -> None:
        """Show ``data`` on this figure (markers only, if the frame is the same)."""
        if self.shows(data):
            return
        self.chart.show(data)
        self.shown = data
        self.pixels = bytes(self.figure.canvas.buffer_rgba())

    def retire(self) -> None:
        """Take the figure apart: called by the owner once nothing will show or draw it
        again (a later frame replaced it, or it came too late to be shown)."""
        release_figure(self.figure)


def release_figure(figure: Figure) -> None:
    """Break the reference cycles of ``figure``, which must not be used afterwards.

    Every artist's attributes are dropped (the figure's, its canvas's, each axes', tick's,
    line's and text's), and with them the links back to the axes and the figure; each
    line's marker style goes too (it names a method of itself). What the artists share
    with the rest of the process (fonts, colour maps, cached paths) is only let go of.
    """
    canvas = figure.canvas
    for artist in figure.findobj(include_self=True):
        marker = artist.__dict__.get("_marker")
        if isinstance(marker, MarkerStyle):
            marker.__dict__.clear()
        artist.__dict__.clear()
    canvas.__dict__.clear()


def render_timeline(
    data: TimelineData,
    size: CanvasSize,
    *,
    show_title: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> RenderedTimeline | None:
    """``data`` drawn at ``size``; None if ``cancelled()`` turned true on the way."""
    ratio = size.ratio or 1.0
    dpi = BASE_DPI * ratio
    figure = Figure(
        figsize=(max(size.width, 1) / dpi, max(size.height, 1) / dpi),
        dpi=dpi,
        layout="constrained",
    )
    FigureCanvasAgg(figure)
    # The present callback does nothing here: the owner reads the pixels after show().
    chart = LiveTimeline(figure.add_subplot(1, 1, 1), show_title=show_title, present=_nothing)
    if cancelled():
        release_figure(figure)
        return None
    with warnings.catch_warnings():
        # A pane laid out very small leaves the axes no room; drawn again when it has some.
        warnings.filterwarnings("ignore", "constrained_layout not applied")
        chart.show(data)
    if cancelled():
        release_figure(figure)
        return None
    return RenderedTimeline(figure, chart, size, bytes(figure.canvas.buffer_rgba()), data)


def _nothing(_region: object) -> None:
    return None
