"""One writer per register: a lock file beside the database, held with an OS-level lock.

SQLite alone would keep the file consistent with two writers, but not the officers'
picture of it: two windows would each hold their own undo history and stale views, and
one would silently undo the other. So whoever writes holds ``<database>.lock``.

The lock itself is the operating system's (``flock`` / ``msvcrt.locking``), which the
kernel drops the moment its holder dies, however it dies: a killed or crashed copy never
leaves the register locked. The file's content (process, host, user, since when) only
tells the next officer who holds it. Where the file system offers no OS locks (some
network shares) the content is the lock, and a holder on this host whose process is gone
is stale and taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import getpass
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from coalition_desk.store.engine import Database, open_database, sqlite_path, to_url
from coalition_desk.store.errors import DatabaseLocked, DatabaseReadOnly

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
# The holder's description is padded to a fixed size so that it can be rewritten without
# truncating the file (Windows refuses to truncate a file that carries a byte lock).
_HOLDER_BYTES = 1024
# Windows byte locks are mandatory: lock a byte far past the description so that the
# next copy can still read who holds the register.
_WINDOWS_LOCK_OFFSET = 0x7FFF_0000
_ATTEMPTS = 5


def lock_path_for(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + LOCK_SUFFIX)


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
        return data.ljust(_HOLDER_BYTES, b" ")

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
        return not _process_alive(self.pid)


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
            return LockHolder.decode(handle.read(_HOLDER_BYTES + 1024))
    except OSError:
        return None


def _process_alive(pid: int) -> bool:
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


def _os_lock(fd: int) -> bool | None:
    """Take the OS lock without waiting: True taken, False held elsewhere, None unsupported."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLOCK):
                return False
            return None
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in (errno.EAGAIN, errno.EACCES):
            return False
        log.warning("No OS file locks here (%s); the lock file's content decides", error)
        return None
    return True


def _os_unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def _still_names(fd: int, path: Path) -> bool:
    """The open file is still the one at ``path`` (a releasing holder may have removed it)."""
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


class WriterLock:
    """The right to write one database file, for as long as this object holds it."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = Path(database_path)
        self.path = lock_path_for(self.database_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now or raise DatabaseInUse naming the holder; never waits."""
        if self._fd is not None:
            return
        for _attempt in range(_ATTEMPTS):
            fd = self._open_lock_file()
            try:
                taken = _os_lock(fd)
                if taken is False:
                    raise DatabaseInUse(self.database_path, read_holder(self.path))
                if taken is None:
                    holder = read_holder(self.path)
                    if holder is not None and not holder.is_gone():
                        raise DatabaseInUse(self.database_path, holder)
                if not _still_names(fd, self.path):
                    # The previous holder removed the file between our open and our lock.
                    _os_unlock(fd)
                    os.close(fd)
                    continue
                self._write_holder(fd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
            self._fd = fd
            return
        raise DatabaseInUse(self.database_path, read_holder(self.path))

    def _open_lock_file(self) -> int:
        if not self.database_path.parent.is_dir():
            raise DatabaseReadOnly(f"The folder {self.database_path.parent} does not exist.")
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        try:
            return os.open(self.path, flags, 0o644)
        except PermissionError as error:
            raise DatabaseReadOnly(
                f"{self.database_path} cannot be written: no lock file can be made beside "
                f"it ({error.strerror}). Open it read-only or copy it somewhere writable."
            ) from error

    def _write_holder(self, fd: int) -> None:
        content = LockHolder.this_process().encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, content)
        if sys.platform != "win32":
            os.ftruncate(fd, len(content))
        os.fsync(fd)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed
            _os_unlock(fd)
            os.close(fd)
            with contextlib.suppress(OSError):
                self.path.unlink()
            return
        # Remove the file while still holding it; a copy waiting on the old file notices
        # (``_still_names``) and starts over on a fresh one.
        with contextlib.suppress(OSError):
            self.path.unlink()
        _os_unlock(fd)
        os.close(fd)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


@dataclass(frozen=True)
class LockedDatabase(Database):
    """A database opened for writing; ``dispose`` gives the writer lock back."""

    writer_lock: WriterLock | None = None

    def dispose(self) -> None:
        try:
            super().dispose()
        finally:
            if self.writer_lock is not None:
                self.writer_lock.release()


def open_for_writing(
    path_or_url: str | Path, *, create: bool = True, upgrade: bool = True
) -> Database:
    """Open a register as its only writer (the window, ``init``, ``import``).

    Raises DatabaseInUse when another copy writes it; the caller may then open it
    read-only with ``open_database(path, read_only=True)``. The lock is taken before the
    database is touched, because opening may upgrade its schema.
    """
    path = sqlite_path(to_url(path_or_url))
    if path is None:
        # Database servers arbitrate their own writers.
        return open_database(path_or_url, create=create, upgrade=upgrade)
    lock = WriterLock(path)
    lock.acquire()
    try:
        database = open_database(path_or_url, create=create, upgrade=upgrade)
    except BaseException:
        lock.release()
        raise
    values = {f.name: getattr(database, f.name) for f in fields(Database)}
    return LockedDatabase(**values, writer_lock=lock)
