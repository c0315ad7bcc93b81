"""Starting the window: open the database (with clear dialogs), first-start demo, run.

``build_window(database, settings)`` makes a ready window without running the event
loop, for tests; ``run(db)`` is what ``coalition-desk`` with no command calls.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coalition_desk.ui.heap import SourcesLetGo

# Before the libraries load: PySide6 reads the source text of each one (ui/heap.py).
SourcesLetGo.install()

# Python's collector runs some 150 times while the modules below load (SQLAlchemy's ORM,
# the register's models, the services and the window's modules), a full collection
# among them: 0.1-0.15 s of a 0.9 s cold start at scale L, and it finds next to nothing
# to free, since modules, classes and functions live as long as the process. It is
# paused while they load (and again in ``run`` until the window is on screen); what
# they made is then moved out of its sight (``gc.freeze``), else the first collection
# after the pause would walk all of it at once.


class CollectorPaused:
    """Python's collector off from here until ``end``: the start (opening, the window's
    modules, its build) makes objects that live as long as the process, and each
    collection on the way walks all of them again.

    ``end`` moves what is alive then out of the collector's sight (``gc.freeze``, as
    ``heap.settle_once_filled`` does once the window is filled), so the collections
    while the panes fill walk only what the fill makes, and turns it back on.
    """

    def __init__(self) -> None:
        self._collecting = gc.isenabled()
        gc.disable()

    def end(self) -> None:
        if self._collecting:
            self._collecting = False
            gc.freeze()
            gc.enable()

    def __enter__(self) -> CollectorPaused:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.end()


with CollectorPaused():
    from PySide6.QtCore import QObject, QSettings, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QWidget

    from coalition_desk import APP_NAME
    from coalition_desk.resources import resource_path
    from coalition_desk.services import records
    from coalition_desk.store.engine import Database, open_database, to_url
    from coalition_desk.store.errors import DatabaseLocked, DatabaseReadOnly, StoreError
    from coalition_desk.store.health import DamagedRegister, damage_at_opening
    from coalition_desk.store.lock import DatabaseInUse, open_for_writing
    from coalition_desk.store.server_errors import PasswordRequired
    from coalition_desk.ui.actions.file_actions import remember_database
    from coalition_desk.ui.errors import (
        ask_password,
        ask_read_only,
        show_error,
        show_opened_read_only,
    )
    from coalition_desk.ui.heap import forget_imported_sources, give_back_freed_memory
    from coalition_desk.ui.opening_look import CHECKING, OpeningLook

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
    path_or_url: str | Path, parent: QWidget | None = None, *, create: bool = True
) -> Database | None:
    """Open a database, explaining any problem in a dialog; None when it cannot be opened.

    A damaged register is never opened for writing: read-only with a dialog saying why
    when it can still be shown, refused with the first problem when it cannot. This waits
    for the look for damage (File → Open, tests); a start shows the window first
    (``DeskApp.start``).
    """
    database = _open_or_explain(path_or_url, parent, create=create)
    if database is None:
        return None
    damage = damage_at_opening(database)
    if damage is None:
        return database
    database.dispose()
    return _damaged_read_only(path_or_url, parent, damage)


def _damaged_read_only(
    path_or_url: str | Path, parent: QWidget | None, damage: DamagedRegister
) -> Database | None:
    """The register opened read-only after ``damage`` was found, with a dialog saying so;
    None, after a dialog naming the first problem, when it cannot be shown."""
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
    from coalition_desk.services import demo  # only ever needed at a first start

    demo.install_demo(database, origin="first start")
    return True


def import_window() -> None:
    """Load the window's modules (a third of a second), e.g. while the register is checked."""
    import coalition_desk.ui.main_window  # noqa: F401 - loaded now, used by build_window


def build_window(database: Database, settings: QSettings | None = None) -> MainWindow:
    from coalition_desk.ui.main_window import MainWindow

    return MainWindow(database, settings if settings is not None else window_settings())


def _give_back_once_settled(window: MainWindow) -> Callable[[], None]:
    """Once the window is first filled and the look for damage has ended, the idle
    connections' page caches and what filling the window freed go back to the system
    (the module sources were dropped by the slot before)."""
    done = False

    def settled() -> None:
        nonlocal done
        if not done and window.is_filled() and not window.hub.writes_held:
            done = True
            window.database.close_idle_connections()
            give_back_freed_memory()

    return settled


class DeskApp(QObject):
    """Owns the one window and its database; File → New/Open swap both."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else window_settings()
        self.window: MainWindow | None = None
        # Set when a register was refused after its window had been shown: run's exit code.
        self.exit_code: int | None = None
        # The register a start is looking over, and the window showing it meanwhile.
        self._look: OpeningLook | None = None
        self._looked_at: tuple[str | Path, Database, MainWindow] | None = None

    def start(self, path_or_url: str | Path) -> MainWindow | None:
        """Open a register and show it at once, looking it over for damage meanwhile.

        The window shows the register while ``damage_at_opening`` scans it (on a thread
        of its own), its writes held until the look has ended. When the look finds
        damage the window is replaced as ``open_with_dialogs`` would have decided:
        read-only with a dialog saying why, or refused (closed, after a dialog naming the
        first problem; ``exit_code`` says so). None when nothing could be shown.
        """
        database = _open_or_explain(path_or_url, None, create=True)
        if database is None:
            return None
        import_window()
        # Before the panes read their rows, which then reuse the memory.
        forget_imported_sources()
        look = OpeningLook(database)
        look.ended.connect(self._look_ended)
        self._look = look
        try:
            window = build_window(database, self.settings)
        except Exception:
            look.start()
            damage = look.wait()
            if damage is None:
                raise
            # Reading a damaged register can fail anywhere: the look says why.
            log.info("Building the window failed on a damaged register", exc_info=True)
            self._look = None
            database.dispose()
            read_only = _damaged_read_only(path_or_url, None, damage)
            return None if read_only is None else self.show(read_only)
        window.hub.hold_writes(CHECKING)
        self._looked_at = (path_or_url, database, window)
        look.start_once_filled(window)
        return self.show(database, window)

    def _look_ended(self, damage: DamagedRegister | None) -> None:
        looked_at, self._looked_at, self._look = self._looked_at, None, None
        if looked_at is None:
            return
        path_or_url, database, window = looked_at
        if self.window is not window:
            return  # the officer opened another register meanwhile
        if damage is None:
            window.hub.release_writes()
            return
        read_only = _damaged_read_only(path_or_url, window, damage)
        if read_only is not None:
            self.show(read_only)
            return
        # Refused: nothing of it stays on screen, as if it had never been shown.
        self.window = None
        self.exit_code = EXIT_NOT_OPENED
        window.close()
        window.deleteLater()
        database.dispose()
        application = QApplication.instance()
        if application is not None:
            application.quit()

    def show(self, database: Database, built: MainWindow | None = None) -> MainWindow:
        """Show ``database`` in a new window (or in ``built``, made for it already)."""
        old = self.window
        if old is not None:
            old.save_layout()
        window = built if built is not None else build_window(database, self.settings)
        window.database_requested.connect(self.switch_to)
        # Whenever the panes have read their rows: the modules loaded by then, and any
        # loaded on first use since (reports, analysis), have been read by PySide.
        window.hub.loads_settled.connect(forget_imported_sources)
        settle = _give_back_once_settled(window)
        window.hub.loads_settled.connect(settle)
        window.hub.writes_held_changed.connect(settle)
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
    with CollectorPaused() as paused:
        return _run(db, paused)


def _run(db: str | Path, paused: CollectorPaused) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource_path("icons", "coalition-desk.svg"))))
    desk = DeskApp()
    # Only a register that did not exist gets the demo: an empty register the officer
    # made on purpose (File → New) stays empty when opened again.
    if is_first_start(db):
        database = open_with_dialogs(db)
        if database is None:
            return EXIT_NOT_OPENED
        try:
            if prepare_first_start(database):
                log.info("Installed the demo scenario in %s", database.display_name)
        except StoreError as error:
            show_error(None, error)
        import_window()
        forget_imported_sources()
        desk.show(database)
    elif desk.start(db) is None:
        return EXIT_NOT_OPENED
    # The first turn of the event loop, as the window is first painted; the panes' reads
    # start then, on pool threads, with the collector on.
    QTimer.singleShot(0, paused.end)
    code = app.exec()
    if desk.window is not None:
        desk.window.database.dispose()
    return desk.exit_code if desk.exit_code is not None else code
