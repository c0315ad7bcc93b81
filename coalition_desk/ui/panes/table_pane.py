"""What every table pane shares: its fill from the pool thread, and its rows' selection.

A pane declares what a row is (``entity``), which changes it shows (``shows``), what to
read (``read``) and how to show it (``show_read``); this class fills it after the first
paint, reads again after a write, keeps the table's selection and the hub's in step and
opens a row's editor on Enter or a double click.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from PySide6.QtCore import QItemSelection
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from coalition_desk.domain.records import ChangeSet
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.loading import PaneFill
from coalition_desk.ui.table_view import RegisterTableView, selected_uuid


class TablePane(QWidget):
    # Read again after a write on a pool thread rather than at once (a slow read).
    REREAD_IN_BACKGROUND: ClassVar[bool] = False

    def __init__(
        self,
        hub: Hub,
        parent: QWidget | None,
        *,
        entity: str,
        shows: tuple[str, ...],
        loading: str,
    ) -> None:
        super().__init__(parent)
        self._hub = hub
        self._entity = entity
        self._shows = shows
        self._loading = loading
        self._syncing = False
        self.fill: PaneFill[Any] = PaneFill(hub, self, self.read, self.show_read)

    def watch(self, view: RegisterTableView) -> None:
        """Connect the table and the hub, once the pane's widgets are built."""
        self.view = view
        view.selectionModel().selectionChanged.connect(self._on_user_selection)
        view.activated.connect(self._on_activated)
        self._hub.context_changed.connect(self._on_context)
        self._hub.data_changed.connect(self._on_data)
        view.set_empty_message(self._loading)

    # --- what a pane declares -------------------------------------------------------
    def read(self) -> Callable[[], Any]:
        """On the GUI thread: the read of what the pane shows, safe on a pool thread."""
        raise NotImplementedError

    def show_read(self, result: Any) -> None:
        raise NotImplementedError

    def select_row(self, uuid: str) -> None:
        """Tell the hub the officer chose this row."""
        raise NotImplementedError

    def _on_context(self, context: SelectionContext) -> None:
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------
    @property
    def is_loaded(self) -> bool:
        return self.fill.is_loaded

    def refresh(self) -> None:
        self.fill.now()

    def reload_in_background(self) -> None:
        self.fill.in_background()

    @contextmanager
    def syncing(self) -> Iterator[None]:
        """The table's selection follows the hub: not an officer's choice to pass on."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.fill.after_paint()

    def _on_user_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:
            return
        uuid = selected_uuid(self.view)
        if uuid is not None:
            self.select_row(uuid)

    def _on_activated(self) -> None:
        uuid = selected_uuid(self.view)
        if uuid:
            self._hub.open_requested.emit(self._entity, uuid)

    def _on_data(self, changes: ChangeSet) -> None:
        if changes.touches(*self._shows):
            if self.REREAD_IN_BACKGROUND:
                self.reload_in_background()
            else:
                self.refresh()
