"""The Analysis pane: forecast per issue, stance heatmap, capability gap, what moved.

It follows the hub like every pane: the chosen issue picks the forecast, a heatmap click
selects a nation and an issue everywhere, and each write marks the sections it touches.
Nothing is queried, and matplotlib is not imported, until the pane is shown.

At 200 nations and 200,000 positions each section's read takes a tenth to half a second,
so only the section on the current tab is computed, on a pool thread (each section's
``PaneLoader``); the others stay marked until their tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import ChangeSet
from coalition_desk.ui.analysis_forecast import ForecastSection
from coalition_desk.ui.analysis_gap import GapSection
from coalition_desk.ui.analysis_heatmap import HeatmapSection
from coalition_desk.ui.analysis_moved import MovedSection
from coalition_desk.ui.hub import Hub, SelectionContext

# Which sections a change to each kind of record touches.
TOUCHES = {
    "forecast": ("position", "nation", "issue"),
    "heatmap": ("position", "nation", "issue"),
    "gap": ("pledge", "requirement", "nation"),
    "moved": ("position", "nation", "issue", "meeting"),
}
# The dock's height before the window has been laid out (DockHeight fits it after).
FIRST_HEIGHT = 300
# The sections in the order of their tabs.
SECTIONS = ("forecast", "heatmap", "gap", "moved")


class AnalysisPane(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setObjectName("analysis_pane")
        self.setAccessibleName("Analysis")
        # The main window points this at its undo-recording write; alone, a write is
        # simply made and announced.
        self.record_write: Callable[[str, Callable[[], ChangeSet]], ChangeSet] = (
            self._write_and_announce
        )
        self.forecast = ForecastSection(hub, self)
        self.heatmap = HeatmapSection(hub, self)
        self.gap = GapSection(hub, self._record_write, self)
        self.moved = MovedSection(hub, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Analysis sections")
        self.tabs.addTab(self.forecast, "&Forecast")
        self.tabs.addTab(self.heatmap, "Stance &heatmap")
        self.tabs.addTab(self.gap, "Capability &gap")
        self.tabs.addTab(self.moved, "What &moved")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        # Sections whose data changed since they were last computed.
        self._dirty = set(TOUCHES)
        # Sections computed, but not yet following the latest selection.
        self._context_behind: set[str] = set()
        self.tabs.currentChanged.connect(lambda _index: self.refresh_dirty())
        hub.context_changed.connect(self._context_changed)
        hub.data_changed.connect(self._data_changed)

    def _record_write(self, text: str, operation: Callable[[], ChangeSet]) -> ChangeSet:
        # Looked up at each write: the main window may set record_write after building us.
        return self.record_write(text, operation)

    def _write_and_announce(self, _text: str, operation: Callable[[], ChangeSet]) -> ChangeSet:
        changes = operation()
        self.hub.announce(changes)
        return changes

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_dirty()

    def current_section(self) -> str:
        return SECTIONS[self.tabs.currentIndex()]

    def is_dirty(self, section: str) -> bool:
        return section in self._dirty

    def refresh_dirty(self) -> None:
        """Compute the section in sight if something it shows has changed."""
        if not self.isVisible():
            return
        section = self.current_section()
        if section in self._dirty:
            self._dirty.discard(section)
            self._context_behind.discard(section)
            self._refresh(section)
        elif section in self._context_behind:
            self._context_behind.discard(section)
            self._follow_context(section)

    def _refresh(self, section: str) -> None:
        if section == "forecast":
            self.forecast.reload_issues()
        elif section == "heatmap":
            self.heatmap.refresh()
        elif section == "gap":
            self.gap.refresh()
        else:
            self.moved.refresh()

    def _follow_context(self, section: str) -> None:
        if section == "forecast":
            self.forecast.follow_issue(self.hub.context.issue_uuid)
        elif section == "heatmap":
            self.heatmap.follow_context()

    def refresh_all(self) -> None:
        self._dirty = set(TOUCHES)
        self.refresh_dirty()

    def _data_changed(self, changes: ChangeSet) -> None:
        self._dirty |= {name for name, kinds in TOUCHES.items() if changes.touches(*kinds)}
        self.refresh_dirty()

    def _context_changed(self, _context: SelectionContext) -> None:
        # The forecast follows the chosen issue and the heatmap outlines the selected
        # cell; a section out of sight catches up when its tab is shown.
        self._context_behind |= {"forecast", "heatmap"} - self._dirty
        self.refresh_dirty()


class DockHeight(QObject):
    """Keeps the Analysis dock from squeezing the panes below it to a sliver.

    Shown, the dock takes at most DEFAULT_SHARE of the height it shares with the panes
    (more only if it was dragged there while shown) and never more than MAX_SHARE, so
    the timeline keeps room to tell its nations apart.
    """

    DEFAULT_SHARE = 0.35
    MAX_SHARE = 0.4

    def __init__(self, window: QMainWindow, dock: QDockWidget) -> None:
        super().__init__(dock)
        self._window = window
        self._dock = dock
        window.installEventFilter(self)
        dock.visibilityChanged.connect(self._visibility_changed)

    def shared_height(self) -> int:
        """The height the dock and the panes below it share."""
        central = self._window.centralWidget()
        below = central.height() if central is not None else self._window.height()
        return below + (self._dock.height() if self._dock.isVisible() else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._cap()
        return False

    def _cap(self) -> None:
        # The dock's own minimum wins on a tiny window: it stays usable.
        self._dock.setMaximumHeight(
            max(self._dock.minimumSizeHint().height(), int(self.MAX_SHARE * self.shared_height()))
        )

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            # After the window has laid the dock out: its height is known only then.
            QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        if not (shiboken6.isValid(self) and self._dock.isVisible()):
            return
        self._cap()
        shared = self.shared_height()
        if self._dock.height() > self.DEFAULT_SHARE * shared + 1:
            self._window.resizeDocks(
                [self._dock], [int(self.DEFAULT_SHARE * shared)], Qt.Orientation.Vertical
            )


def add_analysis_dock(window: QMainWindow, view_menu: QMenu) -> QDockWidget:
    """Dock the pane in a main window (hidden at first start) with a View menu entry.

    The window's QMainWindow state, saved and restored with its layout, remembers
    whether the dock is shown and where.
    """
    hub: Hub = window.hub  # type: ignore[attr-defined]
    pane = AnalysisPane(hub)
    controller = getattr(window, "edit_controller", None)
    if controller is not None:
        pane.record_write = controller.record_write
    dock = QDockWidget("Analysis", window)
    dock.setObjectName("analysis_dock")
    dock.setWidget(pane)
    # Above the panes and never floating or below them: the protective-marking banners
    # at the window's top and bottom must stay its first and last lines.
    dock.setAllowedAreas(Qt.DockWidgetArea.TopDockWidgetArea)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
    window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, dock)
    # Without a height the dock would first appear at its preferred height (most of the
    # window) until DockHeight fits it; the panes below would flicker to a sliver.
    window.resizeDocks([dock], [FIRST_HEIGHT], Qt.Orientation.Vertical)
    dock.hide()
    window.analysis_dock_sizer = DockHeight(window, dock)  # type: ignore[attr-defined]
    toggle = dock.toggleViewAction()
    toggle.setText("Show &Analysis (forecast, heatmap, gap, what moved)")
    toggle.setObjectName("show_analysis")
    toggle.setShortcut(QKeySequence("Alt+5"))
    view_menu.addSeparator()
    view_menu.addAction(toggle)
    return dock
