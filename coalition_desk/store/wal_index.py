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


def commits_the_index_misses(database_path: Path) -> int:
    """How many -wal frames past the -shm's last known commit (0 when they agree).

    Frames are matched by the -wal's salts only, not by checksum: a torn last frame can
    only make this report a commit that is not there, which is the safe side.
    """
    found = _last_commit_frame(Path(f"{database_path}-wal"))
    if found is None:
        return 0
    last, salts = found
    try:
        with shm_path(database_path).open("rb") as handle:
            index = handle.read(48)
    except OSError:
        return 0  # no -shm: the next reader rebuilds it from the -wal itself
    if len(index) < 48:
        return 0
    # The wal-index header is in the machine's own byte order.
    (max_frame,) = struct.unpack_from("=I", index, 16)
    index_salts = struct.unpack_from(">2I", index, 32)
    if last == 0:
        return 0
    if index_salts != salts:
        return last
    return max(0, last - max_frame)


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
