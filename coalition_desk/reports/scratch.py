"""Where a workbook is written before it is moved into place: private, and never left.

A workbook is built in a scratch folder made beside its target (so the final move is a
rename on the same disk), readable by its owner only (mode 700, as ``mkdtemp`` makes
it). openpyxl's own temporary files — one per sheet, holding that sheet's XML, which
it would otherwise put in the shared temporary folder (/tmp) — go there too. On a
classified laptop, register text must not sit where other accounts or a later
clean-up tool may read it.

A writer killed on the spot (SIGKILL, power loss) cannot tidy up, so each scratch
folder holds a lock file that its writer keeps locked (``flock``; ``msvcrt.locking`` on
Windows) and the operating system unlocks when the writer dies. The next workbook
written removes every scratch folder whose lock is free: those beside its own target,
and those named in the user's scratch journal (``COALITION_DESK_STATE_DIR`` or the
platform's state folder), wherever they are. Hidden ``.<name>.partial`` files that
earlier versions left beside the target are removed there as well.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from openpyxl.worksheet import _writer as openpyxl_writer

from coalition_desk.reports.paths import scratch_journal

log = logging.getLogger(__name__)

PREFIX = ".coalition-desk-writing-"
LOCK_NAME = "in-use.lock"
# A folder without its lock file yet (its writer died between making it and locking):
# left alone for this long, in case its writer is just slow to start.
UNLOCKED_GRACE_SECONDS = 60
# Partial files of earlier versions, which carried no lock: taken as left over after this.
OLD_PARTIAL_AGE_SECONDS = 3600

_current = threading.local()


@contextlib.contextmanager
def scratch_folder(target: Path) -> Iterator[Path]:
    """A private folder beside ``target`` for this thread's workbook; removed afterwards."""
    remove_leftovers(target.parent)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=target.parent))
    lock = _hold(folder)
    entry = _journal(folder)
    previous = getattr(_current, "folder", None)
    _current.folder = folder
    try:
        yield folder
    finally:
        _current.folder = previous
        with contextlib.suppress(OSError):
            os.close(lock)
        shutil.rmtree(folder, ignore_errors=True)
        if entry is not None:
            with contextlib.suppress(OSError):
                entry.unlink()


def remove_leftovers(beside: Path | None = None) -> list[Path]:
    """Remove the scratch folders whose writer is gone; returns what was removed."""
    removed: list[Path] = []
    candidates: set[Path] = set()
    if beside is not None:
        with contextlib.suppress(OSError):
            candidates.update(p for p in beside.iterdir() if p.name.startswith(PREFIX))
            removed.extend(_remove_old_partials(beside))
    entries: dict[Path, Path] = {}
    with contextlib.suppress(OSError):
        for entry in scratch_journal().iterdir():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                folder = Path(entry.read_text(encoding="utf-8"))
                entries[folder] = entry
                candidates.add(folder)
    for folder in candidates:
        if not folder.name.startswith(PREFIX) or folder.is_symlink():
            gone = not folder.exists()  # a journal entry names only our own folders
        elif not folder.exists():
            gone = True
        elif folder.is_dir() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            gone = not folder.exists()
            if gone:
                removed.append(folder)
                log.info("removed %s, left by a workbook writer that was stopped", folder)
        else:
            gone = False
        if gone and folder in entries:
            with contextlib.suppress(OSError):
                entries[folder].unlink()
    return removed


def remove_leftovers_in_background() -> threading.Thread:
    """At start: remove what killed writers left, without holding up the start.

    A classified laptop must not keep register XML lying about until the officer happens
    to write another workbook; a failure here is logged, never shown.
    """

    def remove() -> None:
        try:
            remove_leftovers()
        except Exception:  # the start goes on whatever a leftover does
            log.warning("could not remove a stopped writer's leftovers", exc_info=True)

    thread = threading.Thread(target=remove, name="scratch-leftovers", daemon=True)
    thread.start()
    return thread


def _remove_old_partials(folder: Path) -> list[Path]:
    removed = []
    now = time.time()
    for path in folder.glob(".*.partial"):
        with contextlib.suppress(OSError):
            if path.is_file() and now - path.stat().st_mtime > OLD_PARTIAL_AGE_SECONDS:
                path.unlink()
                removed.append(path)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        with contextlib.suppress(OSError):
            return time.time() - folder.stat().st_mtime > UNLOCKED_GRACE_SECONDS
        return False
    except OSError:
        return False
    try:
        return _try_lock(fd)
    finally:
        os.close(fd)


def _hold(folder: Path) -> int:
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    if not _try_lock(fd):  # pragma: no cover - nobody else knows the folder yet
        os.close(fd)
        raise OSError(f"could not lock {folder}")
    return fd


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _journal(folder: Path) -> Path | None:
    """Note the folder in the user's journal, so that any later writer can remove it."""
    journal = scratch_journal()
    try:
        journal.mkdir(parents=True, exist_ok=True, mode=0o700)
        entry = journal / hashlib.sha256(str(folder).encode()).hexdigest()[:32]
        entry.write_text(str(folder), encoding="utf-8")
    except OSError:
        # Without a journal the folder is still removed by the next writer beside it.
        log.info("could not note %s in the scratch journal", folder, exc_info=True)
        return None
    return entry


def _private_temporary_file(suffix: str = "") -> str:
    """openpyxl's create_temporary_file, in this thread's scratch folder."""
    folder = getattr(_current, "folder", None) or _process_folder()
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=folder)
    os.close(fd)
    openpyxl_writer.ALL_TEMP_FILES.append(name)
    return name


_process_scratch: list[Path] = []


def _process_folder() -> Path:
    """A private scratch folder for openpyxl work outside ``scratch_folder`` (none of ours)."""
    if not _process_scratch:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        _hold(folder)  # for the process's life: its files are in use until it ends
        _process_scratch.append(folder)
        entry = _journal(folder)
        atexit.register(_remove_process_folder, folder, entry)
    return _process_scratch[0]


def _remove_process_folder(folder: Path, entry: Path | None) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    if entry is not None:
        with contextlib.suppress(OSError):
            entry.unlink()


# openpyxl names the shared temporary folder itself (NamedTemporaryFile); every
# worksheet it writes asks this function for its file.
openpyxl_writer.create_temporary_file = _private_temporary_file
