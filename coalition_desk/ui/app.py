"""Starting the window: open the database (with clear dialogs), first-start demo, run.

``build_window(database, settings)`` makes a ready window without running the event
loop, for tests; ``run(db)`` is what ``coalition-desk`` with no command calls.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from coalition_desk import APP_NAME
from coalition_desk.resources import resource_path
from coalition_desk.services import demo, records
from coalition_desk.store.engine import Database, open_database, to_url
from coalition_desk.store.errors import DatabaseLocked, DatabaseReadOnly, StoreError
from coalition_desk.store.health import damage_at_opening
from coalition_desk.store.lock import DatabaseInUse, open_for_writing
from coalition_desk.store.server_errors import PasswordRequired
from coalition_desk.ui.actions.file_actions import remember_database
from coalition_desk.ui.errors import (
    ask_password,
    ask_read_only,
    show_error,
    show_opened_read_only,
)

if TYPE_CHECKING:
    from coalition_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ORGANISATION = "Coalition Desk"
APPLICATION = "coalition-desk"
# Points the window's remembered layout and recent files at another ini file (tests, kiosks).
SETTINGS_ENV = "COALITION_DESK_SETTINGS"
EXIT_OK, EXIT_NOT_OPENED = 0, 2


def window_settings() -> QSettings:
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return QSettings(override, QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def open_with_dialogs(
    path_or_url: str | Path,
    parent: QWidget | None = None,
    *,
    create: bool = True,
    meanwhile: Callable[[Database], None] | None = None,
) -> Database | None:
    """Open a database, explaining any problem in a dialog; None when it cannot be opened.

    A damaged register is never opened for writing: read-only with a dialog saying why
    when it can still be shown, refused with the first problem when it cannot.

    ``meanwhile`` gets the register opened for writing and runs on this thread while the
    register is looked over for damage on another: that look scans every table (about a
    second at 200,000 positions), and SQLite leaves the interpreter free while it scans.
    It must not write; when damage is found whatever it made is dropped (the caller sees
    another database, or None), and an error it met on the damage is not raised.
    """
    database = _open_or_explain(path_or_url, parent, create=create)
    if database is None:
        return None
    with ThreadPoolExecutor(1, thread_name_prefix="damage-look") as pool:
        looking = pool.submit(damage_at_opening, database)
        try:
            if meanwhile is not None:
                meanwhile(database)
        except Exception:
            if looking.result() is None:
                raise
            log.info("Preparing the window failed on a damaged register", exc_info=True)
        damage = looking.result()
    if damage is None:
        return database
    database.dispose()
    if not damage.showable:
        show_error(parent, damage)
        return None
    try:
        read_only = open_database(path_or_url, read_only=True, create=False)
    except StoreError as error:
        show_error(parent, error)
        return None
    show_opened_read_only(parent, damage)
    return read_only


def _open_or_explain(
    path_or_url: str | Path, parent: QWidget | None, *, create: bool
) -> Database | None:
    try:
        # The only writer: a second copy on the same register is offered read-only.
        return open_for_writing(path_or_url, create=create)
    except PasswordRequired as error:
        password = ask_password(parent, error)
        if password is None:
            return None
        with_password = to_url(path_or_url).set(password=password)
        try:
            return open_for_writing(with_password.render_as_string(hide_password=False))
        except StoreError as second:
            show_error(parent, second)
            return None
    except (DatabaseReadOnly, DatabaseInUse) as error:
        if not ask_read_only(parent, error):
            return None
        try:
            return open_database(path_or_url, read_only=True, create=False)
        except StoreError as second:
            show_error(parent, second)
            return None
    except DatabaseLocked as error:
        show_error(parent, error)
        return None
    except (StoreError, OSError) as error:
        show_error(parent, error)
        return None


def is_first_start(path_or_url: str | Path) -> bool:
    """No register file yet: the officer's first start (a URL is never a first start)."""
    text = str(path_or_url)
    if "://" in text:
        return False
    path = Path(text).expanduser()
    return not path.exists() or path.stat().st_size == 0


def prepare_first_start(database: Database) -> bool:
    """Fill a new, empty register with the demo; True when it did."""
    if database.read_only or not records.is_empty(database):
        return False
    demo.install_demo(database, origin="first start")
    return True


def import_window() -> None:
    """Load the window's modules (a third of a second), e.g. while the register is checked."""
    import coalition_desk.ui.main_window  # noqa: F401 - loaded now, used by build_window


def build_window(database: Database, settings: QSettings | None = None) -> MainWindow:
    from coalition_desk.ui.main_window import MainWindow

    return MainWindow(database, settings if settings is not None else window_settings())


class DeskApp(QObject):
    """Owns the one window and its database; File → New/Open swap both."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else window_settings()
        self.window: MainWindow | None = None

    def show(self, database: Database, built: MainWindow | None = None) -> MainWindow:
        """Show ``database`` in a new window (or in ``built``, made for it already)."""
        old = self.window
        if old is not None:
            old.save_layout()
        window = built if built is not None else build_window(database, self.settings)
        window.database_requested.connect(self.switch_to)
        if database.path is not None:
            remember_database(self.settings, str(database.path))
        self.window = window
        window.show()
        if old is not None:
            old_database = old.database
            old.close()
            old.deleteLater()
            old_database.dispose()
        return window

    def switch_to(self, path: str, create_new: bool) -> None:
        parent = self.window
        if create_new and Path(path).exists() and Path(path).stat().st_size > 0:
            show_error(
                parent,
                StoreError(
                    f"{path} exists already. A new register needs a new file name; use "
                    "File → Open to open an existing one."
                ),
            )
            return
        database = open_with_dialogs(path, parent, create=create_new)
        if database is not None:
            self.show(database)


def run(db: str | Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource_path("icons", "coalition-desk.svg"))))
    # Only a register that did not exist gets the demo: an empty register the officer
    # made on purpose (File → New) stays empty when opened again.
    first_start = is_first_start(db)
    desk = DeskApp()
    built: list[MainWindow] = []

    def prepare_window(opened: Database) -> None:
        # Built while the register is checked; a first start builds after the demo.
        import_window()
        if not first_start:
            built.append(build_window(opened, desk.settings))

    database = open_with_dialogs(db, meanwhile=prepare_window)
    window = next((w for w in built if w.database is database), None)
    for unused in built:
        if unused is not window:
            unused.deleteLater()
    if database is None:
        return EXIT_NOT_OPENED
    try:
        if first_start and prepare_first_start(database):
            log.info("Installed the demo scenario in %s", database.display_name)
    except StoreError as error:
        show_error(None, error)
    desk.show(database, window)
    code = app.exec()
    if desk.window is not None:
        desk.window.database.dispose()
    return code
