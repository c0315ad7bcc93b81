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

The lock belongs to the register, not to one of its names: it sits beside the file's real
path (a symlink alias finds the same lock), and a second lock named after the file's
device and inode, in one folder per machine, is shared by every hard link to it. Each
name would otherwise keep its own -wal, and a second writer through a hard link once lost
everything the first had committed. The lock file is never followed through a symlink nor
written unless it looks like one of ours: a planted ``register.sqlite3.lock`` symlink once
turned the register itself into a kilobyte of lock JSON.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

from coalition_desk.store.engine import (
    Database,
    full_disk_error,
    open_database,
    sqlite_path,
    to_url,
)
from coalition_desk.store.errors import DatabaseReadOnly
from coalition_desk.store.lock_holder import (
    HOLDER_BYTES,
    DatabaseInUse,
    ForeignLockFile,
    LockHolder,
    read_holder,
)

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
# Windows byte locks are mandatory: lock a byte far past the description so that the
# next copy can still read who holds the register.
_WINDOWS_LOCK_OFFSET = 0x7FFF_0000
_ATTEMPTS = 5
# One folder per machine for the locks named after a file's device and inode.
INODE_LOCK_DIR_ENV = "COALITION_DESK_LOCK_DIR"


def lock_path_for(database_path: Path) -> Path:
    """The lock beside the register's real file (every symlink to it finds the same)."""
    real = Path(os.path.realpath(database_path))
    return real.with_name(real.name + LOCK_SUFFIX)


def inode_lock_folder() -> Path:
    override = os.environ.get(INODE_LOCK_DIR_ENV)
    if override:
        return Path(override)
    return Path(tempfile.gettempdir()) / "coalition-desk-locks"


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
        on_disk = os.lstat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


class WriterLock:
    """The right to write one database file, for as long as this object holds it."""

    def __init__(self, database_path: Path, *, lock_path: Path | None = None) -> None:
        self.database_path = Path(database_path)
        self.path = lock_path if lock_path is not None else lock_path_for(self.database_path)
        self._fd: int | None = None
        # The lock every hard link of the file shares (None for a file not made yet).
        self._inode_lock: WriterLock | None = None
        self._shared_by_every_name = lock_path is None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now or raise DatabaseInUse naming the holder; never waits."""
        if self._fd is not None:
            return
        self._acquire_this_file()
        try:
            self._acquire_inode_lock()
        except BaseException:
            self.release()
            raise

    def _acquire_inode_lock(self) -> None:
        if not self._shared_by_every_name:
            return
        try:
            identity = os.stat(self.database_path)
        except OSError:
            return  # not made yet: no other name can point at it
        folder = inode_lock_folder()
        try:
            if not folder.is_dir():
                folder.mkdir(parents=True, exist_ok=True)
                # Every user's copy on this machine meets here, like in /tmp itself.
                folder.chmod(0o1777)
        except OSError as error:
            log.warning("No shared lock folder %s (%s): hard links go unguarded", folder, error)
            return
        inode_lock = WriterLock(
            self.database_path,
            lock_path=folder / f"{identity.st_dev}-{identity.st_ino}{LOCK_SUFFIX}",
        )
        try:
            inode_lock.acquire()
        except (ForeignLockFile, DatabaseReadOnly) as error:
            log.warning("Shared lock refused (%s): hard links go unguarded", error)
            return
        self._inode_lock = inode_lock

    def _acquire_this_file(self) -> None:
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
                try:
                    self._write_holder(fd)
                except OSError as error:
                    # We hold the lock, so the file is ours to remove: never leave an
                    # empty lock file behind (a full disk once left one per attempt).
                    if _still_names(fd, self.path):
                        with contextlib.suppress(OSError):
                            self.path.unlink()
                    if error.errno in (errno.ENOSPC, errno.EDQUOT):
                        raise full_disk_error(str(self.database_path)) from error
                    raise
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
            self._fd = fd
            return
        raise DatabaseInUse(self.database_path, read_holder(self.path))

    def _open_lock_file(self) -> int:
        if not self.path.parent.is_dir():
            raise DatabaseReadOnly(f"The folder {self.database_path.parent} does not exist.")
        flags = (
            os.O_RDWR
            | getattr(os, "O_BINARY", 0)
            | getattr(os, "O_NOFOLLOW", 0)
            | getattr(os, "O_CLOEXEC", 0)
        )
        if self.path.is_symlink():  # O_NOFOLLOW says so too, but not on Windows
            raise ForeignLockFile(self.path, self.database_path, "it is a symbolic link")
        try:
            try:
                fd = os.open(self.path, flags | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                fd = os.open(self.path, flags)
            else:
                if self.path.parent.stat().st_mode & stat.S_ISVTX:
                    os.fchmod(fd, 0o666)  # the shared folder: others' copies must open it
                return fd
        except PermissionError as error:
            raise DatabaseReadOnly(
                f"{self.database_path} cannot be written: no lock file can be made beside "
                f"it ({error.strerror}). Open it read-only or copy it somewhere writable."
            ) from error
        except FileNotFoundError:
            return self._open_lock_file()  # its holder removed it between our two opens
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise ForeignLockFile(
                    self.path, self.database_path, "it is a symbolic link"
                ) from error
            if error.errno in (errno.EISDIR, errno.ENXIO):
                raise ForeignLockFile(
                    self.path, self.database_path, "it is not a regular file"
                ) from error
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                raise full_disk_error(str(self.database_path)) from error
            if error.errno == errno.EROFS:
                raise DatabaseReadOnly(
                    f"{self.database_path} is on a read-only disk. Open it read-only or "
                    "copy it somewhere writable."
                ) from error
            raise
        self._refuse_unless_ours(fd)
        return fd

    def _refuse_unless_ours(self, fd: int) -> None:
        """A lock file left by another copy is a small regular file with one name."""
        found = os.fstat(fd)
        reason = None
        if not stat.S_ISREG(found.st_mode):
            reason = "it is not a regular file"
        elif found.st_nlink > 1:  # 0: its holder just removed it; acquire starts over
            reason = "it is another name (hard link) of a file with other names"
        elif found.st_size > HOLDER_BYTES:
            reason = f"it is too large to be one ({found.st_size} bytes)"
        if reason is not None:
            os.close(fd)
            raise ForeignLockFile(self.path, self.database_path, reason)

    def _write_holder(self, fd: int) -> None:
        content = LockHolder.this_process().encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, content)
        if sys.platform != "win32":
            os.ftruncate(fd, len(content))
        os.fsync(fd)

    def release(self) -> None:
        inode_lock, self._inode_lock = self._inode_lock, None
        if inode_lock is not None:
            inode_lock.release()
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
