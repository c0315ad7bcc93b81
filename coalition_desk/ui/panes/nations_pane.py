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
from coalition_desk.ui.dialogs.fields import LineField
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.models.nations import STALE_MARK, NationsModel
from coalition_desk.ui.panes.table_pane import TablePane
from coalition_desk.ui.table_view import (
    MEASURED_ROWS,
    make_table_view,
    select_uuid,
    selected_uuid,
)

SHOWS = ("nation", "position", "pledge", "issue", "settings")
NONE_RECORDED = "No nations recorded yet. Add one with Edit → New Nation (Ctrl+Shift+N)."
LOADING = "Reading the nations…"
# Name and role first, pledges and constraints last; the stance columns in between.
FREE_TEXT_COLUMNS = (0, 1, -2, -1)
STANCE_SAMPLE_ROWS = 25


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
        # With a column per issue (40 at a large register) measuring 150 rows of each
        # cost over a second. Stance columns are capped narrow and their labels come from
        # a short list, so a few rows fit them; name, role, pledges and constraints vary
        # row by row and are measured in full.
        header = self.view.horizontalHeader()
        columns = self.model.columnCount()
        many_issues = columns - len(FREE_TEXT_COLUMNS) > 1
        for column in range(columns):
            free_text = column in FREE_TEXT_COLUMNS or column - columns in FREE_TEXT_COLUMNS
            sample = STANCE_SAMPLE_ROWS if many_issues and not free_text else MEASURED_ROWS
            header.setResizeContentsPrecision(sample)
            self.view.resizeColumnToContents(column)
        header.setResizeContentsPrecision(MEASURED_ROWS)
        for column in range(self.model.columnCount()):
            width = self.view.columnWidth(column)
            # One column per issue must fit side by side; the tooltip has the whole stance.
            limit = 300 if self._issue_uuid or column in (0, 1) else 150
            self.view.setColumnWidth(column, max(70, min(width, limit)))

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
