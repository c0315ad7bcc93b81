"""Qt helpers shared by the window benchmarks and their floors (imported after PySide6)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FirstPaint(QObject):
    """Calls back once the first paint of any QMainWindow (or a widget in it) is done.

    The same filter watches ours and the floor, so both stop their clocks at the same
    moment: when the event loop returns from the first paint pass of the main window.
    """

    def __init__(self, on_painted: Callable[[], None]) -> None:
        super().__init__()
        self._on_painted = on_painted
        self.fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.fired
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and isinstance(watched.window(), QMainWindow)
        ):
            self.fired = True
            QTimer.singleShot(0, self._on_painted)
        return False


def application() -> QApplication:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else QApplication(["coalition-desk-bench"])


def watch_first_paint(app: QApplication, on_painted: Callable[[], None]) -> FirstPaint:
    watcher = FirstPaint(on_painted)
    app.installEventFilter(watcher)
    return watcher


class IdModel(QAbstractTableModel):
    """The floor's table model: one column of record ids."""

    def __init__(self, ids: list[int]) -> None:
        super().__init__()
        self._ids = ids

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._ids[index.row()]
        return None


def drain(app: QApplication, rounds: int = 3) -> None:
    """Deliver what is queued, including events posted while delivering."""
    for _ in range(rounds):
        app.processEvents()
