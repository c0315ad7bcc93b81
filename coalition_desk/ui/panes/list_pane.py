"""A pane listing one kind of record, narrowed to the selected nation, with a filter box.

People and Pledges are such lists: filtered by typing, sorted by a header click, a row
opened with Enter; Edit, Delete and History act on its selected row while it has the
focus. The row chosen here is the pane's own, not the hub's: choosing a person does not
narrow the other panes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from coalition_desk.domain.records import ChangeSet, Nation
from coalition_desk.domain.wording import plural
from coalition_desk.ui.dialogs.fields import LineField
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.models.base import RowTableModel
from coalition_desk.ui.panes.heading import Heading
from coalition_desk.ui.panes.table_pane import TablePane
from coalition_desk.ui.table_view import (
    fit_columns_once,
    make_table_view,
    select_uuid,
    selected_uuid,
)


class ListPane(TablePane):
    """Subclasses give ``title``, the ``noun`` pair, the model and ``read_rows``."""

    title = ""
    noun = ("record", "records")
    filter_mnemonic = ""
    row_chosen = Signal(str)

    def __init__(  # noqa: PLR0917 - a list's parts
        self, hub: Hub, parent: QWidget | None, entity: str, shows: tuple[str, ...],
        model: RowTableModel[Any], stretch: int,
    ) -> None:
        super().__init__(hub, parent, entity=entity, shows=shows,
                         loading=f"Reading the {self.noun[1]}…")
        self.setObjectName(f"{self.noun[1]}_pane")
        self.setAccessibleName(f"{self.title} pane")
        self._stretch = stretch
        self._stale = False
        self._nation_uuid = hub.context.nation_uuid
        self.heading = Heading(self)
        self.filter_box = LineField(self)
        self.filter_box.setObjectName(f"{self.noun[1]}_filter")
        self.filter_box.setAccessibleName(f"Filter {self.noun[1]}")
        self.filter_box.setPlaceholderText("Filter…")
        self.filter_box.setClearButtonEnabled(True)
        filter_label = QLabel(self.filter_mnemonic, self)
        filter_label.setBuddy(self.filter_box)
        self.model = model
        self.view = make_table_view(model, f"{self.title} table", self)
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.filter_box.textChanged.connect(self._on_filter)
        self.watch(self.view)

    def read_rows(self, nation_uuid: str | None) -> Callable[[], Sequence[Any]]:
        raise NotImplementedError

    def read(self) -> Callable[[], Sequence[Any]]:
        return self.read_rows(self._nation_uuid)

    def show_read(self, rows: Sequence[Any]) -> None:
        chosen = selected_uuid(self.view)
        with self.syncing():
            self.model.set_rows(list(rows))
            fit_columns_once(self.view, self._stretch, {})
        if chosen:
            select_uuid(self.view, chosen)
        self._update_heading()

    def selected(self) -> tuple[str, str] | None:
        uuid = selected_uuid(self.view)
        return (self._entity, uuid) if uuid else None

    def select_row(self, uuid: str) -> None:
        # The pane's own choice; Edit and Delete read it while the pane has the focus.
        self.row_chosen.emit(uuid)

    def _on_filter(self, text: str) -> None:
        self.model.set_filter_text(text)
        self._update_heading()

    def _update_heading(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        nation = self._hub.named_record(Nation, self._nation_uuid) if self._nation_uuid else None
        scope = f" of {nation.name}" if isinstance(nation, Nation) else ""
        count = plural(total, *self.noun) if shown == total else f"{shown:,} of {total:,}"
        self.heading.set_runs((f"{self.title}{scope}", True), (f" ({count})", False))
        if total == 0:
            self.view.set_empty_message(
                f"No {self.noun[1]} recorded{scope}. Add one with Edit → New "
                f"{self.noun[0].capitalize()} or the right-click menu.")
        else:
            self.view.set_empty_message(f"No {self.noun[1]} match “{self.filter_box.text()}”.")

    def _on_context(self, context: SelectionContext) -> None:
        if context.nation_uuid != self._nation_uuid:
            self._nation_uuid = context.nation_uuid
            if self.is_loaded:
                self._refresh_when_seen()

    def _on_data(self, changes: ChangeSet) -> None:
        if changes.touches(*self._shows):
            self._refresh_when_seen()

    def _refresh_when_seen(self) -> None:
        # A tab behind Nations is read when it comes to the front, not on every click.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.is_loaded:
            self._stale = False
            self.refresh()
