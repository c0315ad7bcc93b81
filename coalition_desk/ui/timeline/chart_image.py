"""The widget that shows the timeline's picture and reports the pointer in chart pixels.

The chart is drawn onto an image (on a pool thread when that takes long, see
charts/timeline_image.py); this widget only paints the latest image, so choosing an issue
never waits for matplotlib on the GUI thread. Pointer positions are handed on in
matplotlib's display pixels (physical, origin bottom left), which the drawing hit-tests.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from coalition_desk.charts.timeline_image import CanvasSize


class ChartImage(QWidget):
    hovered = Signal(float, float)
    left_pressed = Signal(float, float)
    # Display x, y and where on the screen the menu goes.
    menu_requested = Signal(float, float, QPoint)
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 80)
        self._image: QImage | None = None
        # The bytes behind the QImage, which does not copy them.
        self._pixels = b""
        # Set by the pane: finishes a drawing still pending, on this thread, now.
        self.draw_pending: Callable[[], None] = lambda: None

    def canvas_size(self) -> CanvasSize:
        ratio = self.devicePixelRatioF() or 1.0
        return CanvasSize(round(self.width() * ratio), round(self.height() * ratio), ratio)

    def show_pixels(self, pixels: bytes, size: CanvasSize) -> None:
        image = QImage(pixels, size.width, size.height, 4 * size.width,
                       QImage.Format.Format_RGBA8888)  # fmt: skip
        image.setDevicePixelRatio(size.ratio or 1.0)
        self._pixels, self._image = pixels, image
        self.update()

    def image(self) -> QImage | None:
        """The picture on screen (a copy, to keep or hand to the clipboard)."""
        return None if self._image is None else self._image.copy()

    def draw(self) -> None:
        """Finish any drawing still pending and paint it now (tests, a forced refresh)."""
        self.draw_pending()
        self.repaint()

    def to_display(self, position: QPointF | QPoint) -> tuple[float, float]:
        ratio = self.devicePixelRatioF() or 1.0
        height = self._image.height() if self._image is not None else self.height() * ratio
        return position.x() * ratio, height - position.y() * ratio

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self._image is not None:
            painter.drawImage(0, 0, self._image)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self.hovered.emit(*self.to_display(event.position()))
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.left_pressed.emit(*self.to_display(event.position()))
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu_requested.emit(*self.to_display(event.pos()), event.globalPos())
        event.accept()
