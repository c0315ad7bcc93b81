"""The rest of a desktop application: banners, status bar, layout, find, settings, errors."""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coalition_desk import __version__
from coalition_desk.domain.records import Position
from coalition_desk.store.engine import open_database
from coalition_desk.store.errors import (
    DatabaseLocked,
    DatabaseReadOnly,
    NewerSchemaError,
    NotADeskDatabase,
)
from coalition_desk.ui import app as app_module
from coalition_desk.ui import errors
from coalition_desk.ui.dialogs.about import about_text
from coalition_desk.ui.dialogs.find_dialog import FindDialog
from coalition_desk.ui.dialogs.settings_dialog import SettingsDialog
from coalition_desk.ui.models.nations import STALE_MARK
from tests.conftest import uuid_of
from tests.gui.helpers import shown_uuids


def test_the_marking_banner_and_the_status_bar_show(window, demo_db) -> None:
    assert window.top_banner.text() == "OFFICIAL"
    assert window.bottom_banner.text() == "OFFICIAL"
    assert window.top_banner.isVisible() and window.bottom_banner.isVisible()
    # The top banner is above the menu bar, the bottom one below every pane.
    assert window.top_banner.mapTo(window, window.top_banner.rect().topLeft()).y() < (
        window.menu_bar.mapTo(window, window.menu_bar.rect().topLeft()).y()
    )
    assert str(demo_db.path) in window.path_label.text()
    assert window.counts_label.text().startswith(
        "10 nations · 9 people · 4 meetings · 7 issues · 12 positions")


def test_the_layout_survives_a_restart(make_window, demo_db) -> None:
    first = make_window(demo_db)
    first.panes.toggle_actions["questions"].setChecked(False)
    first.panes.splitters["root"].setSizes([300, 1100])
    sizes = first.panes.splitters["root"].sizes()
    first.close()  # saves

    second = make_window(demo_db)

    assert second.panes.splitters["root"].sizes() == sizes
    assert not second.questions_pane.isVisible()
    assert not second.panes.toggle_actions["questions"].isChecked()
    assert second.timeline_pane.isVisible()


def test_the_timeline_follows_a_write_announced_on_the_hub(qtbot, window) -> None:
    import datetime as dt

    changes = window.hub.writer.create(
        Position(
            nation_uuid=uuid_of("nation", "FRA"),
            issue_uuid=uuid_of("issue", "troops"),
            as_of=dt.date(2025, 4, 12),
            stance="Substantial force",
            quote="a real force",
        )
    )
    window.hub.announce(changes)
    qtbot.waitUntil(window.is_filled)
    new_uuid = changes.created[0].uuid
    assert new_uuid in {p.uuid for p in window.timeline_pane.data.points}
    assert "13 positions" in window.counts_label.text()


def test_only_the_panes_a_change_touches_refresh(window, monkeypatch) -> None:
    from coalition_desk.domain.records import Change, ChangeSet

    redrawn = []
    monkeypatch.setattr(window.timeline_pane, "redraw", lambda: redrawn.append(True))
    window.hub.announce(ChangeSet((Change("pledge", "update", "x"),)))
    assert redrawn == []
    window.hub.announce(ChangeSet((Change("position", "update", "x"),)))
    assert redrawn == [True]


def test_find_picks_a_question_and_selects_it_in_its_pane(qtbot, window) -> None:
    dialog = FindDialog(window.hub, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.query, "positioned")
    dialog.run_search()
    assert dialog.results.count() == 2
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    question = uuid_of("question", "q-location")
    assert window.hub.context.question_uuid == question
    selected = window.questions_pane.view.selectionModel().selectedRows()
    assert [i.data(Qt.ItemDataRole.UserRole + 1) for i in selected] == [question]


def test_find_picks_a_person_and_selects_their_nation(qtbot, window) -> None:
    dialog = window.open_find()
    qtbot.keyClicks(dialog.query, "Healey")
    dialog.run_search()
    dialog.results.setCurrentRow(0)
    with qtbot.waitSignal(window.hub.open_requested, raising=False):
        qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    assert window.hub.context.nation_uuid == uuid_of("nation", "GBR")
    assert set(shown_uuids(window.meetings_pane.view)) == {
        uuid_of("meeting", "kyiv"),
        uuid_of("meeting", "brussels"),
    }


def test_settings_change_the_stale_marks_and_the_banner(qtbot, window) -> None:
    dialog = SettingsDialog(window.hub, window)
    dialog.stale_days.setValue(3650)
    dialog.marking.setText("official-sensitive")
    dialog.save()
    # The nations (with their stances) are read again on a pool thread.
    qtbot.waitUntil(window.is_filled)
    assert window.top_banner.text() == "OFFICIAL-SENSITIVE"
    assert window.bottom_banner.text() == "OFFICIAL-SENSITIVE"
    assert not any(p.stale for p in window.timeline_pane.data.points)
    texts = [
        window.nations_pane.model.index(r, c).data()
        for r in range(window.nations_pane.model.rowCount())
        for c in range(window.nations_pane.model.columnCount())
    ]
    assert not any(STALE_MARK in (t or "") for t in texts)


def test_a_bad_setting_shows_beside_the_field_and_changes_nothing(window, demo_db) -> None:
    dialog = SettingsDialog(window.hub, window)
    dialog.marking.setText("   ")
    dialog.save()
    assert not dialog.errors["protective_marking"].isHidden()
    assert dialog.errors["protective_marking"].text() == "is required"
    assert window.top_banner.text() == "OFFICIAL"


def test_about_names_the_version(demo_db) -> None:
    assert __version__ in about_text(str(demo_db.path))


def test_help_opens_in_the_window(window) -> None:
    viewer = window.open_help()
    assert "Coalition Desk help" in viewer.browser.toPlainText()
    viewer.show_page("keyboard.html")
    assert "Ctrl+F" in viewer.browser.toPlainText()


@pytest.mark.parametrize(
    ("error", "title"),
    [
        (DatabaseLocked("x is locked"), "Database in use"),
        (DatabaseReadOnly("x cannot be written"), "Database cannot be written"),
        (NewerSchemaError("x is newer"), "Database from a newer version"),
        (NotADeskDatabase("x is not ours"), "Not a Coalition Desk database"),
    ],
)
def test_each_database_problem_has_a_clear_title_and_advice(error, title) -> None:
    shown_title, message = errors.describe(error)
    assert shown_title == title
    assert str(error) in message and len(message) > len(str(error)) + 20


def test_a_database_from_a_newer_version_gets_a_dialog_not_a_traceback(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda parent, error: shown.append(error))
    assert app_module.open_with_dialogs(path) is None
    assert len(shown) == 1 and isinstance(shown[0], NewerSchemaError)
    assert "newer version" in errors.describe(shown[0])[1]


def test_a_read_only_database_can_be_opened_read_only(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "register.sqlite3"
    open_database(path).dispose()
    real_open = app_module.open_database

    def refuse_writing(target, **options):
        if not options.get("read_only"):
            raise DatabaseReadOnly(f"{target} cannot be written (read-only file or folder).")
        return real_open(target, **options)

    monkeypatch.setattr(app_module, "open_database", refuse_writing)
    monkeypatch.setattr(app_module, "open_for_writing", refuse_writing)
    monkeypatch.setattr(app_module, "ask_read_only", lambda parent, error: True)
    database = app_module.open_with_dialogs(path)
    assert database is not None and database.read_only
    database.dispose()


def test_run_creates_the_demo_on_first_start_and_shows_the_window(
    tmp_path: Path, monkeypatch
) -> None:
    shown = []
    monkeypatch.setattr(QApplication, "exec", lambda self: shown.append(app_module.DeskApp) or 0)
    path = tmp_path / "first.sqlite3"
    assert app_module.run(str(path)) == 0
    assert shown
    database = open_database(path)
    try:
        from coalition_desk.services import records

        assert records.counts(database)["nations"] == 10
        assert app_module.prepare_first_start(database) is False  # only when empty
    finally:
        database.dispose()


def test_an_empty_register_made_on_purpose_stays_empty_at_the_next_start(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    path = tmp_path / "new-register.sqlite3"
    open_database(path).dispose()  # as File → New leaves it
    assert app_module.run(str(path)) == 0
    database = open_database(path)
    try:
        from coalition_desk.services import records

        assert records.is_empty(database)
    finally:
        database.dispose()


def test_the_collector_is_off_while_the_window_starts_and_on_once_it_is_shown(
    tmp_path: Path, monkeypatch
) -> None:
    # Paused for the start (ui/app.CollectorPaused); left off, memory would only grow.
    seen: dict[str, bool] = {}

    def event_loop(_app: QApplication) -> int:
        seen["while starting"] = gc.isenabled()
        QApplication.processEvents()  # the loop's first turn
        seen["once shown"] = gc.isenabled()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert gc.isenabled()
    assert app_module.run(str(tmp_path / "first.sqlite3")) == 0
    assert seen == {"while starting": False, "once shown": True}
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off_after_the_start() -> None:
    gc.disable()
    try:
        app_module.CollectorPaused().end()
        assert not gc.isenabled()
    finally:
        gc.enable()
    paused = app_module.CollectorPaused()
    assert not gc.isenabled()
    paused.end()
    paused.end()
    assert gc.isenabled()
