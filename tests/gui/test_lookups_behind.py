"""The lookups a selection narrows by are read after the panes' rows, not beside them."""

from __future__ import annotations

import threading

from coalition_desk.services import meetings, questions
from coalition_desk.store.engine import Database
from coalition_desk.ui.hub import Hub
from tests.conftest import uuid_of
from tests.gui.helpers import shown_uuids

FRANCE = uuid_of("nation", "FRA")
POLAND = uuid_of("nation", "POL")


def test_the_window_is_filled_without_waiting_for_the_lookups_and_narrows_the_same(
    qtbot, demo_db: Database, make_window, monkeypatch
) -> None:
    release = threading.Event()
    began_while_loading: list[bool] = []
    real_read = meetings.meetings_involving_each_nation
    hubs: list[Hub] = []
    real_init = Hub.__init__

    def noted_init(self: Hub, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        hubs.append(self)

    def slow_lookup(database: Database) -> dict[str, tuple[str, ...]]:
        began_while_loading.append(hubs[-1].loading)
        release.wait(10)
        return real_read(database)

    monkeypatch.setattr(Hub, "__init__", noted_init)
    monkeypatch.setattr(meetings, "meetings_involving_each_nation", slow_lookup)
    try:
        # make_window waits until every pane is filled: with the lookup held back, that
        # only happens if the window does not wait for it.
        window = make_window(demo_db)
        assert hubs[-1] is window.hub and window.hub.working_behind
        qtbot.waitUntil(lambda: bool(began_while_loading))
        assert began_while_loading == [False]  # begun once the panes' reads had ended

        # Chosen before the lookup has arrived: asked of the register for that nation.
        window.hub.select_nation(FRANCE)
        before = shown_uuids(window.meetings_pane.view)
        assert before and set(before) == meetings.meetings_involving(demo_db, FRANCE)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.hub.working_behind)

    # Arrived: the same narrowing, taken from the lookup.
    window.hub.select_nation(POLAND)
    window.hub.select_nation(FRANCE)
    assert shown_uuids(window.meetings_pane.view) == before
    window.hub.select_nation(POLAND)
    assert shown_uuids(window.meetings_pane.view) == []
    stake = questions.stake_issue_uuids(demo_db, POLAND)
    assert stake and shown_uuids(window.questions_pane.view) == [
        uuid_of("question", "q-contributions")
    ]
