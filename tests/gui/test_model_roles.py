"""Every cell answers each role as its column says, through data() and through the
multiData() a view's delegate calls to paint it (the two share one quick path)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from coalition_desk.domain.records import Issue
from coalition_desk.services import records
from coalition_desk.ui.models.base import ROW_ROLE, UUID_ROLE, Column, RowTableModel
from tests.gui.test_models import _meetings_model, _nations_model, _questions_model

ROLES = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.SizeHintRole,
    ROW_ROLE, UUID_ROLE,
)  # fmt: skip


def expected(row: Any, column: Column[Any], role: int) -> Any:
    """What a column's definition says a cell shows for ``role`` (None: nothing)."""
    R = Qt.ItemDataRole
    if role == R.DisplayRole:
        return column.text(row)
    if role == ROW_ROLE:
        return row
    if role == UUID_ROLE:
        return row.uuid
    if role == R.ToolTipRole and column.tooltip:
        return column.tooltip(row)
    if role in (R.BackgroundRole, R.ForegroundRole):
        colour_of = column.background if role == R.BackgroundRole else column.foreground
        colour = colour_of(row) if colour_of else None
        return QBrush(QColor(colour)) if colour else None
    if role == R.FontRole:
        bold = bool(column.bold and column.bold(row))
        italic = bool(column.italic and column.italic(row))
        if not (bold or italic):
            return None
        font = QFont()
        font.setBold(bold)
        font.setItalic(italic)
        return font
    if role == R.TextAlignmentRole and column.align_right:
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return None


def _with_one_issue(database):
    from coalition_desk.ui.models.nations import NationsModel

    model = _nations_model(database)
    assert isinstance(model, NationsModel)
    issues = records.list_all(database, Issue)
    model.show_issues(issues, issues[0].uuid)
    return model


MODELS = [_nations_model, _with_one_issue, _meetings_model, _questions_model]


@pytest.mark.parametrize("make", MODELS)
def test_data_answers_every_role_as_the_column_says(qapp, demo_db, make) -> None:
    model: RowTableModel[Any] = make(demo_db)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    answered: set[int] = set()
    for row_number in range(model.rowCount()):
        for column_number, column in enumerate(model._columns):
            index = model.index(row_number, column_number)
            row = model.row_at(row_number)
            for role in ROLES:
                value = model.data(index, role)
                assert value == expected(row, column, role), (row_number, column.header, role)
                if value is not None:
                    answered.add(int(role))
    assert {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)} <= answered
    if make is _nations_model:  # the demo's stances: coloured cells, stale ones in italics
        assert {int(Qt.ItemDataRole.BackgroundRole), int(Qt.ItemDataRole.FontRole)} <= answered


@pytest.mark.parametrize("make", MODELS)
def test_a_delegate_paints_each_cell_from_the_same_answers(qapp, demo_db, make) -> None:
    model: RowTableModel[Any] = make(demo_db)
    delegate = QStyledItemDelegate()
    for row_number in range(model.rowCount()):
        for column_number, column in enumerate(model._columns):
            index = model.index(row_number, column_number)
            row = model.row_at(row_number)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, index)  # Qt calls multiData for this
            assert option.text == column.text(row)
            background = expected(row, column, Qt.ItemDataRole.BackgroundRole)
            assert option.backgroundBrush == (background or QBrush())
            font = expected(row, column, Qt.ItemDataRole.FontRole)
            assert option.font.bold() == bool(font and font.bold())
            assert option.font.italic() == bool(font and font.italic())
            right = bool(option.displayAlignment & Qt.AlignmentFlag.AlignRight)
            assert right == column.align_right


@pytest.mark.parametrize("make", [_nations_model, _meetings_model, _questions_model])
def test_each_sort_shows_the_rows_as_a_plain_sort_would_and_keeps_what_was_held(
    qapp, demo_db, make
) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    from coalition_desk.domain.wording import name_key

    model: RowTableModel[Any] = make(demo_db)
    held_row = model.row_at(model.rowCount() - 1)
    held = QPersistentModelIndex(model.index(model.rowCount() - 1, 1))
    for column_number, column in enumerate(model._columns):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            unsorted = list(model.rows)
            model.sort(column_number, order)
            key = column.sort_key or (lambda row, c=column: name_key(c.text(row)))
            wanted = sorted(
                unsorted,
                key=lambda row, k=key: (k(row) is None, k(row) if k(row) is not None else 0),
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
            assert model.rows == wanted, column.header
            assert model.row_at(held.row()) is held_row and held.column() == 1
    changes: list[str] = []
    model.layoutChanged.connect(lambda *_: changes.append("layout"))
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.sort(0, Qt.SortOrder.AscendingOrder)  # QTableView.sortByColumn asks twice
    assert changes == ["layout"]


@pytest.mark.parametrize("make", [_nations_model, _with_one_issue])
def test_text_prepared_ahead_filters_as_text_worked_out_on_the_first_key(
    qapp, demo_db, make
) -> None:
    lazy, ahead = make(demo_db), make(demo_db)
    ahead.prepare_filter()
    for typed in ("a", "fr", "troops", "zz", ""):
        lazy.set_filter_text(typed)
        ahead.set_filter_text(typed)
        assert ahead.rows == lazy.rows
    assert len(lazy.rows) > 0
