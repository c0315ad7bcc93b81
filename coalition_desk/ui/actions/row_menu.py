"""The right-click menu of every table: New … here, Edit, Delete, History, Copy.

Right-clicking a row selects it and gives its table the focus first, so the Edit and
Delete entries (the Edit menu's own actions) name and act on that very row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu, QTableView

if TYPE_CHECKING:
    from coalition_desk.ui.actions.editing import EditController


def row_text(view: QTableView, row: int) -> str:
    """The row as it reads on screen, tab-separated: pastes into a mail or a sheet."""
    model = view.model()
    cells = [
        str(model.index(row, column).data() or "")
        for column in range(model.columnCount())
        if not view.isColumnHidden(column)
    ]
    return "\t".join(cells)


def build_row_menu(view: QTableView, controller: EditController, entity: str,
                   position: QPoint) -> QMenu:
    """The menu for a right-click at ``position`` (viewport coordinates)."""
    index = view.indexAt(position)
    if index.isValid():
        view.selectRow(index.row())
    view.setFocus(Qt.FocusReason.PopupFocusReason)
    actions = controller.actions()
    menu = QMenu(view)
    menu.setObjectName(f"{entity}_row_menu")
    new = actions.get(f"new_{entity}")
    if new is not None:
        menu.addAction(new)
    menu.addSeparator()
    for key in ("edit_selected", "delete_selected", "history_selected"):
        menu.addAction(actions[key])
    menu.addSeparator()
    copy = QAction("&Copy row", menu)
    copy.setObjectName("copy_row")
    copy.setEnabled(index.isValid())
    copy.triggered.connect(
        lambda: QGuiApplication.clipboard().setText(row_text(view, index.row())))
    menu.addAction(copy)
    return menu


def install_row_menu(view: QTableView, controller: EditController, entity: str) -> None:
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(position: QPoint) -> None:
        menu = build_row_menu(view, controller, entity, position)
        menu.popup(view.viewport().mapToGlobal(position))

    view.customContextMenuRequested.connect(show)
