"""The window in team mode: another officer's commit shows within 2 s without a restart,
a lost connection is read back in full and said so, what is being typed stays, and the
window says who is signed in and whether they may change anything."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAction
from sqlalchemy import text

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.services.team import users
from coalition_desk.store.engine import Database, open_database
from coalition_desk.store.live import RemoteChange, own_backends
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.live_updates import COALESCE_MS, LiveUpdates
from coalition_desk.ui.panes.nations_pane import NationsPane
from tests.conftest import uuid_of
from tests.gui.helpers import shown_uuids

POLAND = uuid_of("nation", "POL")
SHOWN_WITHIN_MS = 2000  # the promise


def second_client(database: Database, user: str | None = None) -> Database:
    url = database.url if user is None else database.url.set(username=user)
    return open_database(url.render_as_string(hide_password=False))


@pytest.fixture
def other_officer(pg_demo_db: Database) -> Iterator[Database]:
    """The client of a second officer on the same register: the window's is pg_demo_db."""
    database = second_client(pg_demo_db)
    yield database
    database.dispose()


def nation_names(pane: NationsPane) -> set[str]:
    return {row.name for row in pane.view.model().rows}


def test_another_clients_commit_shows_in_the_model_within_two_seconds(
    qtbot, pg_demo_db: Database, other_officer: Database
) -> None:
    hub = Hub(pg_demo_db)
    live = LiveUpdates(hub)
    pane = NationsPane(hub)
    qtbot.addWidget(pane)
    pane.show()
    live.start()
    qtbot.waitUntil(lambda: pane.is_loaded and live.connected)
    try:
        assert "Ruritania" not in nation_names(pane)
        Writer(other_officer, origin="another window").create(rec.Nation("Ruritania", "RUR"))
        qtbot.waitUntil(lambda: "Ruritania" in nation_names(pane), timeout=SHOWN_WITHIN_MS)
    finally:
        live.stop()


def test_another_officers_commit_shows_in_the_window_and_own_saves_refresh_once(
    qtbot, pg_demo_db: Database, other_officer: Database, make_window
) -> None:
    window = make_window(pg_demo_db)
    live = window.live_updates
    qtbot.waitUntil(lambda: live.connected)
    assert window.status_area.live_label.text() == "● Live"

    made = Writer(other_officer, origin="another window").create(rec.Nation("Freedonia", "FRE"))
    uuid = made.changes[0].uuid
    qtbot.waitUntil(
        lambda: uuid in shown_uuids(window.nations_pane.view), timeout=SHOWN_WITHIN_MS
    )
    nations_now = f"{records.counts(other_officer)['nations']} nations"
    qtbot.waitUntil(lambda: window.counts_label.text().startswith(nations_now))
    assert live.refreshes == 1

    # The window's own save is shown by the save itself: the server's echo is left out.
    poland = records.get(pg_demo_db, rec.Nation, POLAND)
    window.hub.announce(window.hub.writer.update(dataclasses.replace(poland, notes="Own save")))
    # Long enough for an echo to arrive and be refreshed on its own, before theirs.
    qtbot.wait(3 * COALESCE_MS)
    theirs = Writer(other_officer, origin="another window").create(rec.Nation("Genovia", "GNV"))
    qtbot.waitUntil(
        lambda: theirs.changes[0].uuid in shown_uuids(window.nations_pane.view)
        and live.refreshes >= 2,
        timeout=SHOWN_WITHIN_MS,
    )
    qtbot.wait(3 * COALESCE_MS)
    assert live.refreshes == 2, "the window's own save came back as a refresh of its own"


def test_after_a_lost_connection_the_window_reads_everything_and_says_it_reconnected(
    qtbot, pg_demo_db: Database, other_officer: Database, make_window
) -> None:
    window = make_window(pg_demo_db)
    live = window.live_updates
    qtbot.waitUntil(lambda: live.connected)
    listener_pid = live.listener.backend_pid
    # As a server restart would: every connection of the window is cut (its listener's
    # and its pool's), and a change is made that it cannot hear (no notification at
    # all: replica mode skips triggers), in the transaction that cuts them.
    window_pids = [listener_pid, *own_backends(pg_demo_db.engine)]
    with other_officer.engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(
            text("UPDATE nations SET name = 'Poland (renamed meanwhile)' WHERE uuid = :u"),
            {"u": POLAND},
        )
        for pid in window_pids:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    qtbot.waitUntil(lambda: "Reconnected" in window.statusBar().currentMessage(), timeout=5000)
    assert live.connected and live.listener.backend_pid != listener_pid
    assert "read again" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Poland (renamed meanwhile)" in nation_names(window.nations_pane))
    assert window.status_area.live_label.text() == "● Live"


def test_a_refresh_leaves_what_the_officer_is_typing_in_the_editor(
    qtbot, pg_demo_db: Database, other_officer: Database, make_window
) -> None:
    window = make_window(pg_demo_db)
    qtbot.waitUntil(lambda: window.live_updates.connected)
    controller = window.edit_controller
    controller.presented = []
    controller.present = controller.presented.append
    controller.open_editor("nation", POLAND)
    [dialog] = controller.presented
    dialog.notes_edit.setText("Typed while a colleague saves")

    theirs = records.get(other_officer, rec.Nation, POLAND)
    Writer(other_officer, origin="another window").update(
        dataclasses.replace(theirs, constraints="Colleague: elections in May")
    )
    qtbot.waitUntil(lambda: window.live_updates.refreshes == 1, timeout=SHOWN_WITHIN_MS)
    qtbot.waitUntil(window.is_filled)

    assert dialog.notes_edit.text() == "Typed while a colleague saves"
    # Saving it then is a stale save: shown side by side, the typing kept, nothing lost.
    assert dialog.save() is False
    assert dialog.notes_edit.text() == "Typed while a colleague saves"
    assert records.get(pg_demo_db, rec.Nation, POLAND).constraints == "Colleague: elections in May"


@pytest.fixture
def read_only_register(backend: str, demo_db: Database) -> Iterator[Database]:
    """A register nothing may be changed in: a file opened read-only, or a server
    register signed in to as a reader."""
    if backend == "sqlite":
        path = demo_db.path
        demo_db.dispose()
        database = open_database(path, read_only=True)
        yield database
        database.dispose()
        return
    # Roles are the whole cluster's: a name no other test uses.
    users.add_user(demo_db, "gui_reader", "reader")
    database = second_client(demo_db, "gui_reader")
    yield database
    database.dispose()
    users.remove_user(demo_db, "gui_reader")


@pytest.mark.both_backends
def test_a_read_only_register_is_marked_and_offers_no_changes(
    qtbot, read_only_register: Database, make_window, backend: str
) -> None:
    window = make_window(read_only_register)

    status = window.status_area
    assert status.read_only_mark.isVisible() and status.read_only_mark.text() == "Read-only"
    if backend == "postgresql":
        assert "gui_reader (reader, read-only)" in window.windowTitle()
        assert status.signed_in_label.isVisible()
        assert status.signed_in_label.text() == "Signed in as gui_reader (reader)"
        assert "127.0.0.1" in window.path_label.text()
        why = "read-only access (reader)"
    else:
        assert "read-only" in window.windowTitle()
        assert not status.signed_in_label.isVisible()
        why = "open read-only"
    assert why in status.read_only_mark.toolTip()
    actions = window.edit_controller.actions()
    window.hub.select_nation(POLAND)
    for key in ("new_nation", "edit_selected", "delete_selected", "new_position"):
        assert not actions[key].isEnabled(), key
        assert why in actions[key].toolTip(), key
    for name in ("import_register", "merge_register", "capture_text"):
        action = window.findChild(QAction, name)
        assert not action.isEnabled(), name
        assert why in action.toolTip(), name
    export = next(a for a in window.report_actions if a.objectName() == "export_register")
    assert export.isEnabled(), "a reader makes exports and packs"


@pytest.mark.both_backends
def test_a_writable_register_names_who_is_signed_in_and_has_no_read_only_mark(
    qtbot, window, backend: str
) -> None:
    status = window.status_area
    assert not status.read_only_mark.isVisible()
    assert window.edit_controller.actions()["new_nation"].isEnabled()
    if backend == "postgresql":
        assert status.signed_in_label.text() == "Signed in as postgres (admin)"
        assert "postgres (admin)" in window.windowTitle()
        qtbot.waitUntil(lambda: window.live_updates.connected)
        assert status.live_label.isVisible() and status.live_label.text() == "● Live"
    else:
        # A register file has no signing in, and one window: no listener, no marks.
        assert window.live_updates is None
        assert not status.signed_in_label.isVisible()
        assert not status.live_label.isVisible()
        assert "read-only" not in window.windowTitle()


def test_a_burst_of_notifications_is_one_refresh_and_a_remote_delete_drops_the_selection(
    qtbot, hub: Hub
) -> None:
    live = LiveUpdates(hub)  # not started: the notifications are handed in as heard
    announced: list = []
    hub.data_changed.connect(announced.append)
    hub.select_nation(POLAND)
    for number in range(40):  # an import on another client: statement after statement
        live._heard.emit(RemoteChange("positions", "create", (f"uuid-{number % 10}",)))
    live._heard.emit(RemoteChange("pledges", "update", None))
    live._heard.emit(RemoteChange("nations", "delete", (POLAND,)))

    qtbot.waitUntil(lambda: live.refreshes == 1)
    qtbot.wait(3 * COALESCE_MS)
    assert live.refreshes == 1 and len(announced) == 1
    [changes] = announced
    assert changes.entities == {"position", "pledge", "nation"}
    assert len([c for c in changes.changes if c.entity == "position"]) == 10, "once per record"
    assert hub.context.nation_uuid is None, "the nation deleted elsewhere is no longer selected"
