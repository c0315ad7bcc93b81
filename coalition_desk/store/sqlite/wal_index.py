"""Is a register's -shm still the one its writer uses?

SQLite keeps the index of a WAL register's recent commits in the -shm beside it. Deleted
while a window had the register open, each program ended up with its own -shm: backups
and exports reported success but missed the window's latest commits, and its later writes
failed with "disk I/O error". The writer notices that its -shm is gone before each
transaction (``ShmWatch``); a reader compares the commits the -wal holds with those the
-shm knows of (``commits_the_index_misses``) before it trusts what it read.
"""

from __future__ import annotations

import os
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from coalition_desk.store.errors import StoreError

_WAL_HEADER = 32
_FRAME_HEADER = 24
_WAL_MAGIC = (0x377F0682, 0x377F0683)


class ShmLost(StoreError):
    """The -shm of an open register was deleted or replaced behind its writer's back."""


def shm_path(database_path: Path) -> Path:
    return Path(f"{database_path}-shm")


def _last_commit_frame(wal: Path) -> tuple[int, tuple[int, int]] | None:
    """The number of the -wal's last commit frame and its salts; None without a -wal."""
    try:
        with wal.open("rb") as handle:
            header = handle.read(_WAL_HEADER)
            if len(header) < _WAL_HEADER:
                return None
            magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">6I", header[:24])
            if magic not in _WAL_MAGIC or page_size < 512:
                return None
            last, frame = 0, 0
            while True:
                handle.seek(_WAL_HEADER + frame * (_FRAME_HEADER + page_size))
                frame_header = handle.read(_FRAME_HEADER)
                if len(frame_header) < _FRAME_HEADER:
                    break
                _page, commit_size, f_salt1, f_salt2 = struct.unpack(">4I", frame_header[:16])
                if (f_salt1, f_salt2) != (salt1, salt2):
                    break  # frames of an earlier generation of the -wal
                frame += 1
                if commit_size:
                    last = frame
            return last, (salt1, salt2)
    except OSError:
        return None


def _index_header(database_path: Path) -> bytes | None:
    try:
        with shm_path(database_path).open("rb") as handle:
            index = handle.read(48)
    except OSError:
        return None
    return index if len(index) == 48 else None


def _misses_once(database_path: Path) -> tuple[int, bytes] | None:
    """Commits past the -shm's knowledge and the -shm header looked at; None when there
    is nothing to compare (no -wal or no -shm: the next reader rebuilds the index)."""
    found = _last_commit_frame(Path(f"{database_path}-wal"))
    index = _index_header(database_path)
    if found is None or index is None:
        return None
    last, salts = found
    # The wal-index header is in the machine's own byte order, its salts as in the -wal.
    (max_frame,) = struct.unpack_from("=I", index, 16)
    index_salts = struct.unpack_from(">2I", index, 32)
    if last == 0:
        return 0, index
    if index_salts != salts:
        return last, index
    return max(0, last - max_frame), index


def commits_the_index_misses(database_path: Path, attempts: int = 5) -> int:
    """How many -wal frames past the -shm's last known commit (0 when they agree).

    A live writer shows such a gap too, for the moment between writing a commit to the
    -wal (and syncing it) and telling the -shm. So a gap counts only when it is there at
    every one of ``attempts`` looks a quarter second apart while the -shm did not change
    at all: the -shm of a split register never moves on. Frames are matched by the
    -wal's salts, not by checksum: a torn last frame can only make this report a commit
    that is not there, which is the safe side.
    """
    seen: set[bytes] = set()
    missed = 0
    for attempt in range(attempts):
        found = _misses_once(database_path)
        if found is None or found[0] == 0:
            return 0
        missed, index = found
        seen.add(index)
        if len(seen) > 1:
            return 0  # someone keeps this -shm up to date
        if attempt + 1 < attempts:
            time.sleep(0.25)
    return missed


def _mapped_shm_inodes(path: Path) -> set[int] | None:
    """The inodes of ``path`` that this process has mapped (SQLite maps its -shm);
    None where the system does not say (no /proc)."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    wanted = str(path)
    found: set[int] = set()
    for line in maps.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].removesuffix(" (deleted)") == wanted:
            found.add(int(parts[4]))
    return found


@dataclass
class ShmWatch:
    """Notices that the -shm this process's SQLite maps is no longer the one on disk.

    The quick look (one stat) compares the file with the one seen last time; only when it
    changed is this process's memory map asked whether SQLite still uses the old one. A
    -shm that SQLite itself removed and made anew (all connections closed, then a new
    one) is no loss. Where the system has no /proc (macOS), the writer cannot tell and
    goes on; readers still refuse a copy that would miss commits. Windows keeps an open
    -shm from being deleted at all.
    """

    database_path: Path
    identity: tuple[int, int] | None = field(default=None)

    def check(self) -> None:
        # SQLite names the -shm after the register's real path (symlinks resolved).
        path = shm_path(Path(os.path.realpath(self.database_path)))
        try:
            on_disk = os.stat(path)
            current: tuple[int, int] | None = (on_disk.st_dev, on_disk.st_ino)
        except FileNotFoundError:
            current = None
        if current is not None and current == self.identity:
            return
        mapped = _mapped_shm_inodes(path)
        stale = bool(mapped) and (current is None or mapped != {current[1]})
        if not stale:
            self.identity = current
            return
        raise ShmLost(
                f"{path.name}, the file beside {self.database_path.name} that SQLite shares "
                "between the programs reading it, was deleted or replaced while the "
                "register was open. Nothing more was written, so that backups and other "
                "copies miss nothing: close the register and open it again (File → Open) "
                "to go on. Every edit saved so far is in the register."
            )
