"""The Nations table's columns, refitted when the officer chooses another issue, show their text.

The widths are measured with font metrics and kept (ui/panes/column_fit.py) instead of
Qt measuring every cell on every choice; these tests hold them to what Qt itself fits.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from tests.conftest import uuid_of

PEACE_DEAL = uuid_of("issue", "peacedeal")
POLAND = uuid_of("nation", "POL")
# The pane's caps: one stance column per issue side by side, or the chosen issue wide.
NARROW_STANCE_CAP = 150
WIDE_CAP = 300


def qt_fit(view, column: int) -> int:
    """What Qt's resizeColumnToContents gives when it measures every row."""
    model = view.model()
    cells = [view.sizeHintForIndex(model.index(row, column)).width() for row in range(model.rowCount())]
    grid = 1 if view.showGrid() else 0
    return max(max(cells, default=0) + grid, view.horizontalHeader().sectionSizeHint(column))


def assert_columns_fit_their_text(pane) -> None:
    view, model = pane.view, pane.model
    headers = model.column_headers()
    issue_chosen = pane._issue_uuid is not None
    for column, header in enumerate(headers):
        cap = WIDE_CAP if issue_chosen or column in (0, 1) else NARROW_STANCE_CAP
        wanted = max(70, min(qt_fit(view, column), cap))
        assert view.columnWidth(column) == wanted, (header, view.columnWidth(column), wanted)
        for row in range(model.rowCount()):
            index = model.index(row, column)
            if view.sizeHintForIndex(index).width() > view.columnWidth(column):
                # Cut off only at the cap, and the tooltip then says it whole.
                assert view.columnWidth(column) == cap, (header, index.data())
                assert index.data(Qt.ItemDataRole.ToolTipRole), (header, index.data())


def test_every_column_fits_its_text_as_issues_are_chosen_and_chosen_again(window) -> None:
    pane = window.nations_pane
    issues = [window.timeline_pane.issue_chooser.itemData(i)
              for i in range(1, window.timeline_pane.issue_chooser.count())]  # fmt: skip
    assert len(issues) >= 3
    assert_columns_fit_their_text(pane)
    for issue in [issues[0], issues[1], None, issues[2], issues[0], None]:
        window.hub.select_issue(issue)
        assert_columns_fit_their_text(pane)


def test_the_chosen_issues_column_shows_each_stance_with_its_date(window) -> None:
    pane = window.nations_pane
    window.hub.select_issue(PEACE_DEAL)
    column = pane.model.column_headers().index("Dependence on peace-deal terms")
    model, view = pane.model, pane.view
    dated = [model.index(r, column) for r in range(model.rowCount())
             if " — 20" in model.index(r, column).data()]  # fmt: skip
    assert dated
    assert view.columnWidth(column) >= max(view.sizeHintForIndex(i).width() for i in dated)


def test_a_longer_name_written_widens_the_column_on_the_next_issue_chosen(window, qtbot) -> None:
    pane = window.nations_pane
    window.hub.select_issue(PEACE_DEAL)
    nation = records.get(window.hub.database, rec.Nation, POLAND)
    assert isinstance(nation, rec.Nation)
    before = pane.view.columnWidth(0)
    longer = replace(nation, name="Republic of Poland and its very long official name")
    window.hub.announce(window.hub.writer.update(longer))
    qtbot.waitUntil(lambda: pane.model.row_of_uuid(POLAND) is not None
                    and pane.model.index(pane.model.row_of_uuid(POLAND), 0).data() == longer.name)  # fmt: skip
    window.hub.select_issue(None)
    assert pane.view.columnWidth(0) > before
    assert_columns_fit_their_text(pane)


def test_a_filter_does_not_narrow_the_columns_fitted_to_every_nation(window) -> None:
    pane = window.nations_pane
    widths = [pane.view.columnWidth(c) for c in range(pane.model.columnCount())]
    pane.filter_box.setText("Pol")
    window.hub.select_issue(PEACE_DEAL)
    window.hub.select_issue(None)
    assert [pane.view.columnWidth(c) for c in range(pane.model.columnCount())] == widths
