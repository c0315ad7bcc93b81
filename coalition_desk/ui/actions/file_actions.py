"""File menu work: choosing databases, recent files and backup.

The file dialogs sit behind small functions so that tests can replace them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from coalition_desk.services.backup import make_backup
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


def recent_databases(settings: QSettings) -> list[str]:
    value = settings.value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value] if value else []
    return [str(path) for path in value or []]


def remember_database(settings: QSettings, path: str) -> None:
    paths = [p for p in recent_databases(settings) if p != path]
    settings.setValue(RECENT_KEY, [path, *paths][:MAX_RECENT])


def backup(host: ActionHost) -> Task | None:
    hub, window = host.hub, host.window()
    database = hub.database
    if database.path is None:
        show_error(window, OSError("Backups are for database files, not server URLs."))
        return None
    suggested = str(database.path.with_name(f"{database.path.stem}-backup{database.path.suffix}"))
    chosen = ask_save_path(window, "Back up the register", suggested, DATABASE_FILTER)
    if not chosen:
        return None
    destination = Path(chosen)

    def work(progress: Progress, _cancelled: object) -> Path:
        # The save dialog has already asked before replacing an existing file.
        return make_backup(database, destination, overwrite=True, progress=progress)

    task = run_in_worker(window, "Backing up", work, label=f"Backing up to {destination}…")
    task.finished.connect(
        lambda path: hub.status_message.emit(f"Backed up to {path} (checked).")
    )
    task.failed.connect(lambda error: show_error(window, error))
    task.cancelled.connect(
        lambda: hub.status_message.emit("Backup cancelled; no file was written.")
    )
    return task

