"""Consistent copies of a live SQLite database (the online backup API)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

# All pages in one step: SQLite restarts a stepwise backup whenever another connection
# writes between steps, so a window that keeps editing could starve it for ever. One step
# reads one consistent snapshot (WAL lets the writer go on meanwhile).
PAGES_PER_STEP = -1


def backup_sqlite_file(
    source: Path,
    destination: Path,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Copy ``source`` to ``destination`` consistently, even while others write to it.

    The copy is written beside the destination under a temporary name and moved into
    place only when complete, so a failed backup never leaves a half-written file.
    """
    destination = Path(destination)
    partial = destination.with_name(destination.name + ".partial")
    source_uri = f"file:{Path(source).resolve()}?mode=ro"
    src = sqlite3.connect(source_uri, uri=True)
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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    finally:
        src.close()
    os.replace(partial, destination)
    return destination
