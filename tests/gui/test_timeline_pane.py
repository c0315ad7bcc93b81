"""The timeline pane in the window: bounded overview, redraws that follow the selection."""

from __future__ import annotations

import datetime as dt

from coalition_desk.ui import timeline_pane
from tests.conftest import uuid_of
from tests.unit.test_timeline_reads import FRANCE, add_french_positions


def test_the_overview_shows_the_latest_positions_and_says_how_many_exist(
    make_window, demo_db, monkeypatch
) -> None:
    added = add_french_positions(demo_db, dt.date(2025, 6, 1), dt.date(2025, 6, 2))
    monkeypatch.setattr(timeline_pane, "OVERVIEW_LIMIT", 2)
    window = make_window(demo_db)
    pane = window.timeline_pane

    assert [p.uuid for p in pane.data.points] == added
    assert pane.drawing.point_uuids == tuple(added)
    message = "All issues: latest 2 of 14 positions — choose an issue or a nation to see all"
    assert message in pane.title.text()

    window.hub.select_nation(FRANCE)  # France's 3 positions: under the cap, all shown
    assert {p.uuid for p in pane.data.points} == {*added, uuid_of("position", "fra-location")}
    assert "latest" not in pane.title.text()
