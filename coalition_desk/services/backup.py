"""Backups of the open database, consistent while the window keeps editing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coalition_desk.store.backup import backup_sqlite_file
from coalition_desk.store.check import check_database
from coalition_desk.store.engine import Database, open_database
from coalition_desk.store.errors import DatabaseDamaged, StoreError


def make_backup(
    database: Database,
    destination: Path,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    if database.path is None:
        raise StoreError("Backups are for database files; use the server's own tools for a URL.")
    destination = destination.expanduser()
    if destination.resolve() == database.path.resolve():
        raise StoreError("The backup cannot replace the database itself; choose another file.")
    if destination.exists() and not overwrite:
        raise StoreError(f"{destination} exists already; choose another name (or --force).")
    if not destination.parent.is_dir():
        raise StoreError(f"The folder {destination.parent} does not exist.")
    backup_sqlite_file(database.path, destination, progress)
    copy = open_database(destination, create=False, upgrade=False)
    try:
        findings = check_database(copy)
    finally:
        copy.dispose()
    if findings:
        raise DatabaseDamaged(
            f"The backup at {destination} failed its check: {findings[0]}. Keep the original."
        )
    return destination
