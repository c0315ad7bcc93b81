"""A start shows the window at once and looks the register over for damage meanwhile.

Until the look has ended nothing may be written: the edit actions are greyed, a save is
refused with the reason and the dialog keeps what the officer typed. When the look finds
damage after the window is shown, the window goes the way it always went: read-only with
a dialog saying why, or refused (closed, exit code 2). Either way the file is unchanged.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings

from coalition_desk.domain.records import Nation
from coalition_desk.services import records
from coalition_desk.store.engine import Database
from coalition_desk.store.health import DamagedRegister
from coalition_desk.store.lock import lock_path_for
from coalition_desk.ui import app as app_module
from coalition_desk.ui import opening_look
from coalition_desk.ui.opening_look import CHECKING
from tests.conftest import uuid_of
from tests.reliability.helpers import fingerprint

POLAND = uuid_of("nation", "POL")


@pytest.fixture
def register(sound, tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], path)
    return path


@pytest.fixture
def look_gate(monkeypatch) -> Iterator[threading.Event]:
    """The look for damage waits for the test to open this gate, then looks for real."""
    gate = threading.Event()
    real = opening_look.damage_at_opening

    def held_look(database):
        assert gate.wait(60), "the test never let the look end"
        return real(database)

    monkeypatch.setattr(opening_look, "damage_at_opening", held_look)
    yield gate
    gate.set()


@pytest.fixture
def desk(qtbot, tmp_path: Path) -> Iterator[app_module.DeskApp]:
    made = app_module.DeskApp(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    yield made
    if made.window is not None:
        database = made.window.database
        made.window.close()
        database.dispose()


@dataclass
class Dialogs:
    """What the start told the officer in a dialog: refused, or opened read-only."""

    refused: list[BaseException] = field(default_factory=list)
    read_only: list[BaseException] = field(default_factory=list)


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    told = Dialogs()
    monkeypatch.setattr(app_module, "show_error", lambda _p, e: told.refused.append(e))
    monkeypatch.setattr(app_module, "show_opened_read_only",
                        lambda _p, e: told.read_only.append(e))
    return told


def _tamper(path: Path, statement: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_a_save_while_the_register_is_checked_is_refused_and_keeps_the_entry(
    qtbot, desk, register, look_gate
) -> None:
    window = desk.start(register)
    assert window is not None and window.isVisible()
    qtbot.waitExposed(window)
    controller = window.edit_controller
    presented = []
    controller.present = presented.append

    assert window.hub.writes_held == CHECKING
    assert window.statusBar().currentMessage() == CHECKING
    actions = controller.actions()
    assert not actions["new_nation"].isEnabled()
    assert actions["new_nation"].toolTip() == CHECKING
    settings_action = next(a for a in window.findChildren(type(actions["undo"]))
                           if a.objectName() == "settings")
    assert not settings_action.isEnabled()

    # A double click opens the editor whatever the actions say: its save is refused.
    dialog = controller.open_editor("nation", POLAND)
    dialog.name_edit.setText("Poland (typed while checked)")
    assert not dialog.save()
    assert CHECKING in dialog.banner.text() and "Nothing was saved" in dialog.banner.text()
    assert dialog.name_edit.text() == "Poland (typed while checked)"
    assert records.get(window.database, Nation, POLAND).name == "Poland"

    look_gate.set()
    qtbot.waitUntil(lambda: not window.hub.writes_held)
    assert actions["new_nation"].isEnabled() and settings_action.isEnabled()
    assert actions["new_nation"].toolTip() != CHECKING
    assert window.statusBar().currentMessage() != CHECKING
    # The same entry, saved again now that the look has ended.
    assert dialog.save()
    assert records.get(window.database, Nation, POLAND).name == "Poland (typed while checked)"


def test_damage_found_after_the_window_is_shown_reopens_it_read_only(
    qtbot, desk, register, look_gate, dialogs
) -> None:
    _tamper(register, "DROP TRIGGER nations_search_update")
    before = fingerprint(register)

    first = desk.start(register)
    assert first is not None and first.isVisible() and not first.database.read_only
    qtbot.waitUntil(first.is_filled)
    assert first.hub.writes_held

    look_gate.set()
    qtbot.waitUntil(lambda: desk.window is not first)
    [error] = dialogs.read_only
    assert dialogs.refused == []
    assert isinstance(error, DamagedRegister) and "nations_search_update" in str(error)
    window = desk.window
    assert window is not None and window.isVisible() and window.database.read_only
    assert not shiboken6.isValid(first) or not first.isVisible()
    assert not window.edit_controller.actions()["new_nation"].isEnabled()
    qtbot.waitUntil(window.is_filled)
    assert fingerprint(register) == before
    assert not lock_path_for(register).exists()
    assert desk.exit_code is None


def test_damage_that_cannot_be_shown_found_after_the_window_is_shown_refuses_it(
    qtbot, desk, register, look_gate, dialogs
) -> None:
    _tamper(register, "UPDATE meetings SET date = 'next spring' "
                      "WHERE id = (SELECT min(id) FROM meetings)")
    before = fingerprint(register)

    first = desk.start(register)
    assert first is not None and first.isVisible()
    assert first.hub.writes_held

    look_gate.set()
    qtbot.waitUntil(lambda: desk.window is None)
    [error] = dialogs.refused
    assert dialogs.read_only == []
    assert isinstance(error, DamagedRegister) and "meetings row(s) hold in date" in str(error)
    assert not shiboken6.isValid(first) or not first.isVisible()
    assert desk.exit_code == app_module.EXIT_NOT_OPENED
    assert fingerprint(register) == before
    assert not lock_path_for(register).exists()


def test_a_window_that_cannot_be_built_on_a_damaged_register_is_refused_with_the_damage(
    qtbot, desk, register, dialogs, caplog
) -> None:
    # The issue chooser reads the issues while the window is built.
    _tamper(register, "UPDATE issues SET stances = '{not json' "
                      "WHERE id = (SELECT min(id) FROM issues)")
    caplog.set_level(logging.INFO, logger=app_module.__name__)
    before = fingerprint(register)
    assert desk.start(register) is None
    assert "Building the window failed on a damaged register" in caplog.text
    [error] = dialogs.refused
    assert dialogs.read_only == []
    assert isinstance(error, DamagedRegister) and "not a JSON list" in str(error)
    assert fingerprint(register) == before
    assert not lock_path_for(register).exists()


def test_a_sound_register_opens_for_writing_without_a_dialog(
    qtbot, desk, register, monkeypatch, dialogs
) -> None:
    closed: list[bool] = []
    real_close = Database.close_idle_connections
    monkeypatch.setattr(Database, "close_idle_connections",
                        lambda self: closed.append(True) or real_close(self))
    window = desk.start(register)
    assert window is not None
    qtbot.waitUntil(lambda: not window.hub.writes_held)
    assert window.hub.may_write_now and desk.window is window
    assert window.edit_controller.actions()["new_nation"].isEnabled()
    # Once filled and looked over, the idle connections are closed (their page caches
    # freed); the register is read and written as before.
    qtbot.waitUntil(lambda: window.is_filled() and closed == [True])
    window.hub.select_nation(POLAND)
    controller = window.edit_controller
    controller.present = lambda _dialog: None
    dialog = controller.open_editor("nation", POLAND)
    dialog.name_edit.setText("Poland (after the start)")
    assert dialog.save()
    assert records.get(window.database, Nation, POLAND).name == "Poland (after the start)"
    assert dialogs == Dialogs()
