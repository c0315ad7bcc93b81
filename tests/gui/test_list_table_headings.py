"""The small tables' column headings, which they share from ``ListTableModel``: what an
officer reads at the top of a record's history, the merge's conflicts and the Analysis."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractTableModel, Qt

from coalition_desk.ui.dialogs.history_dialog import HistoryModel
from coalition_desk.ui.merge.conflicts_model import ConflictTableModel
from coalition_desk.ui.models.analysis_gap_model import GapModel
from coalition_desk.ui.models.analysis_moved_model import MovedModel

HORIZONTAL = Qt.Orientation.Horizontal


def headings(model: QAbstractTableModel) -> list[str]:
    return [model.headerData(c, HORIZONTAL) for c in range(model.columnCount())]


@pytest.mark.parametrize(("model", "expected"), [
    (lambda: HistoryModel([]), ["When (UTC)", "Who", "Action", "From", "What changed"]),
    (lambda: ConflictTableModel([]), ["Record", "Field", "Mine", "Theirs", "Decision"]),
    (GapModel, [column.header for column in GapModel.COLUMNS]),
    (MovedModel, [column.header for column in MovedModel.COLUMNS]),
])  # fmt: skip
def test_each_small_table_shows_its_headings_and_nothing_beyond(qtbot, model, expected) -> None:
    table = model()
    assert headings(table) == expected and all(expected)
    assert table.rowCount() == 0
    # A heading Qt asks for past the last column, a vertical one, or a tooltip: none.
    assert table.headerData(len(expected), HORIZONTAL) is None
    assert table.headerData(0, Qt.Orientation.Vertical) is None
    assert table.headerData(0, HORIZONTAL, Qt.ItemDataRole.ToolTipRole) is None
