"""The look for damage at opening, run beside a window that is already shown.

``store.health.damage_at_opening`` scans every table (0.6-0.7 s at 200,000 positions);
the window used to wait for it before it appeared. Now the window shows the register at
once with its writes held (``Hub.hold_writes``: edits greyed, a save refused with the
reason and the entry kept), and this look runs on a thread of its own, not the pool the
panes read on. SQLite leaves the interpreter free while it scans. ``ended`` carries its
finding to the GUI thread: None (writes are then let through) or the damage, on which
the window takes the read-only or refused path (ui/app.py).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from coalition_desk.store.engine import Database
from coalition_desk.store.health import DamagedRegister, damage_at_opening

log = logging.getLogger(__name__)

CHECKING = "Checking the register for damage…"
# A window that is not painted by then (hidden, say) is looked over all the same.
START_AT_LATEST_MS = 500


class OpeningLook(QObject):
    # The damage found (a DamagedRegister), or None: delivered on the GUI thread.
    ended = Signal(object)
    _found = Signal(object)

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._result: DamagedRegister | None = None
        self._window: QWidget | None = None
        self._started = False
        self._done = threading.Event()
        # From the look's thread to this object, which lives on the GUI thread: queued.
        self._found.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        # A daemon: an officer who quits at once is not kept waiting for the scan.
        self._thread = threading.Thread(
            target=self._look, args=(database,), name="damage-look", daemon=True
        )

    def start(self) -> None:
        """Start looking (once; later calls do nothing)."""
        if not self._started:
            self._started = True
            self._thread.start()

    def start_after_first_paint(self, window: QWidget) -> None:
        """Start once ``window`` has first painted: its scan (C code, beside the GUI
        thread) then does not compete with the window's first appearance on a busy
        machine; the writes stay held a few milliseconds longer."""
        window.installEventFilter(self)
        self._window = window
        QTimer.singleShot(START_AT_LATEST_MS, self, self.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # After this paint has been delivered, not in the middle of it.
            QTimer.singleShot(0, self, self.start)
        return False

    def _look(self, database: Database) -> None:
        try:
            self._result = damage_at_opening(database)
        except Exception as error:  # the file vanished, say: told as damage, never lost
            log.warning("The look for damage at opening failed", exc_info=True)
            self._result = DamagedRegister(
                f"{database.display_name} could not be checked for damage: {error}. "
                "`coalition-desk check` lists every problem.",
                [],
            )
        self._done.set()
        self._found.emit(self._result)

    def _relay(self, result: object) -> None:
        self.ended.emit(result)

    def wait(self) -> DamagedRegister | None:
        """The finding, waiting on this thread for it (when the window could not even be
        built: damage may be why)."""
        self._done.wait()
        return self._result
