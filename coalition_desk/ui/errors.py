"""Clear dialogs for database problems the officer can act on (never a traceback)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from coalition_desk.store.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    NewerSchemaError,
    NotADeskDatabase,
    StoreError,
    UpgradeFailed,
)
from coalition_desk.store.server_errors import AccessRefused, ConnectionLost, ServerUnreachable

ADVICE: tuple[tuple[type[StoreError], str, str], ...] = (
    (
        DatabaseLocked,
        "Database in use",
        "Another program (or another Coalition Desk window) is writing to it. Close it there, "
        "then try again.",
    ),
    (
        DiskFull,
        "Disk full",
        "Free some space on that disk, then try again. The register is not damaged and "
        "everything saved so far is in it; you can open it read-only meanwhile.",
    ),
    (
        DatabaseReadOnly,
        "Database cannot be written",
        "You can open it read-only to look, or copy the file to a folder you can write to.",
    ),
    (
        NewerSchemaError,
        "Database from a newer version",
        "Install the newer version of Coalition Desk to open it. The file was not changed.",
    ),
    (
        NotADeskDatabase,
        "Not a Coalition Desk database",
        "Choose a Coalition Desk database file (usually *.sqlite3). The file was not changed.",
    ),
    (
        UpgradeFailed,
        "Upgrade failed",
        "The database was left as it was. If a copy was taken before the upgrade, it is "
        "named above: keep it, and report the problem.",
    ),
    (
        ServerUnreachable,
        "Server not reachable",
        "Check the network cable or Wi-Fi, and ask the administrator whether the server is "
        "running. Nothing was changed.",
    ),
    (
        AccessRefused,
        "Access refused by the server",
        "Check the user name and the password (your ~/.pgpass or service file), or ask the "
        "administrator. Nothing was changed.",
    ),
    (
        ConnectionLost,
        "Connection to the server lost",
        "What was being saved was not saved; what you typed is still in the form. Save "
        "again once the network is back.",
    ),
    (
        DatabaseDamaged,
        "Database damaged",
        "Restore the latest backup (File → Open on the backup file) and keep the damaged file "
        "for investigation.",
    ),
)


def describe(error: BaseException) -> tuple[str, str]:
    """A title and a message for the officer: what happened and what to do."""
    for kind, title, advice in ADVICE:
        if isinstance(error, kind):
            return title, f"{error}\n\n{advice}"
    if isinstance(error, StoreError):
        return "Database problem", str(error)
    if isinstance(error, PermissionError):
        return "Not allowed", f"{error.strerror or error}: {error.filename or ''}".strip()
    if isinstance(error, OSError):
        return "File problem", f"{error.strerror or error}: {error.filename or ''}".strip()
    return "Unexpected problem", (
        f"Coalition Desk hit a problem it did not expect: {error}\n\n"
        "Nothing you typed was lost. The details are in the log file."
    )


def show_error(parent: QWidget | None, error: BaseException) -> None:
    title, message = describe(error)
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("error_dialog")
    box.exec()


def ask_password(parent: QWidget | None, error: StoreError) -> str | None:
    """The server's password, typed in; held in memory for this session only, never
    written anywhere (~/.pgpass is the place to keep one)."""
    password, accepted = QInputDialog.getText(
        parent,
        "Password for the register's server",
        f"{error}\n\nPassword (kept for this session only):",
        QLineEdit.EchoMode.Password,
    )
    return password if accepted and password else None


def ask_read_only(parent: QWidget | None, error: DatabaseReadOnly) -> bool:
    """Offer to open a database that cannot be written read-only instead."""
    title, message = describe(error)
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.setObjectName("read_only_dialog")
    read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is read_only


def show_opened_read_only(parent: QWidget | None, error: StoreError) -> None:
    """The register was opened, but only to look: say why before the window shows it."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Damaged register opened read-only",
        f"{error}\n\nIt is open read-only so that nothing more is written to it: copy "
        "out what you need, then restore the latest backup (File → Open on the backup "
        "file) and keep the damaged file for investigation.",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("damaged_read_only_dialog")
    box.exec()
