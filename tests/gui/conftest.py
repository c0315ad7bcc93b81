"""GUI fixtures: a demo window whose remembered layout lives in the test's tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QWidget

from coalition_desk.store.engine import Database
from coalition_desk.ui.actions.editing import EditController
from coalition_desk.ui.app import SETTINGS_ENV, build_window
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.main_window import MainWindow

# Longer than any read of the demo register, with a loaded machine's margin.
POOL_DONE_MS = 30_000
# Qt's offscreen platform warns about window features it lacks; not a defect of ours.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing a test does may land in the real user's settings.
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path / "window-default.ini"))


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "window.ini"


@pytest.fixture
def make_window(qtbot, settings_path: Path):
    """Windows closed when the test ends: before a database set up ahead of this fixture
    is dropped (list that one first), so a server register's listener stops first."""
    made: list[MainWindow] = []

    def make(database: Database) -> MainWindow:
        window = build_window(database, QSettings(str(settings_path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        # The timeline is built, and the tables filled, just after the window's first paint.
        pane = window.timeline_pane
        qtbot.waitUntil(lambda: pane.is_built or not pane.isVisible())
        qtbot.waitUntil(window.is_filled)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()
    # What a window still reads on the pool (the lookups it reads once filled,
    # ui/loading.py) ends before the register is closed: a server connection checked
    # out across the register's disposal was left open until the collector found it,
    # which warned in whichever test ran then.
    QThreadPool.globalInstance().waitForDone(POOL_DONE_MS)


@pytest.fixture
def window(demo_db: Database, make_window) -> Iterator[MainWindow]:
    yield make_window(demo_db)


@pytest.fixture
def hub(demo_db: Database) -> Hub:
    return Hub(demo_db)


@pytest.fixture
def controller(hub: Hub, qtbot) -> EditController:
    """The editing controller on the demo, without a main window around it."""
    window = QWidget()
    qtbot.addWidget(window)
    controller = EditController(hub, window)
    # Dialogs are built and filled by the tests, never run modally.
    controller.presented = []
    controller.present = controller.presented.append
    return controller
