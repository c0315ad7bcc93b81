"""The panes' tables paint their cells themselves (ui/panes/cell_painter.py): exactly the
pixels Qt's own delegate painted, in every state an officer meets.

Each test grabs a table's viewport painted both ways and compares them pixel for pixel:
selected rows, alternating rows, the stance colours and the stale italic, right-aligned
numbers, text cut with an ellipsis, a table scrolled sideways, the focused cell, a
narrowed table and an empty one.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QImage

from coalition_desk.ui.table_view import RegisterTableView
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")
PEACE_DEAL = uuid_of("issue", "peacedeal")


def _both_ways(view: RegisterTableView) -> tuple[QImage, QImage]:
    view.paints_cells_itself = False
    qt_painted = view.viewport().grab().toImage()
    view.paints_cells_itself = True
    ours = view.viewport().grab().toImage()
    return qt_painted, ours


def _tables(window) -> dict[str, RegisterTableView]:
    return {
        "nations": window.nations_pane.view,
        "meetings": window.meetings_pane.view,
        "questions": window.questions_pane.view,
    }


def _assert_painted_as_qt(window, when: str) -> None:
    for name, view in _tables(window).items():
        if view.model().rowCount():
            assert view._cells.can_paint(), (name, when)  # the fast way is the one compared
        qt_painted, ours = _both_ways(view)
        assert qt_painted == ours, (name, when)


def _show_every_pane(qtbot, window) -> None:
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(window.is_filled)


def test_every_table_paints_as_qt_did_before_and_after_a_selection(qtbot, window) -> None:
    _show_every_pane(qtbot, window)
    _assert_painted_as_qt(window, "everything shown")
    window.hub.select_nation(POLAND)
    _assert_painted_as_qt(window, "Poland selected")
    window.hub.select_issue(PEACE_DEAL)
    _assert_painted_as_qt(window, "an issue chosen: its stances wide, with their dates")
    window.hub.clear_selection()
    _assert_painted_as_qt(window, "selection cleared")


def test_the_people_and_pledges_tables_paint_as_qt_did(qtbot, window) -> None:
    _show_every_pane(qtbot, window)
    for key in ("people", "pledges"):
        window.panes.focus(key)
        pane = window.panes.panes[key][1]
        pane.refresh()
        qtbot.waitUntil(lambda pane=pane: pane.view.model().rowCount() > 0)
        view = pane.view
        assert view._cells.can_paint()
        view.selectRow(0)
        qt_painted, ours = _both_ways(view)
        assert qt_painted == ours, key


def test_narrow_columns_cut_text_and_a_sideways_scroll_paint_as_qt_did(qtbot, window) -> None:
    _show_every_pane(qtbot, window)
    for view in _tables(window).values():
        for column in range(view.model().columnCount()):
            view.setColumnWidth(column, 45)  # every text cut with an ellipsis
    _assert_painted_as_qt(window, "narrow columns")
    window.resize(700, 600)
    nations = window.nations_pane.view
    nations.horizontalScrollBar().setValue(nations.horizontalScrollBar().maximum() // 2 + 7)
    qt_painted, ours = _both_ways(nations)
    assert qt_painted == ours


def test_the_focused_cell_and_a_filtered_table_paint_as_qt_did(qtbot, window) -> None:
    _show_every_pane(qtbot, window)
    view = window.nations_pane.view
    window.activateWindow()
    view.setFocus()
    view.selectionModel().setCurrentIndex(
        view.model().index(2, 1), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qt_painted, ours = _both_ways(view)
    assert qt_painted == ours
    window.nations_pane.filter_box.setText("po")
    qt_painted, ours = _both_ways(view)
    assert qt_painted == ours
    window.nations_pane.filter_box.setText("no nation is called this")
    assert view.model().rowCount() == 0
    qt_painted, ours = _both_ways(view)
    assert qt_painted == ours  # the empty table's message
