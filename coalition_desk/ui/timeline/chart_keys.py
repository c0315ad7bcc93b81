"""The timeline's keyboard and pointer: a visible focus frame, ←/→ walk the markers,
Enter opens one; hover shows a marker's quote, a click opens it, a right click its menu.

A mixin of the timeline pane (which has ``canvas``, ``frame``, ``data``, ``drawing``,
``menu`` and ``_hub``). With no ``drawing`` (a kept picture shown at a start, or a frame
still being drawn) the pointer finds no marker: no tooltip rather than a wrong one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QCursor, QKeyEvent
from PySide6.QtWidgets import QToolTip

FOCUS_STYLE = "QFrame#timeline_frame { border: 2px solid palette(highlight); }"
UNFOCUSED_STYLE = "QFrame#timeline_frame { border: 2px solid transparent; }"


class ChartKeys:
    canvas: Any
    frame: Any
    data: Any
    drawing: Any
    menu: Any
    present_menu: Any
    _hub: Any
    choose_position: Any

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas and event.type() in (QEvent.Type.FocusIn,
                                                       QEvent.Type.FocusOut):
            self._show_focus(event.type() == QEvent.Type.FocusIn)
        if watched is self.canvas and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._on_key(event.key()):
                return True
        return super().eventFilter(watched, event)

    def _show_focus(self, focused: bool) -> None:
        """A frame round the chart while it has the keyboard: ←/→ and Enter act on it."""
        self.frame.setProperty("focused", focused)
        self.frame.setStyleSheet(FOCUS_STYLE if focused else UNFOCUSED_STYLE)

    @property
    def has_visible_focus(self) -> bool:
        return bool(self.frame.property("focused"))

    def _on_key(self, key: int) -> bool:
        """Left/Right walk the markers in time order; Enter opens the selected one."""
        if self.data is None or not self.data.points:
            return False
        ordered = sorted(self.data.points, key=lambda p: (p.date, p.y))
        uuids = [p.uuid for p in ordered]
        current = self._hub.context.position_uuid
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            if current in uuids:
                index = (uuids.index(current) + step) % len(uuids)
            else:
                index = 0 if step == 1 else len(uuids) - 1
            self._hub.select_position(uuids[index])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current in uuids:
            self._hub.open_requested.emit("position", current)
            return True
        return False

    def _on_motion(self, x: float, y: float) -> None:
        tip = self.drawing.tooltip_at(x, y) if self.drawing else None
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self.canvas)
        else:
            QToolTip.hideText()

    def _on_press(self, x: float, y: float) -> None:
        uuid = self.drawing.point_at(x, y) if self.drawing is not None else None
        if uuid is not None:
            self.choose_position(uuid)

    def point_at(self, x: float, y: float) -> Any:
        uuid = self.drawing.point_at(x, y) if self.drawing is not None else None
        if uuid is None or self.data is None:
            return None
        return next((p for p in self.data.points if p.uuid == uuid), None)

    def _on_menu(self, x: float, y: float, at: QPoint) -> None:
        if self.menu is not None:
            self.present_menu(self.menu.build(self.point_at(x, y)), at)
