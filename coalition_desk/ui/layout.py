"""The four panes in splitters, which panes are shown, and remembering both."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

# Nations above meetings on the left; the timeline above the questions on the right.
COLUMNS = (("nations", "meetings"), ("timeline", "questions"))
DEFAULT_SIZES = {"root": [640, 760], "left": [340, 510], "right": [500, 350]}


class PaneLayout:
    def __init__(self, panes: dict[str, tuple[str, QWidget]], parent: QWidget) -> None:
        self.panes = panes
        self.root = QSplitter(Qt.Orientation.Horizontal, parent)
        self.root.setObjectName("root_splitter")
        self.splitters = {"root": self.root}
        for name, keys in zip(("left", "right"), COLUMNS, strict=True):
            column = QSplitter(Qt.Orientation.Vertical, self.root)
            column.setObjectName(f"{name}_splitter")
            column.setChildrenCollapsible(False)
            for key in keys:
                column.addWidget(panes[key][1])
            self.splitters[name] = column
        self.root.setChildrenCollapsible(False)
        self.toggle_actions: dict[str, QAction] = {}
        for key, (title, pane) in panes.items():
            action = QAction(f"Show {title}", parent)
            action.setObjectName(f"show_{key}")
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda shown, k=key: self.set_shown(k, shown))
            self.toggle_actions[key] = action
            pane.setMinimumSize(120, 90)
        self.reset()

    def set_shown(self, key: str, shown: bool) -> None:
        self.panes[key][1].setVisible(shown)
        action = self.toggle_actions[key]
        if action.isChecked() != shown:
            action.setChecked(shown)
        # A column whose panes are all hidden must not keep an empty gap.
        for name, keys in zip(("left", "right"), COLUMNS, strict=True):
            self.splitters[name].setVisible(any(self.toggle_actions[k].isChecked() for k in keys))

    def hidden(self) -> list[str]:
        return [key for key, action in self.toggle_actions.items() if not action.isChecked()]

    def focus(self, key: str) -> None:
        self.set_shown(key, True)
        pane = self.panes[key][1]
        target = getattr(pane, "view", None) or getattr(pane, "canvas", None) or pane
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reset(self) -> None:
        for key in self.panes:
            self.set_shown(key, True)
        for name, sizes in DEFAULT_SIZES.items():
            self.splitters[name].setSizes(sizes)

    def save(self, settings: QSettings) -> None:
        for name, splitter in self.splitters.items():
            settings.setValue(f"layout/{name}", splitter.saveState())
        settings.setValue("layout/hidden", ",".join(self.hidden()))

    def restore(self, settings: QSettings) -> None:
        for name, splitter in self.splitters.items():
            state = settings.value(f"layout/{name}")
            if state is not None:
                splitter.restoreState(state)
        hidden = str(settings.value("layout/hidden", "") or "").split(",")
        for key in self.panes:
            self.set_shown(key, key not in hidden)
