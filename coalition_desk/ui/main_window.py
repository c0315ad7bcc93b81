"""The main window: wiring of panes, menus, banners and status bar (no data work here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenuBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from coalition_desk import APP_NAME
from coalition_desk.domain.records import ChangeSet
from coalition_desk.services import records, settings
from coalition_desk.store.engine import Database
from coalition_desk.ui.actions import file_actions
from coalition_desk.ui.analysis.analysis_dock import add_analysis_dock
from coalition_desk.ui.banner import MarkingBanner
from coalition_desk.ui.dialogs.about import show_about
from coalition_desk.ui.dialogs.find_dialog import FindDialog
from coalition_desk.ui.dialogs.help_viewer import HelpViewer
from coalition_desk.ui.dialogs.settings_dialog import SettingsDialog
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.layout import PaneLayout
from coalition_desk.ui.loading import PaneFill
from coalition_desk.ui.panes.meetings_pane import MeetingsPane
from coalition_desk.ui.panes.nations_pane import NationsPane
from coalition_desk.ui.panes.questions_pane import QuestionsPane
from coalition_desk.ui.panes.timeline_pane import TimelinePane
from coalition_desk.ui.selection_bar import SelectionBar

log = logging.getLogger(__name__)

try:
    from coalition_desk.ui.actions.editing import EditController
except ImportError:  # the editing part is optional while it is being built
    EditController = None  # type: ignore[assignment,misc]

# (singular, plural) for the status bar's record counts.
COUNTED = (
    ("nation", "nations"),
    ("meeting", "meetings"),
    ("position", "positions"),
    ("question", "questions"),
    ("pledge", "pledges"),
)


def counts_text(counts: dict[str, int]) -> str:
    """Plain English for the status bar: "1 pledge", "2 pledges"."""
    parts = []
    for singular, plural in COUNTED:
        number = counts.get(plural, 0)
        parts.append(f"{number} {singular if number == 1 else plural}")
    return " · ".join(parts)


class MainWindow(QMainWindow):
    # Ask the application to open another database: (path, create a new empty one).
    database_requested = Signal(str, bool)

    def __init__(
        self, database: Database, window_settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.database = database
        self.window_settings = window_settings
        self.hub = Hub(database, self)
        self.setWindowTitle(f"{database.display_name} — {APP_NAME}")
        self.resize(1400, 900)

        self.top_banner = MarkingBanner("top", self)
        self.bottom_banner = MarkingBanner("bottom", self)
        self.selection_bar = SelectionBar(self.hub, self)
        self.nations_pane = NationsPane(self.hub, self)
        self.meetings_pane = MeetingsPane(self.hub, self)
        self.timeline_pane = TimelinePane(self.hub, self)
        self.questions_pane = QuestionsPane(self.hub, self)
        self.panes = PaneLayout(
            {
                "nations": ("&Nations", self.nations_pane),
                "meetings": ("&Meetings", self.meetings_pane),
                "timeline": ("Positions &timeline", self.timeline_pane),
                "questions": ("Open &questions", self.questions_pane),
            },
            self,
        )
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.selection_bar)
        layout.addWidget(self.panes.root, 1)
        layout.addWidget(self.bottom_banner)
        self.setCentralWidget(central)

        self.edit_controller: Any = (
            EditController(self.hub, self) if EditController is not None else None
        )
        self._build_menus()
        self._build_status_bar()
        self.refresh_marking()
        # Counting 200,000 positions is read after the first paint, with the panes' rows.
        self._counts = PaneFill(self.hub, self.counts_label, self._read_counts, self._show_counts)
        self.counts_label.setText("Counting records…")
        self.hub.data_changed.connect(self._on_data)
        self.hub.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.restore_layout()

    def is_filled(self) -> bool:
        """Every shown pane holds its rows: the first fill is read after the first paint."""
        panes = [pane for _title, pane in self.panes.panes.values() if pane.isVisible()]
        return (
            not self.hub.loading
            and self._counts.is_loaded
            and all(getattr(p, "is_loaded", True) for p in panes)
        )

    # --- menus ---------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name or text.replace("&", "").replace("…", "").strip().lower())
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        # The marking sits above the menu bar so it is the first thing on the window.
        menu_bar = QMenuBar(self)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.setSpacing(0)
        top_layout.addWidget(self.top_banner)
        top_layout.addWidget(menu_bar)
        self.setMenuWidget(top)
        self.menu_bar = menu_bar

        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(self._action("&New register…", self._new, None, "new_db"))
        file_menu.addAction(
            self._action("&Open…", self._open, QKeySequence.StandardKey.Open, "open_db")
        )
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Back up…", lambda: file_actions.backup(self), "Ctrl+Shift+B", "backup")
        )
        self.report_actions = self._report_actions()
        if self.report_actions:
            file_menu.addSeparator()
            for action in self.report_actions:
                file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("Se&ttings…", self.open_settings, "Ctrl+,", "settings"))
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "quit")
        )

        edit_menu = menu_bar.addMenu("&Edit")
        toolbar = QToolBar("Editing", self)
        toolbar.setObjectName("edit_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(toolbar)
        if self.edit_controller is not None:
            for key, action in self.edit_controller.actions().items():
                edit_menu.addAction(action)
                if key in ("undo", "redo", "edit_selected", "delete_selected", "new_position"):
                    toolbar.addAction(action)
                if self.database.read_only and key not in ("undo", "redo", "history_selected"):
                    action.setEnabled(False)
            edit_menu.addSeparator()
            toolbar.addSeparator()
        self.find_action = self._action(
            "&Find…", self.open_find, QKeySequence.StandardKey.Find, "find"
        )
        edit_menu.addAction(self.find_action)
        toolbar.addAction(self.find_action)
        self.clear_action = self._action(
            "&Clear selection", self.hub.clear_selection, "Escape", "clear_selection"
        )
        edit_menu.addAction(self.clear_action)

        view_menu = menu_bar.addMenu("&View")
        for number, (key, (title, _pane)) in enumerate(self.panes.panes.items(), start=1):
            view_menu.addAction(
                self._action(
                    f"Go to {title}",
                    lambda _=False, k=key: self.panes.focus(k),
                    f"Alt+{number}",
                    f"focus_{key}",
                )
            )
        view_menu.addSeparator()
        for action in self.panes.toggle_actions.values():
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self._action("&Reset layout", self.panes.reset, None, "reset_layout"))
        self.analysis_dock = add_analysis_dock(self, view_menu)

        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "&Help contents", self.open_help, QKeySequence.StandardKey.HelpContents, "help"
            )
        )
        help_menu.addAction(
            self._action(
                "&Keyboard shortcuts", lambda: self.open_help("keyboard.html"), None, "help_keys"
            )
        )
        help_menu.addAction(
            self._action(
                f"&About {APP_NAME}",
                lambda: show_about(self, self.database.display_name),
                None,
                "about",
            )
        )

    def _report_actions(self) -> list[QAction]:
        """File → Meeting pack / Export / Import, once the reports package is installed."""
        try:
            from coalition_desk.ui.actions import report_actions
        except ImportError:
            return []
        return report_actions.actions(self)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = file_actions.recent_databases(self.window_settings)
        for number, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{number} {path}")
            action.triggered.connect(lambda _=False, p=path: self.database_requested.emit(p, False))
        if not paths:
            self.recent_menu.addAction("(none yet)").setEnabled(False)

    def _new(self) -> None:
        path = file_actions.ask_new_database_path(self)
        if path:
            self.database_requested.emit(path, True)

    def _open(self) -> None:
        path = file_actions.ask_database_path(self)
        if path:
            self.database_requested.emit(path, False)

    # --- dialogs -------------------------------------------------------------------
    def open_find(self) -> FindDialog:
        dialog = FindDialog(self.hub, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_help(self, page: str = "index.html") -> HelpViewer:
        viewer = HelpViewer(self, page if isinstance(page, str) else "index.html")
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.hub, self)
        dialog.exec()

    # --- status and banners --------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.path_label = QLabel(self)
        self.path_label.setObjectName("database_path")
        mode = " (read-only)" if self.database.read_only else ""
        self.path_label.setText(f"Database: {self.database.display_name}{mode}")
        self.path_label.setAccessibleName("Database path")
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("record_counts")
        self.counts_label.setAccessibleName("Record counts")
        self.statusBar().addPermanentWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._counts.after_paint()

    def _read_counts(self) -> Callable[[], dict[str, int]]:
        database = self.database
        return lambda: records.counts(database)

    def refresh_counts(self) -> None:
        self._counts.now()

    def _show_counts(self, counts: dict[str, int]) -> None:
        self.counts_label.setText(counts_text(counts))

    def refresh_marking(self) -> None:
        marking = settings.protective_marking(self.database)
        self.top_banner.set_marking(marking)
        self.bottom_banner.set_marking(marking)

    def _on_data(self, changes: ChangeSet) -> None:
        self.refresh_counts()
        if changes.touches("settings"):
            self.refresh_marking()

    # --- layout --------------------------------------------------------------------
    def save_layout(self) -> None:
        self.window_settings.setValue("window/geometry", self.saveGeometry())
        self.window_settings.setValue("window/state", self.saveState())
        self.panes.save(self.window_settings)
        self.window_settings.sync()

    def restore_layout(self) -> None:
        geometry = self.window_settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.window_settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.panes.restore(self.window_settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
