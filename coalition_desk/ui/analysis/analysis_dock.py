"""The Analysis dock above the panes: built on first show, kept to a share of the height."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from coalition_desk.ui.hub import Hub

# The dock's height before the window has been laid out (DockHeight fits it after).
FIRST_HEIGHT = 300


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
    whether the dock is shown and where. The pane itself is built the first time the
    dock is shown: most starts never open it, and building its four sections would
    delay the window's first paint.
    """
    hub: Hub = window.hub  # type: ignore[attr-defined]
    dock = QDockWidget("Analysis", window)
    dock.setObjectName("analysis_dock")
    placeholder = QWidget(dock)
    placeholder.setObjectName("analysis_placeholder")
    dock.setWidget(placeholder)

    def build_on_first_show(visible: bool) -> None:
        if not visible or dock.widget() is not placeholder:
            return
        # Imported here too: the sections' modules are not loaded until the dock is shown.
        from coalition_desk.ui.analysis.analysis_pane import AnalysisPane

        pane = AnalysisPane(hub)
        controller = getattr(window, "edit_controller", None)
        if controller is not None:
            pane.record_write = controller.record_write
        dock.setWidget(pane)
        placeholder.deleteLater()

    dock.visibilityChanged.connect(build_on_first_show)
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
