"""Consistent copies of a live SQLite database (the online backup API)."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from coalition_desk.store.errors import DatabaseDamaged, StoreError
from coalition_desk.store.sqlite.files import read_only_uri
from coalition_desk.store.sqlite.wal_index import ShmLost, commits_the_index_misses

# All pages in one step: SQLite restarts a stepwise backup whenever another connection
# writes between steps, so a window that keeps editing could starve it for ever. One step
# reads one consistent snapshot (WAL lets the writer go on meanwhile).
PAGES_PER_STEP = -1
# What SQLite leaves beside a copy it was writing (rollback journal, WAL).
_COMPANIONS = ("", "-journal", "-wal", "-shm")


def _remove_partial(partial: Path) -> None:
    for suffix in _COMPANIONS:
        with contextlib.suppress(OSError):
            Path(str(partial) + suffix).unlink()


def _explain(error: BaseException, source: Path, destination: Path) -> StoreError | None:
    """One line for the officer about a copy that could not be made; None for a bug."""
    if isinstance(error, StoreError):
        return None  # already explained (the copy's own check)
    folder = destination.parent
    text = str(error).lower()
    full = "disk is full" in text or (
        isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)
    )
    if full:
        return StoreError(
            f"The backup could not be written: the disk holding {folder} is full. No copy "
            f"was kept and {source.name} is unchanged; free some space or choose another place."
        )
    unwritable = isinstance(error, PermissionError) or any(
        word in text for word in ("readonly", "read-only", "unable to open", "permission")
    ) or (isinstance(error, OSError) and error.errno == errno.EROFS)
    if unwritable:
        return StoreError(
            f"The backup could not be written: {folder} cannot be written here. No copy was "
            "kept; choose a folder you can write to."
        )
    if isinstance(error, sqlite3.DatabaseError) and "malformed" in text:
        return DatabaseDamaged(
            f"{source} is damaged ({error}), so no backup was made. Run `coalition-desk "
            "check` for the details and keep the file for investigation."
        )
    if isinstance(error, (sqlite3.Error, OSError)):
        return StoreError(f"The backup to {destination} failed ({error}); no copy was kept.")
    return None


def backup_sqlite_file(
    source: Path,
    destination: Path,
    progress: Callable[[int, int], None] | None = None,
    verify: Callable[[Path], None] | None = None,
) -> Path:
    """Copy ``source`` to ``destination`` consistently, even while others write to it.

    The copy is written beside the destination under a temporary name, checked by
    ``verify`` (which raises to refuse it), and moved into place only then, so a failed
    backup never leaves a half-written or unverified file behind.
    """
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    try:
        src = sqlite3.connect(read_only_uri(Path(source)), uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:

                def report(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                src.backup(dst, pages=PAGES_PER_STEP, progress=report)
                dst.execute("PRAGMA journal_mode=DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        missed = commits_the_index_misses(Path(source))
        if missed:
            raise ShmLost(
                f"A copy of {source} now would miss its {missed} latest committed change(s): "
                f"its -shm was deleted or replaced while another program had it open. No "
                "backup was kept. Close Coalition Desk wherever the register is open, open "
                "it again, then back it up."
            )
        if verify is not None:
            verify(partial)
        os.replace(partial, destination)
    except BaseException as error:
        _remove_partial(partial)
        problem = _explain(error, Path(source), destination)
        if problem is not None:
            raise problem from error
        raise
    return destination
