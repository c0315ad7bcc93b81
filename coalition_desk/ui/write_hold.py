"""What the window greys while its register is still checked for damage at opening.

The look (ui/opening_look.py) runs after the window is shown; until it has ended every
action that would write the register is greyed with the reason as its tooltip, and the
status bar says so. Afterwards each action is as it was (the edit controller enables its
own New, Edit, Delete and Duplicate by the selection).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow

from coalition_desk.ui.hub import Hub

# The window's own actions that write: Capture, Import, Merge, Settings.
WRITING_ACTIONS = {"capture_text", "import_register", "merge_register", "settings"}
# The edit controller's actions that only read, or act on the window's own steps.
READING_EDIT_ACTIONS = ("undo", "redo", "history_selected")


class WriteHold(QObject):
    def __init__(self, window: QMainWindow, hub: Hub, edit_actions: dict[str, QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._hub = hub
        self._edit_actions = [a for k, a in edit_actions.items() if k not in READING_EDIT_ACTIONS]
        # Each held action's enabled state and tooltip before the hold.
        self._before: dict[QAction, tuple[bool, str]] = {}
        self._message = ""
        hub.writes_held_changed.connect(self.follow)

    def _writing_actions(self) -> list[QAction]:
        found = self._window.findChildren(QAction)
        return [a for a in found if a.objectName() in WRITING_ACTIONS] + self._edit_actions

    def follow(self) -> None:
        held = self._hub.writes_held
        for action in self._writing_actions():
            if held:
                self._before.setdefault(action, (action.isEnabled(), action.toolTip()))
                action.setEnabled(False)
                action.setToolTip(held)
            elif action in self._before:
                enabled, tip = self._before.pop(action)
                action.setToolTip(tip)
                if action not in self._edit_actions:
                    action.setEnabled(enabled)
        bar = self._window.statusBar()
        if held:
            self._message = held
        elif bar.currentMessage() == self._message:
            bar.clearMessage()
