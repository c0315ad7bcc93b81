"""A matplotlib canvas created the first time it is shown, so the window starts fast.

The owner gives a ``draw(figure)`` function; the host calls it once the canvas exists
and again on ``redraw()``. Until then nothing of matplotlib is imported.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget


class LazyChart(QWidget):
    def __init__(
        self,
        draw: Callable[[Any], None],
        accessible_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._draw = draw
        self.canvas: Any = None
        self.figure: Any = None
        self._stale = True
        self._click_handlers: list[Callable[[Any], None]] = []
        self.setAccessibleName(accessible_name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(80)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.canvas is None:
            self._create_canvas()
        if self._stale:
            self.redraw()

    def _create_canvas(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        class Canvas(FigureCanvasQTAgg):
            def draw(self) -> None:
                # A dock dragged very small, or a window still laying itself out, leaves
                # no room for the axes; matplotlib then warns on every paint. Nothing is
                # wrong: the chart is laid out again as soon as it has room.
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", "constrained_layout not applied")
                    super().draw()

        self.figure = Figure(layout="constrained")
        self.canvas = Canvas(self.figure)
        self.canvas.setAccessibleName(self.accessibleName())
        self._layout.addWidget(self.canvas)
        self.canvas.mpl_connect("button_press_event", self._clicked)

    def on_click(self, handler: Callable[[Any], None]) -> None:
        """``handler(event)`` for each mouse press on the chart (matplotlib's event)."""
        self._click_handlers.append(handler)

    def _clicked(self, event: Any) -> None:
        for handler in self._click_handlers:
            handler(event)

    def redraw(self) -> None:
        """Draw now if the canvas exists; otherwise when it is first shown."""
        if self.canvas is None:
            self._stale = True
            return
        self._stale = False
        self._draw(self.figure)
        self.canvas.draw_idle()

    @property
    def axes(self) -> Any:
        return self.figure.axes[0] if self.figure is not None and self.figure.axes else None
