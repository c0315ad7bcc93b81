"""The stance heatmap: nations × issues; a click selects both and shows the history."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from coalition_desk.domain.analysis import HeatmapData
from coalition_desk.domain.views import PositionView
from coalition_desk.services.analysis import outlook
from coalition_desk.services.positions import PositionFilter, list_positions
from coalition_desk.services.settings import stale_after_days
from coalition_desk.store.engine import Database
from coalition_desk.ui.analysis.analysis_chart import LazyChart
from coalition_desk.ui.analysis.analysis_section import AnalysisReads, start_read
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.loading import PaneLoader
from coalition_desk.ui.models.analysis_moved_model import HistoryModel

LEGEND = (
    "Red → amber → green: least to most favourable stance on the issue's scale; blues and purples: "
    "options; grey: nothing recorded; hatched: not confirmed for {days} days or more "
    "(re-check). Click a cell to select that nation and issue."
)


def read_heatmap(database: Database) -> tuple[HeatmapData, int]:
    """The heatmap and the days after which a stance is stale; runs on a pool thread."""
    days = stale_after_days(database)
    return outlook.stance_heatmap(database, stale_days=days), days


def read_history(database: Database, nation_uuid: str, issue_uuid: str) -> list[PositionView]:
    """Every recorded position of one nation on one issue; runs on a pool thread."""
    return list_positions(
        database,
        PositionFilter(nation_uuid=nation_uuid, issue_uuid=issue_uuid),
        stale_days=stale_after_days(database),
    )


class HeatmapSection(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.data: HeatmapData | None = None
        # Waiting for a read: the section shows no result yet.
        self.computing = False
        self.reads: AnalysisReads | None = None
        self._selecting = False
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setAccessibleName("Heatmap status")
        self.status.hide()
        self.chart = LazyChart(self._draw, "Stance heatmap", self)
        self.chart.setMinimumHeight(100)
        self.chart.on_click(self._clicked)
        self.history_title = QLabel(self)
        self.history_model = HistoryModel(self)
        self.history_view = QTableView(self)
        self.history_view.setAccessibleName("History of the selected nation on the issue")
        self.history_view.setModel(self.history_model)
        self.history_view.verticalHeader().hide()
        self.history_view.setWordWrap(True)
        self.history_view.setMinimumHeight(50)
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_title)
        lower_layout.addWidget(self.history_view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chart)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.legend)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self._loader = PaneLoader(hub, self)
        self._history_loader = PaneLoader(hub, self)

    def refresh(self) -> None:
        """Read the heatmap on a pool thread; until then the chart says it is computing."""
        database = self.hub.database
        self.data = None
        self.computing = True
        self.status.setText("Computing the stance heatmap…")
        self.status.show()
        self.chart.redraw(self._cells())
        start_read(self.reads, self._loader, ("heatmap",), lambda: read_heatmap(database),
                   self._show)  # fmt: skip

    def _show(self, read: tuple[HeatmapData, int]) -> None:
        self.data, days = read
        self.computing = False
        self.legend.setText(LEGEND.format(days=days))
        self.status.hide()
        self.show_history()
        self.chart.redraw(self._cells())

    def _cells(self) -> int:
        return len(self.data.nations) * len(self.data.issues) if self.data else 0

    def _draw(self, figure: Any) -> None:
        from coalition_desk.charts.analysis_heatmap import draw_stance_heatmap, outline_cell

        figure.clear()
        if self.data is None:
            return
        ax = figure.add_subplot()
        draw_stance_heatmap(ax, self.data)
        selected = self.selected_cell()
        if selected is not None:
            outline_cell(ax, *selected)

    def selected_cell(self) -> tuple[int, int] | None:
        if self.data is None:
            return None
        context = self.hub.context
        rows = [uuid for uuid, _ in self.data.nations]
        columns = [uuid for uuid, _ in self.data.issues]
        if context.nation_uuid in rows and context.issue_uuid in columns:
            return rows.index(context.nation_uuid), columns.index(context.issue_uuid)
        return None

    def _clicked(self, event: Any) -> None:
        from coalition_desk.charts.analysis_heatmap import heatmap_cell_at

        if self.data is None or event.inaxes is None or event.inaxes is not self.chart.axes:
            return
        cell = heatmap_cell_at(self.data, event.xdata, event.ydata)
        if cell is None:
            return
        row, column = cell
        # Two selections, one redraw: at scale L each rebuild of the map and each read of
        # the history is work the user would otherwise wait for twice.
        self._selecting = True
        try:
            self.hub.select_nation(self.data.nations[row][0])
            self.hub.select_issue(self.data.issues[column][0])
        finally:
            self._selecting = False
        self.follow_context()

    def follow_context(self) -> None:
        if self._selecting:
            return
        self.show_history()
        self.chart.redraw(self._cells())

    def show_history(self) -> None:
        """The selected nation's history on the selected issue, read on a pool thread."""
        context = self.hub.context
        if not (context.nation_uuid and context.issue_uuid):
            self._history_loader.invalidate()
            self.history_title.setText(
                "Select a nation and an issue (click a cell) to see its history."
            )
            self.history_model.set_rows([])
            return
        names = dict(self.data.nations) if self.data else {}
        issues = dict(self.data.issues) if self.data else {}
        title = (
            f"<b>{html.escape(names.get(context.nation_uuid, ''))}</b> on "
            f"<b>{html.escape(issues.get(context.issue_uuid, ''))}</b>"
        )
        self.history_title.setText(f"{title}: reading the history…")
        self.history_model.set_rows([])
        database = self.hub.database
        nation_uuid, issue_uuid = context.nation_uuid, context.issue_uuid
        self._history_loader.start(
            lambda: read_history(database, nation_uuid, issue_uuid),
            lambda views: self._show_history(title, views),
        )

    def _show_history(self, title: str, views: list[PositionView]) -> None:
        count = f"{len(views)} recorded position{'s' if len(views) != 1 else ''}"
        self.history_title.setText(f"{title}: {count}" if views else f"{title}: nothing recorded")
        self.history_model.set_rows(list(reversed(views)))
        self.history_view.resizeRowsToContents()
