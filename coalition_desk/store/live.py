"""Live updates in team mode: what other officers commit, as it is committed.

Every write on a server notifies the channel ``coalition_desk`` from a trigger, inside
its transaction (migration 0009): the table, what happened and the records' UUIDs,
never their content (every database user can read every payload). ``ChangeListener``
holds a connection of its own, LISTENs on a thread and hands each notification to a
callback; when the connection is lost it says so and connects again with a growing
pause, and says when it is back (whatever was missed meanwhile: read everything again).

Writes of this process's own connections are left out (the window has shown them
already): ``track_own_backends`` keeps the server process id of each connection the
engine opens, and a notification names the process that sent it.

No Qt here: the window wraps the callbacks in signals (ui/live_updates.py).
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

CHANNEL = "coalition_desk"
# How long the thread waits for a notification before it looks whether to stop.
POLL_SECONDS = 0.2
# Pauses between attempts to connect again after a lost connection.
FIRST_RETRY_SECONDS = 0.25
LONGEST_RETRY_SECONDS = 10.0
# A silent network (a cable pulled) is noticed within about 20 s, and an unreachable
# server does not hold the thread (and the window's closing) for minutes.
CONNECTION_OPTIONS = {
    "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 3, "keepalives_count": 3,
    "connect_timeout": 5,
}  # fmt: skip

_own_backends: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True, slots=True)
class RemoteChange:
    """One statement another client committed: its table, "create", "update" or
    "delete", and the UUIDs it touched; ``uuids`` None when there were too many to name
    (or the table has none, as settings): read the whole table again."""

    table: str
    action: str
    uuids: tuple[str, ...] | None


def parse_payload(payload: str) -> RemoteChange | None:
    """A notification's payload; None for one that is not ours (logged, ignored)."""
    try:
        data = json.loads(payload)
        table, action, uuids = data["table"], data["action"], data["uuids"]
    except (ValueError, KeyError, TypeError):
        log.warning("Ignored a notification on %s that is not Coalition Desk's", CHANNEL)
        return None
    if not isinstance(table, str) or not isinstance(action, str):
        return None
    return RemoteChange(table, action, tuple(map(str, uuids)) if isinstance(uuids, list) else None)


def track_own_backends(engine: Engine) -> None:
    """Remember the server process of every connection ``engine`` opens (call it before
    the first connection), so that the listener can leave this process's writes out."""
    if engine.dialect.name != "postgresql" or engine in _own_backends:
        return
    pids: set[int] = set()
    _own_backends[engine] = pids
    # Noted at connect: a connection being closed (or broken) may no longer tell its pid.
    pid_of: dict[int, int] = {}

    def on_connect(dbapi_connection: Any, _record: object) -> None:
        pid = int(dbapi_connection.info.backend_pid)
        pid_of[id(dbapi_connection)] = pid
        pids.add(pid)

    def on_close(dbapi_connection: Any, _record: object = None) -> None:
        # A closed connection's process id may be given to another officer's next.
        pids.discard(pid_of.pop(id(dbapi_connection), -1))

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "close", on_close)
    event.listen(engine, "close_detached", on_close)


def own_backends(engine: Engine) -> set[int]:
    return _own_backends.get(engine, set())


class ChangeListener:
    """LISTENs for other clients' commits on a thread of its own.

    ``on_change`` gets each RemoteChange, ``on_state`` "listening" (first connected),
    "lost" (with the reason) and "reconnected"; both are called on the listener's
    thread. ``stop`` ends the thread and closes its connection.
    """

    def __init__(
        self,
        engine: Engine,
        on_change: Callable[[RemoteChange], None],
        on_state: Callable[[str, str], None],
    ) -> None:
        self._engine = engine
        self._on_change = on_change
        self._on_state = on_state
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected_once = False
        self.backend_pid: int | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="live-updates", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5 * POLL_SECONDS + 1)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _connect(self) -> Any:
        import psycopg

        cargs, cparams = self._engine.dialect.create_connect_args(self._engine.url)
        connection = psycopg.connect(
            *cargs, **{**CONNECTION_OPTIONS, **cparams}, autocommit=True,
            application_name="coalition-desk live updates",
        )  # fmt: skip
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _run(self) -> None:
        import psycopg

        pause = FIRST_RETRY_SECONDS
        while not self._stopping.is_set():
            try:
                connection = self._connect()
            except psycopg.Error as error:
                log.info("Live updates cannot connect (%s); trying again", error)
                self._stopping.wait(pause)
                pause = min(pause * 2, LONGEST_RETRY_SECONDS)
                continue
            pause = FIRST_RETRY_SECONDS
            self.backend_pid = connection.info.backend_pid
            if self._connected_once:
                # What cut this connection (a restart, a network cut) most likely cut the
                # pool's too: new ones for the reads that follow, not a failure each.
                self._engine.dispose()
            self._on_state("reconnected" if self._connected_once else "listening", "")
            self._connected_once = True
            try:
                self._listen(connection)
            except psycopg.Error as error:
                reason = str(error).strip().splitlines()[0] if str(error).strip() else "closed"
                log.warning("Live updates lost the connection: %s", reason)
                self._on_state("lost", reason)
                self._stopping.wait(pause)
            finally:
                connection.close()

    def _listen(self, connection: Any) -> None:
        own = own_backends(self._engine)
        while not self._stopping.is_set():
            for notice in connection.notifies(timeout=POLL_SECONDS):
                if notice.pid in own:
                    continue
                change = parse_payload(notice.payload)
                if change is not None:
                    self._on_change(change)
