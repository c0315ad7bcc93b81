"""At 1024×700 every pane keeps readable rows; the Analysis never squeezes them."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

MIN_ROWS = 6


def rows_in_sight(view) -> float:
    return view.viewport().height() / view.verticalHeader().defaultSectionSize()


def test_every_table_shows_six_rows_at_1024_by_700(make_window, demo_db, qtbot) -> None:
    window = make_window(demo_db)
    window.resize(1024, 700)
    window.show()
    qtbot.waitUntil(window.is_filled, timeout=20_000)
    for key in ("nations", "people", "pledges", "meetings", "questions"):
        window.panes.bring_forward(key)
        QApplication.processEvents()
        view = window.panes.panes[key][1].view
        assert rows_in_sight(view) >= MIN_ROWS, (key, rows_in_sight(view))


def test_opening_the_analysis_leaves_the_other_panes_their_rows(make_window, demo_db,
                                                                qtbot) -> None:
    window = make_window(demo_db)
    window.resize(1024, 700)
    window.show()
    qtbot.waitUntil(window.is_filled, timeout=20_000)
    before = {key: window.panes.panes[key][1].height() for key in ("nations", "meetings",
                                                                     "questions")}
    window.panes.focus("analysis")
    QApplication.processEvents()
    assert window.analysis_tab.pane is not None and window.analysis_tab.isVisible()
    after = {key: window.panes.panes[key][1].height() for key in before}
    assert after == before
    assert rows_in_sight(window.nations_pane.view) >= MIN_ROWS
