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
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from coalition_desk.store.engine import Database
from coalition_desk.store.health import DamagedRegister, damage_at_opening
from coalition_desk.ui.hub import Hub

log = logging.getLogger(__name__)

CHECKING = "Checking the register for damage…"
# A window whose reads never settle is looked over all the same.
START_AT_LATEST_MS = 5_000


class MainWindowLike(Protocol):
    hub: Hub

    def is_filled(self) -> bool: ...


class OpeningLook(QObject):
    # The damage found (a DamagedRegister), or None: delivered on the GUI thread.
    ended = Signal(object)
    _found = Signal(object)

    def __init__(self, database: Database) -> None:
        super().__init__()
        self._result: DamagedRegister | None = None
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

    def start_once_filled(self, window: MainWindowLike) -> None:
        """Start once ``window``'s first reads have settled (every pane read and the
        timeline drawn, or a read failed), at the latest ``START_AT_LATEST_MS`` after it
        is shown: its scan (0.45 s of SQLite at scale L) then competes neither with the
        window's first appearance nor with its reads on a two-core laptop. The writes
        stay held until it ends."""
        hub = window.hub

        def settled() -> None:
            # The first time the reads settle: filled, or a read failed (damage may be
            # why, so the look must not wait for a fill that will not come).
            hub.loads_settled.disconnect(settled)
            self.start()

        hub.loads_settled.connect(settled)
        QTimer.singleShot(START_AT_LATEST_MS, self, self.start)

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
