"""A chart read the officer has chosen past stops between chunks, and shows nothing.

In the quick succession of choices, an outrun read that ran to its end competed with the
window for the interpreter (two pool threads reading ~5,000 positions each at scale L).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

from coalition_desk.services import positions
from coalition_desk.ui.timeline.render_jobs import RenderJobs
from tests.conftest import uuid_of

TROOPS, LOCATION = uuid_of("issue", "troops"), uuid_of("issue", "location")


def test_a_job_outrun_before_a_pool_thread_took_it_up_does_nothing(qtbot, hub) -> None:
    owner = QObject()
    jobs = RenderJobs(hub, owner)
    ran: list[bool] = []
    landed: list[object] = []
    jobs.start(lambda _cancelled: ran.append(True), landed.append)
    jobs.cancel()  # the next choice, before the pool got to the first
    assert hub.loading
    qtbot.waitUntil(lambda: not hub.loading)  # still counted as ended: the window fills
    assert ran == [] and landed == []


def test_an_issue_read_outrun_midway_stops_at_its_next_chunk_and_the_last_choice_shows(
    qtbot, window, monkeypatch
) -> None:
    pane = window.timeline_pane
    messages: list[str] = []
    window.hub.status_message.connect(messages.append)
    monkeypatch.setattr(positions, "CHUNK_ROWS", 1)  # the demo's few positions, one a chunk
    real_read = positions.latest_positions
    midway, release = threading.Event(), threading.Event()
    looks_after_release: list[bool] = []

    def read(*args, **kwargs):
        cancelled = kwargs.pop("cancelled")
        if kwargs.get("issue_uuid") != TROOPS:
            return real_read(*args, cancelled=cancelled, **kwargs)
        looks = [0]

        def look() -> bool:
            looks[0] += 1
            if looks[0] == 2:  # after the first chunk of rows
                midway.set()
                release.wait(10)
            if release.is_set():
                looks_after_release.append(cancelled())
                return looks_after_release[-1]
            return cancelled()

        return real_read(*args, cancelled=look, **kwargs)

    monkeypatch.setattr(positions, "latest_positions", read)
    window.hub.select_issue(TROOPS)
    qtbot.waitUntil(midway.is_set)
    window.hub.select_issue(LOCATION)
    release.set()
    qtbot.waitUntil(lambda: window.is_filled() and pane.shows_current_selection())

    assert looks_after_release == [True]  # it stopped at the look that saw it cancelled
    on_location, _ = real_read(window.hub.database, 100, issue_uuid=LOCATION)
    assert {p.uuid for p in pane.data.points} == {view.uuid for view in on_location}
    assert "Where the force deploys" in pane.title.text()
    assert not [m for m in messages if "Could not draw" in m]
