"""File menu work: choosing databases, recent files and backup.

The file dialogs sit behind small functions so that tests can replace them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from coalition_desk.ui.actions.host import ActionHost
from coalition_desk.ui.errors import show_error
from coalition_desk.ui.workers import Progress, Task, run_in_worker

DATABASE_FILTER = "Coalition Desk databases (*.sqlite3 *.sqlite *.db);;All files (*)"
RECENT_KEY = "recent_databases"
MAX_RECENT = 8


def ask_database_path(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open a register", "", DATABASE_FILTER)
    return path or None


def ask_new_database_path(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "New register", "register.sqlite3", DATABASE_FILTER
    )
    return path or None


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


SAVE_FOLDER_KEY = "files/save_folder"


def ask_save_in_remembered_folder(
    window: QWidget, title: str, file_name: str, file_filter: str,
    default_folder: Path | None = None,
) -> str | None:
    """The save dialog, opened where the officer last saved, offering ``file_name``.

    The folder is kept in the window's settings (``window_settings``), when it has them.
    """
    settings = getattr(window, "window_settings", None)
    remembered = settings.value(SAVE_FOLDER_KEY) if isinstance(settings, QSettings) else None
    folder = Path(str(remembered)) if remembered else (default_folder or Path.home())
    if not folder.is_dir():
        folder = default_folder or Path.home()
    chosen = ask_save_path(window, title, str(folder / file_name), file_filter)
    if chosen and isinstance(settings, QSettings):
        settings.setValue(SAVE_FOLDER_KEY, str(Path(chosen).parent))
    return chosen


def recent_databases(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(path) for path in value or []]


def remember_database(settings: QSettings, path: str) -> None:
    paths = [p for p in recent_databases(settings) if p != path]
    settings.setValue(RECENT_KEY, [path, *paths][:MAX_RECENT])


def backup(host: ActionHost) -> Task | None:
    # Loaded here, not with the window: a backup is rare and the window starts sooner.
    from coalition_desk.reports.file_names import backup_file_name
    from coalition_desk.services.backup import make_backup

    hub, window = host.hub, host.window()
    database = hub.database
    if database.path is None:
        show_error(window, OSError("Backups are for database files, not server URLs."))
        return None
    name = backup_file_name(database.path.stem, database.path.suffix, dt.date.today())
    chosen = ask_save_in_remembered_folder(window, "Back up the register", name, DATABASE_FILTER,
                                           default_folder=database.path.parent)
    if not chosen:
        return None
    destination = Path(chosen)

    def work(progress: Progress, _cancelled: object) -> Path:
        # The save dialog has already asked before replacing an existing file.
        return make_backup(database, destination, overwrite=True, progress=progress)

    task = run_in_worker(window, "Backing up", work, label=f"Backing up to {destination}…")
    task.finished.connect(
        lambda path: hub.tell_file_written(str(path), f"Backed up to {path} (checked).")
    )
    task.failed.connect(lambda error: show_error(window, error))
    task.cancelled.connect(
        lambda: hub.status_message.emit("Backup cancelled; no file was written.")
    )
    return task

