"""Who holds a register's writer lock: the description in the lock file, and whether that
process still runs (the lock itself is in lock.py)."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from coalition_desk.store.errors import DatabaseLocked, StoreError

# The holder's description is padded to a fixed size so that it can be rewritten without
# truncating the file (Windows refuses to truncate a file that carries a byte lock).
HOLDER_BYTES = 1024


class ForeignLockFile(StoreError):
    """Something that is not one of our lock files sits where the lock belongs."""

    def __init__(self, lock_path: Path, database_path: Path, reason: str) -> None:
        self.lock_path = lock_path
        super().__init__(
            f"{lock_path} is not a Coalition Desk lock file ({reason}). Coalition Desk "
            f"wrote nothing through it and left it in place: move it away, then open "
            f"{database_path} again. Nothing was changed."
        )


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a register for writing, as written in its lock file."""

    pid: int
    host: str
    user: str
    since: str

    @classmethod
    def this_process(cls) -> LockHolder:
        try:
            user = getpass.getuser()
        except Exception:  # noqa: BLE001 - no login name (service account): still lock
            user = "unknown"
        return cls(
            pid=os.getpid(),
            host=socket.gethostname(),
            user=user,
            since=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        )

    def describe(self) -> str:
        return f"{self.user} on {self.host}, process {self.pid}, since {self.since}"

    def encode(self) -> bytes:
        data = json.dumps({f.name: getattr(self, f.name) for f in fields(self)}).encode()
        return data.ljust(HOLDER_BYTES, b" ")

    @classmethod
    def decode(cls, data: bytes) -> LockHolder | None:
        try:
            values: dict[str, Any] = json.loads(data.decode("utf-8").strip() or "null")
            return cls(
                pid=int(values["pid"]),
                host=str(values["host"]),
                user=str(values["user"]),
                since=str(values["since"]),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def is_gone(self) -> bool:
        """True only when we can tell for sure that the holder no longer runs."""
        if self.host != socket.gethostname():
            return False
        return not process_alive(self.pid)


class DatabaseInUse(DatabaseLocked):
    """Another copy of Coalition Desk is writing this register."""

    def __init__(self, database_path: Path, holder: LockHolder | None) -> None:
        self.database_path = database_path
        self.holder = holder
        who = f" ({holder.describe()})" if holder else ""
        super().__init__(
            f"{database_path} is open for writing in another copy of Coalition Desk{who}. "
            "Close it there first, or open this register read-only. Nothing was changed."
        )


def read_holder(lock_path: Path) -> LockHolder | None:
    try:
        with lock_path.open("rb") as handle:
            return LockHolder.decode(handle.read(HOLDER_BYTES + 1024))
    except OSError:
        return None


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it just belongs to someone else
    return True


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return kernel32.GetLastError() == access_denied
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
