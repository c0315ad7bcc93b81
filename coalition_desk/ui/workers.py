"""Long work off the GUI thread, with a progress dialog and a cancel button.

The work is a plain function ``work(progress, cancelled)``: call ``progress(done, total)``
as it goes (it raises ``Cancelled`` once the officer has pressed Cancel, so a service or
report function that only takes a progress callback stops at its next report), and ask
``cancelled()`` between steps. The same service and report functions run here as on the
command line.

    task = run_in_worker(parent, "Backing up", work)
    task.finished.connect(on_done); task.failed.connect(on_error)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Work = Callable[[Progress, Callable[[], bool]], Any]
SHOW_AFTER_MS = 400
# Below the panes' reads (0) and the chart's own jobs (1): work no one is waiting for.
BEHIND_PRIORITY = -1


class Cancelled(Exception):
    """The officer cancelled the work; whatever it did was rolled back by its owner."""


class Task(QObject):
    """One piece of work. Its public signals are emitted on the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    # Emitted once after finished, failed or cancelled.
    done = Signal()
    # From the pool thread to this object (which lives on the GUI thread): queued.
    _report = Signal(str, object)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self._cancel = threading.Event()
        self._report.connect(self._relay, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._tell("progress", (done, total))

    def _relay(self, kind: str, value: object) -> None:
        if kind == "progress":
            assert isinstance(value, tuple)
            self.progressed.emit(*value)
            return
        if kind == "finished":
            self.finished.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.done.emit()
        _RUNNING.discard(self)

    def run(self) -> None:
        """Runs on a pool thread."""
        try:
            result = self._work(self._progress, self.is_cancelled)
        except Cancelled:
            self._tell("cancelled", None)
        except Exception as error:  # handed to the GUI, which shows it
            if self._cancel.is_set():
                self._tell("cancelled", None)
            else:
                if not _is_users_problem(error):
                    log.error("Background work failed", exc_info=error)
                self._tell("failed", error)
        else:
            self._tell("cancelled" if self._cancel.is_set() else "finished", result)

    def _tell(self, kind: str, value: object) -> None:
        """Hand a report to the GUI thread, unless the application has already gone.

        Work that ends after the application has quit (and Qt has deleted this object)
        has nobody left to tell; emitting then raised on the pool thread and printed a
        traceback at every such exit.
        """
        try:
            self._report.emit(kind, value)
        except RuntimeError:
            if shiboken6.isValid(self):
                raise
            log.debug("%s after the application had gone: not reported", kind)


# Tasks stay alive until they end, whatever happens to the window that started them.
_RUNNING: set[Task] = set()


def _is_users_problem(error: Exception) -> bool:
    from coalition_desk.store.errors import StoreError

    return isinstance(error, StoreError | OSError)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self._task.run()


def start(
    task: Task, pool: QThreadPool | None = None, *, at_once: bool = False, priority: int = 0
) -> Task:
    """Start on the next turn of the event loop, so callers connect to it first;
    ``at_once`` for a caller that has connected already (its signals are still only
    delivered on a later turn). A higher ``priority`` is run before queued work."""
    _RUNNING.add(task)
    if at_once:
        (pool or QThreadPool.globalInstance()).start(_Runnable(task), priority)
    else:
        QTimer.singleShot(
            0, lambda: (pool or QThreadPool.globalInstance()).start(_Runnable(task), priority)
        )
    return task


def run_in_worker(
    parent: QWidget,
    title: str,
    work: Work,
    *,
    label: str = "",
    show_after_ms: int = SHOW_AFTER_MS,
    cancellable: bool = True,
) -> Task:
    """Start ``work`` on a pool thread with a modal progress dialog that can cancel it.

    ``cancellable=False`` for work that cannot stop half-way (one transaction being
    committed): its progress window offers no Cancel, and closing it stops nothing.
    """
    task = Task(work)
    dialog = QProgressDialog(label or f"{title}…", "&Cancel", 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)
        dialog.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
    dialog.setObjectName("progress_dialog")
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(show_after_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def on_progress(done: int, total: int) -> None:
        if total > 0 and shiboken6.isValid(dialog):
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def on_cancel() -> None:
        if shiboken6.isValid(dialog):
            dialog.setLabelText("Cancelling…")
        task.cancel()

    task.progressed.connect(on_progress)
    if cancellable:
        dialog.canceled.connect(on_cancel)
    task.done.connect(dialog.reset)
    task.done.connect(dialog.deleteLater)
    task.dialog = dialog  # type: ignore[attr-defined]
    return start(task)
