"""The timeline pane in the window: bounded overview, redraws that follow the selection."""

from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.colors import to_rgb
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QToolTip

from coalition_desk.charts.timeline_draw import RING_STYLE, marker_style
from coalition_desk.domain.records import Position
from coalition_desk.ui.panes import timeline_pane
from tests.conftest import uuid_of
from tests.gui.helpers import canvas_point
from tests.unit.test_timeline_reads import FRANCE, add_french_positions

BRITAIN = uuid_of("nation", "GBR")


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


def screen_colour(pane, uuid: str) -> tuple[int, int, int]:
    """The colour at the centre of a position's marker as the canvas shows it on screen."""
    image = pane.canvas.grab().toImage()
    colour = image.pixelColor(canvas_point(pane.canvas, *pane.drawing.display_position(uuid)))
    return colour.red(), colour.green(), colour.blue()


def close_to(rgb: tuple[int, int, int], expected: str) -> bool:
    return all(abs(a - round(b * 255)) <= 3 for a, b in zip(rgb, to_rgb(expected), strict=True))


def test_selecting_another_nation_shows_its_markers_and_not_the_last_ones(qtbot, window) -> None:
    pane = window.timeline_pane
    window.hub.select_nation(FRANCE)
    pane.canvas.draw()
    french = uuid_of("position", "fra-location")
    french_face = marker_style(pane.data.points)[1][0]
    assert pane.drawing.point_uuids == (french,)
    assert close_to(screen_colour(pane, french), french_face)
    frames_before = pane.chart.frames_drawn
    french_x, french_y = pane.drawing.display_position(french)

    window.hub.select_nation(BRITAIN)  # the same rows (every issue) and dates: markers only

    british = tuple(uuid_of("position", k) for k in ("gbr-troops", "gbr-objective", "gbr-timeline"))
    assert set(pane.drawing.point_uuids) == set(british)
    assert pane.chart.frames_drawn == frames_before  # what this test is about: the quick path
    faces = dict(zip(pane.drawing.point_uuids, marker_style(pane.data.points)[1], strict=True))
    for uuid in british:
        assert close_to(screen_colour(pane, uuid), faces[uuid])
    # Where France's marker stood there is none now, and it answers no hover or click.
    assert pane.drawing.point_at(french_x, french_y) is None
    assert not close_to(screen_colour_at(pane, french_x, french_y), french_face)


def screen_colour_at(pane, x: float, y: float) -> tuple[int, int, int]:
    colour = pane.canvas.grab().toImage().pixelColor(canvas_point(pane.canvas, x, y))
    return colour.red(), colour.green(), colour.blue()


def ring_pixels(pane, uuid: str) -> int:
    """How many pixels round a marker have the colour of the selection ring."""
    image = pane.canvas.grab().toImage()
    centre = canvas_point(pane.canvas, *pane.drawing.display_position(uuid))
    return sum(
        close_to(
            (c.red(), c.green(), c.blue()),
            RING_STYLE["edgecolors"],
        )
        for dx in range(-18, 19)
        for dy in range(-18, 19)
        if (c := image.pixelColor(centre.x() + dx, centre.y() + dy))
    )


def test_arrow_keys_walk_the_markers_ring_the_chosen_one_and_enter_opens_it(qtbot, window) -> None:
    pane = window.timeline_pane
    window.hub.select_issue(uuid_of("issue", "backstop"))
    qtbot.waitUntil(window.is_filled)  # every nation's positions are read on a pool thread
    pane.canvas.draw()
    walked = [p.uuid for p in sorted(pane.data.points, key=lambda p: (p.date, p.y))]
    assert len(walked) == 3 and window.hub.context.position_uuid is None
    assert ring_pixels(pane, walked[0]) == 0

    pane.canvas.setFocus()
    qtbot.keyClick(pane.canvas, Qt.Key.Key_Right)
    assert window.hub.context.position_uuid == walked[0]
    assert ring_pixels(pane, walked[0]) > 20
    qtbot.keyClick(pane.canvas, Qt.Key.Key_Right)
    assert window.hub.context.position_uuid == walked[1]
    assert ring_pixels(pane, walked[1]) > 20 and ring_pixels(pane, walked[0]) == 0

    with qtbot.waitSignal(window.hub.open_requested) as opened:
        qtbot.keyClick(pane.canvas, Qt.Key.Key_Return)
    assert opened.args == ["position", walked[1]]


# Showing a tooltip raises its window, which Qt's offscreen platform cannot do (this
# marker replaces the one tests/gui/conftest.py adds, so it names that noise too).
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support propagateSizeHints"
)
def test_hovering_a_marker_shows_its_quote(qtbot, window) -> None:
    pane = window.timeline_pane
    window.hub.select_issue(uuid_of("issue", "backstop"))
    pane.canvas.draw()
    dutch = uuid_of("position", "nld-backstop")
    qtbot.mouseMove(pane.canvas, QPoint(1, 1))  # from elsewhere: a move to where it is is none
    qtbot.mouseMove(pane.canvas, canvas_point(pane.canvas, *pane.drawing.display_position(dutch)))
    qtbot.waitUntil(lambda: "Netherlands" in QToolTip.text())
    assert QToolTip.text() == next(p.tooltip for p in pane.data.points if p.uuid == dutch)
    legend = [t.get_text() for t in pane.drawing.axes.get_legend().get_texts()]
    assert legend[-1].startswith("Stale (not reconfirmed")


def test_the_time_axis_stays_put_from_one_nation_to_the_next(make_window, demo_db) -> None:
    late = dt.date(2026, 3, 2)  # long after the demo's last meeting
    add_french_positions(demo_db, late)
    window = make_window(demo_db)
    pane = window.timeline_pane
    window.hub.select_issue(uuid_of("issue", "troops"))
    window.hub.select_nation(FRANCE)
    axis = pane.drawing.axes.get_xlim()
    assert axis[1] > dt.date(2026, 3, 1).toordinal() - dt.date(1970, 1, 1).toordinal()
    frames_before = pane.chart.frames_drawn

    window.hub.select_nation(BRITAIN)  # nothing said in 2026: the axis still reaches it

    assert pane.drawing.axes.get_xlim() == axis
    assert pane.chart.frames_drawn == frames_before  # only the markers were redrawn

    later = dt.date(2026, 9, 1)
    window.hub.announce(window.hub.writer.create(
        Position(FRANCE, uuid_of("issue", "troops"), later, stance="No troops")))
    assert pane.drawing.axes.get_xlim()[1] > later.toordinal() - dt.date(1970, 1, 1).toordinal()


def test_an_issue_is_read_off_the_gui_thread_and_a_later_nation_wins(
    qtbot, window, monkeypatch
) -> None:
    import threading

    from coalition_desk.services import positions

    pane = window.timeline_pane
    real_read = positions.latest_positions
    readers: list[tuple[str | None, bool]] = []
    release = threading.Event()

    def slow_read(*args, **kwargs):
        on_gui_thread = threading.current_thread() is threading.main_thread()
        readers.append((kwargs.get("nation_uuid"), on_gui_thread))
        if kwargs.get("nation_uuid") is None:
            release.wait(10)  # the issue-wide read is still going when France is chosen
        return real_read(*args, **kwargs)

    monkeypatch.setattr(positions, "latest_positions", slow_read)
    window.hub.select_issue(uuid_of("issue", "location"))
    assert "Reading the positions" in pane.title.text()  # the window answers meanwhile
    # France chosen once the issue's read has begun (one outrun before a pool thread took
    # it up is not begun at all: tests/gui/test_timeline_outrun_reads.py).
    qtbot.waitUntil(lambda: bool(readers))
    window.hub.select_nation(FRANCE)
    release.set()
    qtbot.waitUntil(window.is_filled)

    # Every nation's on a pool thread; one nation's at once, on the GUI thread.
    assert sorted(readers, key=str) == sorted([(None, False), (FRANCE, True)], key=str)
    assert {p.uuid for p in pane.data.points} == {uuid_of("position", "fra-location")}
    assert "France" in pane.title.text()


def test_a_position_chosen_while_an_issue_is_read_is_ringed_on_that_issue(
    qtbot, window, monkeypatch
) -> None:
    import threading

    from coalition_desk.services import positions

    pane = window.timeline_pane
    real_read = positions.latest_positions
    release = threading.Event()

    def slow_read(*args, **kwargs):
        release.wait(10)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(positions, "latest_positions", slow_read)
    location = uuid_of("issue", "location")
    french = uuid_of("position", "fra-location")
    window.hub.select_issue(location)
    window.hub.select_position(french)  # Find, say, while the issue is still being read
    release.set()
    qtbot.waitUntil(window.is_filled)

    on_location, _ = real_read(window.hub.database, 100, issue_uuid=location)
    assert {p.uuid for p in pane.data.points} == {view.uuid for view in on_location}
    assert pane.data.selected_uuid == french
    assert "reading" not in pane.title.text().lower()
