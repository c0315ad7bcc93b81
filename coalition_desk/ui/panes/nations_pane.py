"""Nations pane: every nation and organisation with its role, stances, pledges, terms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from coalition_desk.charts.colours import FAVOURABLE, MIDDLE, OPTION_COLOURS, UNFAVOURABLE, tint
from coalition_desk.domain.records import Issue
from coalition_desk.domain.views import NationOverview
from coalition_desk.services import nations, records, settings
from coalition_desk.store.engine import Database
from coalition_desk.ui.column_fit import ColumnWidths
from coalition_desk.ui.dialogs.fields import LineField
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.models.nations import STALE_MARK, NationsModel, nation_columns
from coalition_desk.ui.panes.table_pane import TablePane
from coalition_desk.ui.table_view import make_table_view, select_uuid, selected_uuid

SHOWS = ("nation", "position", "pledge", "issue", "settings")
NONE_RECORDED = "No nations recorded yet. Add one with Edit → New Nation (Ctrl+Shift+N)."
LOADING = "Reading the nations…"
# Name and role first, pledges and constraints last; the stance columns in between.
FIRST_STANCE_COLUMN = 2


@dataclass(frozen=True, slots=True)
class NationsSnapshot:
    """What the pane shows, read in one go (on a pool thread for the first fill)."""

    issues: list[Issue]
    stale_days: int
    rows: list[NationOverview]


def read_nations(database: Database) -> NationsSnapshot:
    stale_days = settings.stale_after_days(database)
    return NationsSnapshot(
        issues=[i for i in records.list_all(database, Issue) if isinstance(i, Issue)],
        stale_days=stale_days,
        rows=nations.list_nations(database, stale_days=stale_days),
    )


def _swatch(colour: str) -> str:
    return f"<span style='background-color:{tint(colour, 0.5)}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"


def stance_legend(stale_days: int) -> str:
    """What the stance cells' colours and marks mean, in one line under the table."""
    return (
        f"{_swatch(UNFAVOURABLE)} least favourable {_swatch(MIDDLE)} in between "
        f"{_swatch(FAVOURABLE)} most favourable {_swatch(OPTION_COLOURS[0])} an option "
        f"(not ranked) &nbsp; <i>{STALE_MARK}stale</i>: not reconfirmed in {stale_days} days"
    )


class NationsPane(TablePane):
    # With their latest stance on every issue the nations take a quarter of a second at
    # 200 nations, too long to freeze the window after every edit.
    REREAD_IN_BACKGROUND = True

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, entity="nation", shows=SHOWS, loading=LOADING)
        self.setObjectName("nations_pane")
        self.setAccessibleName("Nations pane")
        self._issues: list[Issue] = []
        self._rows: list[NationOverview] = []
        self._issue_uuid = hub.context.issue_uuid

        self.filter_box = LineField(self)
        self.filter_box.setObjectName("nations_filter")
        self.filter_box.setAccessibleName("Filter nations")
        self.filter_box.setPlaceholderText("Filter by name, role, stance, pledge or constraint…")
        self.filter_box.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        # Alt+L: Alt+F opens the File menu.
        filter_label = QLabel("Fi&lter:", self)
        filter_label.setBuddy(self.filter_box)

        self.model = NationsModel(self)
        self.view = make_table_view(self.model, "Nations table", self)
        self._widths = ColumnWidths(self.view)

        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_box, 1)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.legend = QLabel(self)
        self.legend.setObjectName("stance_legend")
        self.legend.setAccessibleName("What the stance colours mean")
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)

        self.filter_box.textChanged.connect(self._on_filter)
        self.watch(self.view)

    def read(self) -> Callable[[], NationsSnapshot]:
        database = self._hub.database
        return lambda: read_nations(database)

    def show_read(self, snapshot: NationsSnapshot) -> None:
        self._issues = snapshot.issues
        self._rows = snapshot.rows
        self.legend.setText(stance_legend(snapshot.stale_days))
        with self.syncing():
            self.model.show_issues(self._issues, self._issue_uuid)
            self.model.set_rows(snapshot.rows)
            self._resize_columns()
            select_uuid(self.view, self._hub.context.nation_uuid)
        self._update_count()
        QTimer.singleShot(0, self.model, self.model.prepare_filter)

    def select_row(self, uuid: str) -> None:
        self._hub.select_nation(uuid)

    def _resize_columns(self) -> None:
        # Fitted by font metrics over every row and kept (ui/column_fit.py): Qt's
        # fit measured each cell through Python, 20-50 ms at 200 nations on every issue
        # chosen. Name, role, pledges and constraints do not change with the issue.
        columns = nation_columns(self._issues, self._issue_uuid)
        chosen = next((i for i in self._issues if i.uuid == self._issue_uuid), None)
        stance_issues = [chosen] if chosen is not None else self._issues
        self._widths.measure_rows(self._rows)
        for section, column in enumerate(columns):
            stance = section - FIRST_STANCE_COLUMN
            key = (
                ("stance", stance_issues[stance].uuid, chosen is not None)
                if 0 <= stance < len(stance_issues)
                else ("text", column.header)
            )
            width = self._widths.width(key, column, section)
            # One column per issue must fit side by side; the tooltip has the whole stance.
            limit = 300 if self._issue_uuid or section in (0, 1) else 150
            self.view.setColumnWidth(section, max(70, min(width, limit)))

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count
        text = self.filter_box.text().strip()
        self.view.set_empty_message(
            f"No nation matches “{text}”. Clear the filter to see all {total}."
            if total and text
            else NONE_RECORDED
        )
        self.count_label.setText(
            f"{shown} of {total} nations" if shown != total else f"{total} nations"
        )

    def _on_filter(self, text: str) -> None:
        with self.syncing():
            self.model.set_filter_text(text)
            select_uuid(self.view, self._hub.context.nation_uuid)
        self._update_count()

    def _on_context(self, context: SelectionContext) -> None:
        with self.syncing():
            if context.issue_uuid != self._issue_uuid:
                self._issue_uuid = context.issue_uuid
                self.model.show_issues(self._issues, self._issue_uuid)
                self._resize_columns()
                QTimer.singleShot(0, self.model, self.model.prepare_filter)
            if selected_uuid(self.view) != context.nation_uuid:
                select_uuid(self.view, context.nation_uuid)
