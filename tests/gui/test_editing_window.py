"""Editing inside the main window: a new position appears on the timeline at once."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from coalition_desk.services import records
from coalition_desk.store.engine import open_database
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")
BACKSTOP = uuid_of("issue", "backstop")


@pytest.mark.both_backends  # the basic open, edit, save, undo in team mode too
def test_adding_a_position_through_the_dialog_shows_it_on_the_timeline(qtbot, window) -> None:
    editor = window.edit_controller
    presented = []
    editor.present = presented.append
    window.hub.select_nation(POLAND)
    window.hub.select_issue(BACKSTOP)
    qtbot.waitUntil(lambda: window.timeline_pane.data is not None)
    shown_before = {p.uuid for p in window.timeline_pane.data.points}

    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    [dialog] = presented
    dialog.stance_combo.set_value("Vital")
    dialog.as_of_edit.set_value(dt.date(2025, 5, 20))
    dialog.quote_edit.setText("The American backstop is vital.")
    assert dialog.save()

    [change] = dialog.changes.changes
    points = {p.uuid: p for p in window.timeline_pane.data.points}
    assert set(points) == shown_before | {change.uuid}
    assert points[change.uuid].date == dt.date(2025, 5, 20)
    assert "The American backstop is vital." in points[change.uuid].tooltip

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {p.uuid for p in window.timeline_pane.data.points} == shown_before
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert change.uuid in {p.uuid for p in window.timeline_pane.data.points}


def test_the_edit_menu_holds_the_editing_actions(window) -> None:
    edit_menu = next(
        action.menu() for action in window.menu_bar.actions() if action.text() == "&Edit"
    )
    in_menu = set(edit_menu.actions())
    assert set(window.edit_controller.actions().values()) <= in_menu


def test_a_read_only_database_offers_no_edits(make_window, demo_db) -> None:
    path = demo_db.path
    demo_db.dispose()
    read_only = open_database(path, read_only=True)
    try:
        window = make_window(read_only)
        window.hub.select_nation(POLAND)
        actions = window.edit_controller.actions()
        assert not actions["new_position"].isEnabled()
        assert not actions["edit_selected"].isEnabled()
        assert not actions["delete_selected"].isEnabled()
        assert records.counts(read_only)["nations"] > 0
    finally:
        read_only.dispose()
