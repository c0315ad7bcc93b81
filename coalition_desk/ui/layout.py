"""The panes in splitters (some sharing a place as tabs), which are shown, and remembering both.

Nations, People and Pledges share the top left as tabs, and the Analysis shares the
timeline's place, so that at 1024×700 each pane still has the height for its rows.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

# Per column, its places top to bottom; a place of several panes is a set of tabs.
COLUMNS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("nations", "people", "pledges"), ("meetings",)),
    (("timeline", "analysis"), ("questions",)),
)
DEFAULT_SIZES = {"root": [640, 760], "left": [500, 500], "right": [560, 440]}


class PaneLayout:
    def __init__(self, panes: dict[str, tuple[str, QWidget]], parent: QWidget) -> None:
        self.panes = panes
        self.root = QSplitter(Qt.Orientation.Horizontal, parent)
        self.root.setObjectName("root_splitter")
        self.splitters = {"root": self.root}
        # Pane key -> the tabs it is one of (absent for a pane that has its place alone).
        self.tabs: dict[str, QTabWidget] = {}
        self._columns: dict[str, tuple[str, ...]] = {}
        for name, places in zip(("left", "right"), COLUMNS, strict=True):
            column = QSplitter(Qt.Orientation.Vertical, self.root)
            column.setObjectName(f"{name}_splitter")
            column.setChildrenCollapsible(False)
            keys = tuple(key for place in places for key in place if key in panes)
            self._columns[name] = keys
            for place in places:
                present = [key for key in place if key in panes]
                if len(present) == 1:
                    column.addWidget(panes[present[0]][1])
                elif present:
                    tabs = QTabWidget(column)
                    tabs.setObjectName(f"{present[0]}_tabs")
                    tabs.setDocumentMode(True)
                    for key in present:
                        title, pane = panes[key]
                        tabs.addTab(pane, title.replace("&", ""))
                        self.tabs[key] = tabs
                    column.addWidget(tabs)
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
        action = self.toggle_actions.get(key)
        if action is not None and action.isChecked() != shown:
            action.setChecked(shown)  # its toggled signal comes back here to do the work
            return
        pane = self.panes[key][1]
        tabs = self.tabs.get(key)
        if tabs is None:
            pane.setVisible(shown)
        else:
            tabs.setTabVisible(tabs.indexOf(pane), shown)
            tabs.setVisible(any(self._is_shown(k) for k, t in self.tabs.items() if t is tabs))
        # A column whose panes are all hidden must not keep an empty gap.
        for name, keys in self._columns.items():
            self.splitters[name].setVisible(any(self._is_shown(k) for k in keys))

    def _is_shown(self, key: str) -> bool:
        action = self.toggle_actions.get(key)
        return action is None or action.isChecked()

    def hidden(self) -> list[str]:
        return [key for key, action in self.toggle_actions.items() if not action.isChecked()]

    def bring_forward(self, key: str) -> None:
        """Its tab in front (a pane with its place alone is in front already)."""
        tabs = self.tabs.get(key)
        if tabs is not None:
            tabs.setCurrentWidget(self.panes[key][1])

    def focus(self, key: str) -> None:
        self.set_shown(key, True)
        self.bring_forward(key)
        pane = self.panes[key][1]
        target = getattr(pane, "view", None) or getattr(pane, "canvas", None) or pane
        target = target or pane
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reset(self) -> None:
        for key in self.panes:
            self.set_shown(key, True)
        for tabs in set(self.tabs.values()):
            tabs.setCurrentIndex(0)
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
