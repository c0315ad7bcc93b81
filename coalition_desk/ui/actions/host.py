"""What a menu action needs from the window it runs in, and nothing more."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from coalition_desk.ui.hub import Hub


class ActionHost(Protocol):
    """The hub (the register, its signals and the status bar) and the window, to parent the
    action's dialogs and progress. The main window is one; a test may pass its own."""

    @property
    def hub(self) -> Hub: ...

    def window(self) -> QWidget: ...
