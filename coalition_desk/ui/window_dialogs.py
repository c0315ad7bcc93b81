"""The main window's Find, Help, About and Settings dialogs.

Each dialog's module is loaded when it is first opened, not with the window: together
they were a twentieth of a second of the cold start before the window first painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from coalition_desk.store.engine import Database
    from coalition_desk.ui.dialogs.find_dialog import FindDialog
    from coalition_desk.ui.dialogs.help_viewer import HelpViewer
    from coalition_desk.ui.hub import Hub


class WindowDialogs:
    """Mixed into the main window, which has ``hub`` and ``database``."""

    hub: Hub
    database: Database

    def open_find(self) -> FindDialog:
        from coalition_desk.ui.dialogs.find_dialog import FindDialog

        dialog = FindDialog(self.hub, self._as_parent())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_help(self, page: str = "index.html") -> HelpViewer:
        from coalition_desk.ui.dialogs.help_viewer import HelpViewer

        viewer = HelpViewer(self._as_parent(), page if isinstance(page, str) else "index.html")
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer

    def show_about(self) -> None:
        from coalition_desk.ui.dialogs.about import show_about

        show_about(self._as_parent(), self.database.display_name)

    def open_settings(self) -> None:
        from coalition_desk.ui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.hub, self._as_parent()).exec()

    def _as_parent(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
