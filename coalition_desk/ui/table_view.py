"""The table view every pane uses, and keeping its selection by UUID across refreshes."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from coalition_desk.ui.models.base import UUID_ROLE, RowTableModel


def make_table_view(model: RowTableModel, accessible_name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setObjectName(accessible_name.lower().replace(" ", "_"))
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSortIndicatorShown(True)
    # Sorting starts only when the user clicks a header; the service order is meaningful.
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    return view


def selected_uuid(view: QTableView) -> str | None:
    rows = view.selectionModel().selectedRows()
    return rows[0].data(UUID_ROLE) if rows else None


def select_uuid(view: QTableView, uuid: str | None) -> None:
    """Select the row holding ``uuid`` (or nothing) without scrolling other panes."""
    model = view.model()
    assert isinstance(model, RowTableModel)
    selection = view.selectionModel()
    row = model.row_of_uuid(uuid)
    if row is None:
        selection.clearSelection()
        return
    index = model.index(row, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows
        | QItemSelectionModel.SelectionFlag.Current
    )
    selection.setCurrentIndex(index, flags)
    view.scrollTo(index)
