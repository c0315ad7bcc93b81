"""Live updates in the window: another officer's commit shows here within a moment.

store/live.py's listener runs on its own thread; this wraps it in signals (delivered
on the GUI thread) and turns what it hears into the hub's ordinary ``data_changed``, so
every pane reads again through its normal fill. A burst (an import is many
statements) is gathered for COALESCE_MS into one refresh. After a lost connection the
window reads everything again, as it cannot know what it missed, and the status bar
says so. Nothing in an open editor is touched: dialogs keep what the officer typed, and
a stale save is caught by the version check when it is saved.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from coalition_desk.domain.records import Change, ChangeSet
from coalition_desk.services.entities import SPECS
from coalition_desk.store.live import ChangeListener, RemoteChange
from coalition_desk.ui.hub import Hub

COALESCE_MS = 150
ENTITY_OF_TABLE = {spec.row_type.__tablename__: spec.name for spec in SPECS} | {
    "settings": "settings"
}


def remote_changes(heard: list[RemoteChange]) -> ChangeSet:
    """What other clients committed, as the hub's changes (once per record)."""
    seen: dict[tuple[str, str, str], Change] = {}
    for change in heard:
        entity = ENTITY_OF_TABLE.get(change.table)
        if entity is None:
            continue
        for uuid in change.uuids if change.uuids is not None else ("",):
            seen.setdefault((entity, change.action, uuid), Change(entity, change.action, uuid))
    return ChangeSet(tuple(seen.values()))


def everything() -> ChangeSet:
    return ChangeSet(tuple(Change(entity, "update", "") for entity in ENTITY_OF_TABLE.values()))


class LiveUpdates(QObject):
    """Listens while the window is open on a register on a server."""

    # From the listener's thread; Qt queues them onto the GUI thread.
    _heard = Signal(object)
    _state = Signal(str, str)
    # True while the listener is connected (the status bar's mark follows it).
    connected_changed = Signal(bool)

    def __init__(self, hub: Hub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._pending: list[RemoteChange] = []
        self.connected = False
        # How many refreshes remote changes caused (tests, and the log).
        self.refreshes = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COALESCE_MS)
        self._timer.timeout.connect(self._flush)
        self._heard.connect(self._on_heard)
        self._state.connect(self._on_state)
        self.listener = ChangeListener(hub.database.engine, self._heard.emit, self._state.emit)

    def start(self) -> None:
        self.listener.start()

    def stop(self) -> None:
        self.listener.stop()
        self._timer.stop()

    def _on_heard(self, change: RemoteChange) -> None:
        self._pending.append(change)
        if not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        changes = remote_changes(self._pending)
        self._pending.clear()
        if changes.changes:
            self.refreshes += 1
            self._hub.announce(changes)

    def _on_state(self, state: str, reason: str) -> None:
        server = self._hub.database.display_name
        if state == "lost":
            self._set_connected(False)
            self._hub.status_message.emit(
                f"Lost the connection to {server} ({reason}); other officers' changes "
                "will show once it is back. Trying again…"
            )
        elif state == "reconnected":
            self._set_connected(True)
            self._pending.clear()
            self.refreshes += 1
            self._hub.announce(everything())
            self._hub.status_message.emit(
                f"Reconnected to {server}: the window was read again and shows every change."
            )
        else:
            self._set_connected(True)

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            self.connected_changed.emit(connected)
