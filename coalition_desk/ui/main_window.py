"""The main window: wiring of panes, menus, banners and status bar (no data work here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
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
from coalition_desk.ui.actions import capture_actions, file_actions
from coalition_desk.ui.actions.row_menu import install_row_menu
from coalition_desk.ui.analysis.analysis_tab import AnalysisTab
from coalition_desk.ui.banner import MarkingBanner
from coalition_desk.ui.heap import settle_once_filled
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.layout import PaneLayout
from coalition_desk.ui.live_updates import LiveUpdates
from coalition_desk.ui.loading import PaneFill
from coalition_desk.ui.panes.meetings_pane import MeetingsPane
from coalition_desk.ui.panes.nations_pane import NationsPane
from coalition_desk.ui.panes.people_pane import PeoplePane
from coalition_desk.ui.panes.pledges_pane import PledgesPane
from coalition_desk.ui.panes.questions_pane import QuestionsPane
from coalition_desk.ui.panes.timeline_pane import TimelinePane
from coalition_desk.ui.selection_bar import SelectionBar
from coalition_desk.ui.status_area import StatusArea, window_title
from coalition_desk.ui.window_dialogs import WindowDialogs
from coalition_desk.ui.write_hold import WriteHold

log = logging.getLogger(__name__)

try:
    from coalition_desk.ui.actions.editing import EditController
except ImportError:  # the editing part is optional while it is being built
    EditController = None  # type: ignore[assignment,misc]

MESSAGE_MS = 15_000
GO_TO_KEYS = {"nations": "Alt+1", "meetings": "Alt+2", "timeline": "Alt+3",
              "questions": "Alt+4", "analysis": "Alt+5", "people": "Alt+6", "pledges": "Alt+7"}
SHOW_PANE_TEXT = {
    "analysis": "Show Anal&ysis (forecast, heatmap, gap, what moved)",
    "people": "Sho&w People",
    "pledges": "Show Ple&dges",
    "nations": "Show Nation&s",
    "meetings": "Show M&eetings",
    "timeline": "Show Positions timel&ine",
    "questions": "Show Open q&uestions",
}

# (singular, plural) for the status bar's record counts.
COUNTED = (
    ("nation", "nations"),
    ("person", "people"),
    ("meeting", "meetings"),
    ("issue", "issues"),
    ("position", "positions"),
    ("question", "questions"),
    ("pledge", "pledges"),
    ("requirement", "requirements"),
)


def counts_text(counts: dict[str, int]) -> str:
    """Plain English for the status bar: "1 pledge", "2 pledges"."""
    parts = []
    for singular, plural in COUNTED:
        number = counts.get(plural, 0)
        parts.append(f"{number} {singular if number == 1 else plural}")
    return " · ".join(parts)


class MainWindow(WindowDialogs, QMainWindow):
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
        settle_once_filled(self.hub, self.is_filled)
        self.setWindowTitle(window_title(self.hub))
        self.resize(1400, 900)

        self.top_banner = MarkingBanner("top", self)
        self.bottom_banner = MarkingBanner("bottom", self)
        self.selection_bar = SelectionBar(self.hub, self)
        self.nations_pane = NationsPane(self.hub, self)
        self.meetings_pane = MeetingsPane(self.hub, self)
        self.timeline_pane = TimelinePane(self.hub, self)
        self.questions_pane = QuestionsPane(self.hub, self)
        self.people_pane = PeoplePane(self.hub, self)
        self.pledges_pane = PledgesPane(self.hub, self)
        self.analysis_tab = AnalysisTab(self.hub, self)
        self.panes = PaneLayout(
            {
                "nations": ("&Nations", self.nations_pane),
                "meetings": ("&Meetings", self.meetings_pane),
                "timeline": ("Positions &timeline", self.timeline_pane),
                "questions": ("Open &questions", self.questions_pane),
                "people": ("Peo&ple", self.people_pane),
                "pledges": ("Pled&ges", self.pledges_pane),
                "analysis": ("&Analysis", self.analysis_tab),
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
        if self.edit_controller is not None:
            self._register_panes(self.edit_controller)
            self.analysis_tab._record_write = self.edit_controller.record_write
        self._build_menus()
        self._build_status_bar()
        self.refresh_marking()
        # Team mode: other officers' commits show here as they are made.
        self.live_updates = LiveUpdates(self.hub, self) if database.on_server else None
        if self.live_updates is not None:
            self.live_updates.connected_changed.connect(self.status_area.show_live)
            self.live_updates.start()
        # Counting 200,000 positions is read after the first paint, with the panes' rows.
        self._counts = PaneFill(self.hub, self.counts_label, self._read_counts, self._show_counts)
        self.counts_label.setText("Counting records…")
        self.hub.data_changed.connect(self._on_data)
        self.hub.status_message.connect(self.show_message)
        self.hub.file_written.connect(self._on_file_written)
        # Greys what would write while the register is checked at opening (ui/app.py).
        edit_actions = self.edit_controller.actions() if self.edit_controller else {}
        self.write_hold = WriteHold(self, self.hub, edit_actions)
        self.restore_layout()

    def _register_panes(self, controller: Any) -> None:
        """Edit and Delete act on the selection of the pane the officer is in."""
        for pane, choices in (
            (self.nations_pane, (("nation", "nation_uuid"),)),
            (self.meetings_pane, (("meeting", "meeting_uuid"),)),
            (self.timeline_pane, (("position", "position_uuid"), ("issue", "issue_uuid"))),
            (self.questions_pane, (("question", "question_uuid"),)),
        ):
            controller.register_pane(pane, controller.context_selection(*choices))
        for listing in (self.people_pane, self.pledges_pane):
            controller.register_pane(listing, listing.selected, listing.row_chosen)
        for pane, entity in ((self.nations_pane, "nation"), (self.meetings_pane, "meeting"),
                             (self.questions_pane, "question"), (self.people_pane, "person"),
                             (self.pledges_pane, "pledge")):
            install_row_menu(pane.view, controller, entity)

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
        file_menu.addSeparator()
        file_menu.addAction(capture_actions.action(self))
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
                if self.hub.read_only and key not in ("undo", "redo", "history_selected"):
                    action.setEnabled(False)
                    action.setToolTip(self.hub.access.read_only_reason)
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
        for key, (title, _pane) in self.panes.panes.items():
            view_menu.addAction(
                self._action(
                    f"Go to {title}",
                    lambda _=False, k=key: self.panes.focus(k),
                    GO_TO_KEYS[key],
                    f"focus_{key}",
                )
            )
        view_menu.addSeparator()
        for key, action in self.panes.toggle_actions.items():
            # Their own Alt keys: the pane titles' are taken by "Go to" above.
            action.setText(SHOW_PANE_TEXT.get(key, action.text()))
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self._action("&Reset layout", self.panes.reset, None, "reset_layout"))

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
                self.show_about,
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

    # --- status and banners --------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.status_area = StatusArea(self, self.hub)
        self.path_label = self.status_area.path_label
        self.counts_label = self.status_area.counts_label
        self.written_notice = self.status_area.written_notice

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

    def show_message(self, text: str) -> None:
        """What just happened, in the status bar's left part, for long enough to read."""
        self.statusBar().showMessage(text, MESSAGE_MS)

    def _on_file_written(self, path: str, _text: str) -> None:
        # The message itself came as a status message just before.
        self.written_notice.show_written(path, "")

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
        if self.live_updates is not None:
            self.live_updates.stop()
        self.save_layout()
        super().closeEvent(event)
