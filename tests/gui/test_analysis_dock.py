"""The Analysis dock leaves the panes below it room: the timeline is never a sliver."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coalition_desk.ui.analysis.analysis_dock import DockHeight

# The timeline draws one row per nation; below this the demo's ten names overlap.
READABLE_TIMELINE = 240


def show_dock(qtbot, window) -> None:
    window.analysis_dock.show()
    qtbot.waitUntil(lambda: not window.hub.loading)
    dock, sizer = window.analysis_dock, window.analysis_dock_sizer
    qtbot.waitUntil(
        lambda: (
            dock.height()
            <= max(
                dock.minimumSizeHint().height(), DockHeight.DEFAULT_SHARE * sizer.shared_height()
            )
        )
    )


def test_the_dock_opens_at_a_third_of_the_height_and_the_timeline_stays_readable(
    make_window, demo_db, qtbot
) -> None:
    window = make_window(demo_db)
    window.resize(1600, 930)  # a maximised window on a 1600 x 960 screen
    show_dock(qtbot, window)
    dock, timeline = window.analysis_dock, window.timeline_pane
    shared = window.analysis_dock_sizer.shared_height()
    assert 0.25 * shared <= dock.height() <= 0.4 * shared
    assert timeline.height() >= READABLE_TIMELINE
    assert dock.widget().forecast.chart.height() >= 80  # and the dock shows a chart


def test_the_dock_cannot_be_dragged_over_the_panes(make_window, demo_db, qtbot) -> None:
    window = make_window(demo_db)
    show_dock(qtbot, window)
    dock = window.analysis_dock
    window.resizeDocks([dock], [5_000], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: dock.height() > 310)
    shared = window.analysis_dock_sizer.shared_height()
    assert dock.height() <= DockHeight.MAX_SHARE * shared + 1
    assert window.timeline_pane.height() >= READABLE_TIMELINE
