"""Why SQLite refused to open or write a register, in words an officer can act on."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from coalition_desk.store.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    NotADeskDatabase,
    StoreError,
)
from coalition_desk.store.sqlite.files import disk_is_full, full_disk_error, passes_quick_check

SQLITE_HEADER = b"SQLite format 3\x00"


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite at all, before SQLite gets to touch it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NotADeskDatabase(f"{path} is a folder, not a Coalition Desk database.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADeskDatabase(
            f"{path} is not a Coalition Desk database (it is not an SQLite file). "
            "It was left untouched."
        )


def refuse_if_damaged(engine: Engine, path_label: str) -> None:
    """A register whose schema or settings pages are damaged looks like another
    program's database; calling it that would send the officer away from the backup
    that saves the work."""
    if engine.dialect.name != "sqlite" or "://" in path_label:
        return
    path = Path(path_label)
    if path.exists() and not passes_quick_check(path):
        raise DatabaseDamaged(
            f"{path_label} is damaged and cannot be read (SQLite's own check of the "
            "file fails). It was left untouched; `coalition-desk check` lists what is "
            "wrong. Restore the latest backup."
        )


def explain_operational_error(error: OperationalError, path_label: str) -> Exception:
    message = str(error.orig).lower()
    path = Path(path_label) if "://" not in path_label else None
    folder = path.parent if path is not None else None
    if disk_is_full(folder, message) and ("full" in message or "i/o" in message):
        return full_disk_error(path_label)
    if "locked" in message or "busy" in message:
        return DatabaseLocked(
            f"{path_label} is locked by another program. Close it there and try again."
        )
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return DatabaseReadOnly(
            f"{path_label} cannot be written (read-only file or folder). "
            "Open it read-only or copy it somewhere writable."
        )
    if path is not None and path.exists() and passes_quick_check(path):
        # Never call a sound register damaged: that advice sends officers to an old backup.
        return StoreError(
            f"{path_label} cannot be opened ({error.orig}), though the file itself passes "
            "SQLite's check: it is not damaged and was left untouched. Check the disk and "
            "the folder's permissions, then try again."
        )
    return DatabaseDamaged(f"{path_label} cannot be read: {error.orig}. It was left untouched.")
