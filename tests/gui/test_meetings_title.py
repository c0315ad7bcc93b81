"""The Meetings pane's title column stays readable with a nation selected, at 1024×700
and 1600×1000: the short columns and the place give way, not the title."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from coalition_desk.ui.panes.meetings_pane import MEETING_COLUMN, TITLE_READABLE_CHARS
from tests.conftest import uuid_of


def visible_width(view, column: int) -> int:
    """How much of ``column`` is in sight without scrolling sideways."""
    left = view.columnViewportPosition(column)
    right = left + view.columnWidth(column)
    return max(0, min(right, view.viewport().width()) - max(left, 0))


@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_the_meeting_title_stays_readable_with_a_nation_selected(
    make_window, demo_db, qtbot, size
) -> None:
    window = make_window(demo_db)
    window.resize(*size)
    QApplication.processEvents()
    window.hub.select_nation(uuid_of("nation", "GBR"))
    view = window.meetings_pane.view
    qtbot.waitUntil(lambda: view.model().rowCount() == 2)
    QApplication.processEvents()
    readable = view.fontMetrics().averageCharWidth() * TITLE_READABLE_CHARS
    assert visible_width(view, MEETING_COLUMN) >= readable, (
        size, [view.columnWidth(c) for c in range(view.model().columnCount())],
        view.viewport().width())
    # The title is the widest column; no other takes its room.
    widths = [view.columnWidth(c) for c in range(view.model().columnCount())]
    assert max(widths) == widths[MEETING_COLUMN], widths
    if size == (1600, 1000):
        # With room, every column is in sight: nothing to scroll sideways for.
        assert sum(widths) <= view.viewport().width(), widths


def test_the_title_keeps_its_room_when_the_pane_narrows_again(make_window, demo_db,
                                                             qtbot) -> None:
    window = make_window(demo_db)
    window.resize(1600, 1000)
    QApplication.processEvents()
    window.hub.select_nation(uuid_of("nation", "GBR"))
    window.resize(1024, 700)
    QApplication.processEvents()
    view = window.meetings_pane.view
    readable = view.fontMetrics().averageCharWidth() * TITLE_READABLE_CHARS
    qtbot.waitUntil(lambda: visible_width(view, MEETING_COLUMN) >= readable, timeout=2000)
