"""The timeline's right-click menu: on a marker, its statement and nation; anywhere, the picture.

What an officer reaches for on a chart: open the statement under the pointer, show that
nation's (or that issue's) positions, back to every nation, and take the picture away
(copy it, or save it as a PNG for a brief).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from coalition_desk.ui.hub import Hub

if TYPE_CHECKING:  # matplotlib is loaded by the first frame's job, off the GUI thread
    from coalition_desk.charts.timeline import TimelinePoint


class ChartMenu:
    """Builds the menu for a point on the chart; the pane shows it (tests look at it)."""

    def __init__(self, hub: Hub, parent: QWidget, image: Callable[[], QImage | None], *,
                 nation_name: Callable[[str], str], issue_name: Callable[[str], str],
                 open_position: Callable[[str], None]) -> None:  # fmt: skip
        self._hub = hub
        self._parent = parent
        self._image = image
        self._nation_name = nation_name
        self._issue_name = issue_name
        self._open_position = open_position
        # Replaced by tests: asks where to save the PNG ("" for cancel).
        self.ask_png_path: Callable[[str], str] = self._ask_png_path

    def build(self, point: TimelinePoint | None) -> QMenu:
        menu = QMenu(self._parent)
        menu.setObjectName("timeline_menu")
        context = self._hub.context
        if point is not None:
            menu.addAction("&Open this statement…", lambda: self._open_position(point.uuid))
            if point.nation_uuid and point.nation_uuid != context.nation_uuid:
                name = self._nation_name(point.nation_uuid)
                menu.addAction(f"Show &nation: {name}",
                               lambda: self._hub.select_nation(point.nation_uuid))  # fmt: skip
            if point.issue_uuid and point.issue_uuid != context.issue_uuid:
                name = self._issue_name(point.issue_uuid)
                menu.addAction(f"Show only &issue: {name}",
                               lambda: self._hub.select_issue(point.issue_uuid))  # fmt: skip
            menu.addSeparator()
        if context.nation_uuid is not None:
            menu.addAction("Show &every nation", lambda: self._hub.select_nation(None))
        copy = menu.addAction("&Copy chart image", self.copy_image)
        save = menu.addAction("&Save chart as PNG…", self.save_png)
        copy.setEnabled(self._image() is not None)
        save.setEnabled(self._image() is not None)
        return menu

    def copy_image(self) -> None:
        image = self._image()
        if image is None:
            return
        QGuiApplication.clipboard().setImage(image)
        self._hub.status_message.emit("Copied the timeline chart to the clipboard.")

    def save_png(self) -> None:
        image = self._image()
        if image is None:
            return
        path = self.ask_png_path("timeline.png")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if image.save(path, "PNG"):
            self._hub.status_message.emit(f"Saved the timeline chart to {path}.")
        else:
            self._hub.status_message.emit(
                f"Could not save the timeline chart to {path}: the folder may be read-only "
                "or the disk full."
            )

    def _ask_png_path(self, name: str) -> str:
        path, _filter = QFileDialog.getSaveFileName(
            self._parent, "Save the timeline chart", str(Path.home() / name),
            "PNG image (*.png)",
        )  # fmt: skip
        return path
