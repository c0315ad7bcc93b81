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


def main_window() -> QMainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            return widget
    return None


def is_filled(window: QWidget | None) -> bool:
    """Our window holds every pane's rows (read on a pool thread after the first paint)
    and its timeline shows the chart of the current selection; a window without such
    notions (the floor) is filled.

    The timeline's canvas existing (``is_built``) is not enough: it is made right after
    the first paint, the chart is read and drawn onto it later (until round 2 this test
    took the one for the other and stopped the clock before the chart was drawn)."""
    if window is None:
        return False
    filled = getattr(window, "is_filled", None)
    timeline = getattr(window, "timeline_pane", None)
    drawn = timeline is None or not timeline.isVisible() or timeline.shows_chart_of_selection
    return drawn and (filled is None or bool(filled()))


def when_filled(
    app: QApplication, then: Callable[[], None], poll_ms: int = 5,
    until: Callable[[QWidget | None], bool] | None = None,
) -> QTimer:  # fmt: skip
    """Calls ``then`` once the main window is filled (or ``until`` it), checking every
    ``poll_ms``."""
    timer = QTimer(app)
    done = until or is_filled

    def check() -> None:
        if done(main_window()):
            timer.stop()
            then()

    timer.timeout.connect(check)
    timer.start(poll_ms)
    return timer


def is_settled(window: QWidget | None) -> bool:
    """Filled, and the timeline's real chart is behind its picture: a start shown on the
    picture kept from the last start (ui/timeline/kept_chart.py) draws it once filled.
    The rows measured after a start (select, memory, choosing an issue…) begin here, so
    they do not measure matplotlib loading behind their first selections, nor the
    lookups read once the panes are filled (``hub.working_behind``, ui/loading.py)."""
    timeline = getattr(window, "timeline_pane", None)
    hub = getattr(window, "hub", None)
    return (
        is_filled(window)
        and not getattr(timeline, "shows_kept_picture", False)
        and not getattr(hub, "working_behind", False)
    )


def wait_until_filled(app: QApplication, window: QWidget, timeout_s: float = 120.0) -> None:
    """Until the window is filled and settled (``is_settled``)."""
    import time

    deadline = time.monotonic() + timeout_s
    while not is_settled(window):
        if time.monotonic() > deadline:
            raise RuntimeError("the window was not filled in time")
        app.processEvents()
        time.sleep(0.002)  # lets the pool thread that reads the rows have the interpreter


def drain(app: QApplication, rounds: int = 3) -> None:
    """Deliver what is queued, including events posted while delivering."""
    for _ in range(rounds):
        app.processEvents()
