"""Reading an SQLite register file without writing anything beside it, and telling a full
disk from a damaged file: what the engine, the backup and the check share."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError

from coalition_desk.store.errors import DiskFull

log = logging.getLogger(__name__)

# A commit that leaves more than this in the -wal was bulk work: checkpoint it at once.
BULK_WAL_BYTES = 256 * 1024


def has_pending_writes(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def read_only_uri(path: Path) -> str:
    """An SQLite URI that reads ``path`` without writing anything beside it.

    ``mode=ro`` still needs the -shm beside a WAL register, which a full disk, a
    read-only folder or a read-only file system cannot give. When nothing is pending in
    a -wal (so no writer is at work and the main file holds every commit), the file is
    opened ``immutable`` instead, which needs no -shm at all.
    """
    quoted = str(Path(path).resolve())
    plain = f"file:{quoted}?mode=ro"
    immutable = f"file:{quoted}?mode=ro&immutable=1"
    folder = Path(quoted).parent
    if not has_pending_writes(path) and (
        disk_is_full(folder) or not os.access(folder, os.W_OK)
    ):
        # mode=ro would still make an empty -wal and -shm here, then fail on them.
        log.info("Reading %s as immutable: nothing can be written beside it", path)
        return immutable
    try:
        probe = sqlite3.connect(plain, uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return plain
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        if has_pending_writes(path):
            log.info("Cannot read %s read-only (%s) and its -wal holds commits", path, error)
            return plain  # the caller meets the same error and explains it
        log.info("Reading %s as immutable: %s", path, error)
        return immutable


def disk_is_full(folder: Path | None, message: str = "") -> bool:
    if "disk is full" in message.lower():
        return True
    if folder is None:
        return False
    try:
        # SQLite says "disk I/O error" when the -shm it maps cannot grow.
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def wal_bytes(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        return os.stat(f"{path}-wal").st_size
    except OSError:
        return 0


def checkpoint_passive(engine: Engine, path: Path) -> None:
    """Fold committed work from the -wal into the main file. PASSIVE never waits for
    readers: what they still hold stays in the -wal until the next checkpoint."""
    if engine.dialect.name != "sqlite":
        return
    try:
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            raw.close()
    except (sqlite3.Error, SADatabaseError) as error:
        log.info("No checkpoint of %s: %s", path, error)


def full_disk_error(path_label: str) -> DiskFull:
    return DiskFull(
        f"{path_label} cannot be written: its disk is full. The register is not damaged "
        "and nothing was changed. Free some space, then try again (it can still be "
        "opened read-only meanwhile)."
    )


def passes_quick_check(path: Path) -> bool:
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
        finally:
            connection.close()
    except sqlite3.Error:
        return False
