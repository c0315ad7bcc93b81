"""The timeline as a picture: a costly chart is drawn off the GUI thread, the newest choice
wins, and the chart's right-click menu does what it says."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from coalition_desk.charts import timeline_image
from coalition_desk.ui.panes import timeline_pane
from tests.conftest import uuid_of
from tests.gui.helpers import canvas_point

BACKSTOP = uuid_of("issue", "backstop")
TROOPS = uuid_of("issue", "troops")
DUTCH = uuid_of("position", "nld-backstop")


# Showing a tooltip raises its window, which Qt's offscreen platform cannot do.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support propagateSizeHints"
)
def test_a_costly_chart_is_drawn_off_the_gui_thread_and_the_latest_choice_wins(
    qtbot, window, monkeypatch
) -> None:
    pane = window.timeline_pane
    monkeypatch.setattr(timeline_pane, "DRAW_OFF_THREAD_COST", -1)  # every chart is costly
    drawn_on: list[bool] = []
    real_render = timeline_image.render_timeline

    def render(data, *args, **kwargs):
        drawn_on.append(threading.current_thread() is threading.main_thread())
        return real_render(data, *args, **kwargs)

    monkeypatch.setattr(timeline_image, "render_timeline", render)
    landed: list[str] = []
    real_land = pane._land
    monkeypatch.setattr(pane, "_land", lambda *a: (landed.append(a[1].title), real_land(*a)))

    window.hub.select_issue(TROOPS)
    assert "Reading the positions" in pane.title.text()  # the window answers meanwhile
    window.hub.select_issue(BACKSTOP)  # chosen before the first chart arrives
    qtbot.waitUntil(lambda: window.is_filled() and pane.shows_current_selection())

    assert drawn_on and not any(drawn_on)  # drawn on a pool thread only
    # Troop numbers' chart, overtaken while it was read, was dropped: never shown.
    assert landed and all(title.startswith("U.S. backstop") for title in landed)
    assert pane.data.title.startswith("U.S. backstop")
    # The picture on screen answers hover for the chart it shows.
    point = canvas_point(pane.canvas, *pane.drawing.display_position(DUTCH))
    qtbot.mouseMove(pane.canvas, QPoint(1, 1))  # from elsewhere: a move to where it is is none
    qtbot.mouseMove(pane.canvas, point)
    qtbot.waitUntil(lambda: "Netherlands" in QToolTip.text())
    qtbot.mouseMove(pane.canvas, QPoint(1, 1))  # the pointer is left where no marker is


@pytest.fixture
def menus(window, monkeypatch):
    shown = []
    monkeypatch.setattr(window.timeline_pane, "present_menu", lambda menu, at: shown.append(menu))
    return shown


def right_click(pane, point: QPoint) -> None:
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, pane.canvas.mapToGlobal(point))
    QApplication.sendEvent(pane.canvas, event)


def action(menu, starts: str):
    return next(a for a in menu.actions() if a.text().replace("&", "").startswith(starts))


def show_backstop(qtbot, window):
    pane = window.timeline_pane
    window.hub.select_issue(BACKSTOP)
    qtbot.waitUntil(lambda: window.is_filled() and pane.shows_current_selection())
    pane.canvas.draw()
    return pane


def test_right_click_on_a_marker_offers_its_statement_and_its_nation(qtbot, window, menus) -> None:
    pane = show_backstop(qtbot, window)
    right_click(pane, canvas_point(pane.canvas, *pane.drawing.display_position(DUTCH)))

    (menu,) = menus
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    assert texts[:2] == ["Open this statement…", "Show nation: Netherlands"]
    assert "Copy chart image" in texts and "Save chart as PNG…" in texts
    with qtbot.waitSignal(window.hub.open_requested) as opened:
        action(menu, "Open this statement").trigger()
    assert opened.args == ["position", DUTCH]
    action(menu, "Show nation").trigger()
    assert window.hub.context.nation_uuid == uuid_of("nation", "NLD")


def test_the_chart_is_copied_or_saved_as_a_png_and_the_status_bar_says_so(
    qtbot, window, menus, tmp_path
) -> None:
    pane = show_backstop(qtbot, window)
    right_click(pane, QPoint(3, 3))  # beside every marker
    (menu,) = menus
    assert not any(a.text().replace("&", "").startswith("Open") for a in menu.actions())

    with qtbot.waitSignal(window.hub.status_message) as said:
        action(menu, "Copy chart image").trigger()
    assert "clipboard" in said.args[0]
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull() and copied.width() > 100

    target = tmp_path / "brief-chart"
    pane.menu.ask_png_path = lambda _name: str(target)
    with qtbot.waitSignal(window.hub.status_message) as said:
        action(menu, "Save chart as PNG").trigger()
    saved = QImage(str(target) + ".png")
    assert not saved.isNull() and saved.size() == pane.canvas.image().size()
    assert said.args[0] == f"Saved the timeline chart to {target}.png."


def test_with_a_nation_selected_the_menu_goes_back_to_every_nation(qtbot, window, menus) -> None:
    pane = show_backstop(qtbot, window)
    window.hub.select_nation(uuid_of("nation", "NLD"))
    right_click(pane, QPoint(3, 3))
    action(menus[-1], "Show every nation").trigger()
    assert window.hub.context.nation_uuid is None


def test_every_figure_replaced_or_never_shown_is_freed_without_the_cyclic_collector(
    qtbot, window, monkeypatch
) -> None:
    pane = window.timeline_pane
    monkeypatch.setattr(timeline_pane, "DRAW_OFF_THREAD_COST", -1)  # every chart on the pool
    figures: list[weakref.ref] = []
    real_render = timeline_image.render_timeline

    def render(*args, **kwargs):
        rendered = real_render(*args, **kwargs)
        if rendered is not None:
            figures.append(weakref.ref(rendered.figure))
        return rendered

    monkeypatch.setattr(timeline_image, "render_timeline", render)
    gc.collect()
    gc.disable()  # only reference counting frees anything now
    try:
        window.hub.select_issue(TROOPS)
        window.hub.select_issue(BACKSTOP)  # the troops' chart is outrun: never shown
        qtbot.waitUntil(lambda: window.is_filled() and pane.shows_current_selection())
        window.hub.select_issue(TROOPS)
        qtbot.waitUntil(lambda: window.is_filled() and pane.shows_current_selection())
        window.hub.select_issue(None)
        qtbot.waitUntil(lambda: window.is_filled() and pane.shows_current_selection())

        def only_the_shown_figure_is_left() -> bool:
            return [ref() for ref in figures if ref() is not None] == [pane.figure]

        qtbot.waitUntil(only_the_shown_figure_is_left)
    finally:
        gc.enable()
    assert len(figures) >= 3
