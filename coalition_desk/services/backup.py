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
    destination = destination.expanduser()
    if database.path is None:
        return _backup_from_server(database, destination, overwrite)
    if destination.resolve() == database.path.resolve():
        raise StoreError("The backup cannot replace the database itself; choose another file.")
    if destination.exists() and not overwrite:
        raise StoreError(f"{destination} exists already; choose another name (or --force).")
    if not destination.parent.is_dir():
        raise StoreError(f"The folder {destination.parent} does not exist.")

    def verify(copy_path: Path) -> None:
        copy = open_database(copy_path, read_only=True, create=False, upgrade=False)
        try:
            findings = check_database(copy)
        finally:
            copy.dispose()
        if findings:
            first = str(findings[0]).splitlines()[0]
            more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
            raise DatabaseDamaged(
                f"A copy of {database.display_name} fails its check ({first}{more}), so no "
                f"backup was kept at {destination}. Run `coalition-desk check` for the list "
                "and keep the original for investigation."
            )

    return backup_sqlite_file(database.path, destination, progress, verify=verify)


def _backup_from_server(database: Database, destination: Path, overwrite: bool) -> Path:
    """A register on a server backs up into a register file, as ``copy`` makes it (the
    administrator's pg_dump stays the server's own backup: docs/team-mode.md)."""
    from coalition_desk.services.team.copy import copy_register

    if not database.on_server:
        raise StoreError("Backups are for database files; use the server's own tools for a URL.")
    if destination.exists() and not overwrite:
        raise StoreError(f"{destination} exists already; choose another name (or --force).")
    if not destination.parent.is_dir():
        raise StoreError(f"The folder {destination.parent} does not exist.")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = open_database(partial)
    try:
        copy_register(database, copy)
        findings = check_database(copy)
    finally:
        copy.dispose()
    if findings:
        partial.unlink(missing_ok=True)
        raise DatabaseDamaged(
            f"The backup at {destination} failed its check: {findings[0]}. Keep the original."
        )
    partial.replace(destination)
    return destination
