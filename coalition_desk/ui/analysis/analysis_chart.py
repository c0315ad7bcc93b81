"""A section's matplotlib chart, drawn onto an image when first shown and on ``redraw()``.

The owner gives a ``draw(figure)`` function; each redraw builds a fresh figure on a bare
Agg canvas, calls it and shows the picture. Even a small chart took a quarter of a second
to lay out and draw at a busy moment, and a 200-nation heatmap 0.6 s, so a chart above
``OFF_THREAD_COST`` (``redraw(cost)``: cells, bars, markers) is drawn on a pool thread while
the window answers, a newer redraw dropping an older one. Reading ``figure`` or ``axes``
finishes a drawing still on its way at once. Until the chart is first shown nothing of
matplotlib is imported.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from coalition_desk.ui.timeline.chart_image import ChartImage
from coalition_desk.ui.workers import Task, start

# Above this many drawn things (cells, bars, markers) a chart is drawn on a pool thread:
# any chart (its layout alone took 0.1-0.2 s); redraw(0) draws at once.
OFF_THREAD_COST = -1
RESIZE_SETTLE_MS = 80
BASE_DPI = 100.0


class ChartCanvas(ChartImage):
    """The picture of a section's chart, with the figure it was drawn from."""

    figure: Any = None

    @property
    def device_pixel_ratio(self) -> float:
        return self.devicePixelRatioF() or 1.0


def render(draw: Callable[[Any], None], width: int, height: int, ratio: float) -> tuple[Any, bytes]:
    """A new figure of ``width`` × ``height`` physical pixels, drawn; any thread."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = BASE_DPI * ratio
    figure = Figure(figsize=(max(width, 1) / dpi, max(height, 1) / dpi), dpi=dpi,
                    layout="constrained")  # fmt: skip
    FigureCanvasAgg(figure)
    draw(figure)
    with warnings.catch_warnings():
        # A tab laid out very small leaves no room for the axes; drawn again with room.
        warnings.filterwarnings("ignore", "constrained_layout not applied")
        figure.canvas.draw()
    return figure, bytes(figure.canvas.buffer_rgba())


class LazyChart(QWidget):
    def __init__(
        self,
        draw: Callable[[Any], None],
        accessible_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._draw = draw
        self.canvas: ChartCanvas | None = None
        self._stale = True
        self._cost = 0
        self._generation = 0
        self._in_flight = False
        self._click_handlers: list[Callable[[Any], None]] = []
        self.setAccessibleName(accessible_name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(80)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.timeout.connect(self._follow_size)

    @property
    def in_flight(self) -> bool:
        """A drawing is on its way from a pool thread."""
        return self._in_flight

    @property
    def figure(self) -> Any:
        """The figure on screen (a drawing still on its way is finished first)."""
        if self._in_flight:
            self._draw_now()
        return None if self.canvas is None else self.canvas.figure

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.canvas is None:
            self._create_canvas()
        if self._stale:
            self.redraw(self._cost)

    def _create_canvas(self) -> None:
        self.canvas = ChartCanvas(self)
        self.canvas.setAccessibleName(self.accessibleName())
        self._layout.addWidget(self.canvas)
        self._layout.activate()
        self.canvas.left_pressed.connect(self._clicked)
        self.canvas.resized.connect(lambda: self._resize_timer.start(RESIZE_SETTLE_MS))
        self.canvas.draw_pending = self._draw_now

    def on_click(self, handler: Callable[[Any], None]) -> None:
        """``handler(event)`` for each left click on the chart (a matplotlib MouseEvent)."""
        self._click_handlers.append(handler)

    def _clicked(self, x: float, y: float) -> None:
        # The picture on screen answers the click, even while a newer one is drawn.
        figure = None if self.canvas is None else self.canvas.figure
        if figure is None:
            return
        from matplotlib.backend_bases import MouseButton, MouseEvent

        event = MouseEvent("button_press_event", figure.canvas, x, y, MouseButton.LEFT)
        for handler in self._click_handlers:
            handler(event)

    def redraw(self, cost: int = 0, *, asynchronous: bool = True) -> None:
        """Draw (on a pool thread if ``cost`` is over OFF_THREAD_COST) if shown; else when
        first shown."""
        self._cost = cost
        if self.canvas is None or not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._generation += 1
        generation = self._generation
        size = self.canvas.canvas_size()
        draw = self._draw
        if cost <= OFF_THREAD_COST or not asynchronous:
            self._in_flight = False
            self._land(generation, size, render(draw, size.width, size.height, size.ratio))
            return
        self._in_flight = True

        def work(_progress: Any, _cancelled: Any) -> tuple[Any, bytes] | None:
            # A newer drawing (or one done at once meanwhile) makes this one pointless.
            if generation != self._generation:
                return None
            return render(draw, size.width, size.height, size.ratio)

        task = Task(work)
        task.finished.connect(
            lambda drawn: shiboken6.isValid(self) and self._land(generation, size, drawn)
        )
        start(task)

    def _land(self, generation: int, size: Any, result: tuple[Any, bytes] | None) -> None:
        if result is None or generation != self._generation or self.canvas is None:
            return
        self._in_flight = False
        figure, pixels = result
        self.canvas.figure = figure
        self.canvas.show_pixels(pixels, size)

    def _draw_now(self) -> None:
        """A drawing still on its way is done again here at once (the pool thread's, if it
        has not begun, is skipped)."""
        canvas = self.canvas
        if canvas is not None and (self._in_flight or canvas.figure is None):
            self.redraw(self._cost, asynchronous=False)

    def _follow_size(self) -> None:
        figure = None if self.canvas is None else self.canvas.figure
        if self.canvas is not None and self.isVisible() and figure is not None:
            bounds = figure.bbox.bounds
            size = self.canvas.canvas_size()
            if (round(bounds[2]), round(bounds[3])) != (size.width, size.height):
                self.redraw(self._cost)

    @property
    def axes(self) -> Any:
        figure = self.figure
        return figure.axes[0] if figure is not None and figure.axes else None
