"""The forecast section: choose an issue, see where it is likely heading and who blocks."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain import analysis as an
from coalition_desk.domain import records as rec
from coalition_desk.services.analysis import outlook
from coalition_desk.services.settings import stale_after_days
from coalition_desk.store.engine import Database
from coalition_desk.ui.analysis.analysis_chart import LazyChart
from coalition_desk.ui.analysis.analysis_section import (
    AnalysisReads,
    section_splitter,
    section_table,
    start_read,
)
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.loading import PaneLoader
from coalition_desk.ui.models.analysis_base import ROW_ROLE
from coalition_desk.ui.models.analysis_forecast_model import ForecastActorsModel

NO_FORECAST_STYLE = "color: #8a4b00; background: #fff4e0; padding: 6px; border-radius: 3px;"


def describe(forecast: an.Forecast) -> str:
    """The forecast in words (rich text), as the officer reads it."""
    if not forecast.available:
        return f"<b>{html.escape(forecast.no_forecast_reason)}</b>"
    lines: list[str] = []
    if forecast.kind == "options":
        shares = ", ".join(f"{html.escape(s.option)} {100 * s.share:.0f}%" for s in forecast.shares)
        leading = " and ".join(html.escape(o) for o in forecast.leading)
        tie = " (a tie)" if len(forecast.leading) > 1 else ""
        lines.append(f"<b>Leading option:</b> {leading}{tie}. Weighted shares: {shares}.")
    else:
        assert forecast.mean is not None and forecast.spread is not None
        lines.append(
            f"<b>Likely outcome</b> (weighted median): {html.escape(forecast.median_label)}."
        )
        lines.append(
            f"<b>Compromise</b> (weighted mean): {forecast.mean:.0f} of 100, nearest "
            f"“{html.escape(forecast.mean_label)}”. <b>Disagreement</b> (weighted spread): "
            f"{forecast.spread:.0f} (0 = all agree, 50 = split between the ends)."
        )
    if forecast.blockers:
        names = ", ".join(
            f"{html.escape(b.nation_name)} ({html.escape(b.stance)}, salience {b.salience})"
            for b in forecast.blockers
        )
        lines.append(f"<b>Likely blockers:</b> {names}.")
    if forecast.far_salience_unknown:
        names = ", ".join(html.escape(b.nation_name) for b in forecast.far_salience_unknown)
        lines.append(
            f"Far from the forecast, salience not recorded (ask how much it matters): {names}."
        )
    if forecast.statements_only:
        names = ", ".join(html.escape(n) for n in forecast.statements_only)
        lines.append(f"Spoke without taking a stance (not counted): {names}.")
    lines.append("<i>A rough guide from recorded positions, not a prediction.</i>")
    return "<br>".join(lines)


def read_forecast(database: Database, issue_uuid: str) -> an.Forecast:
    """The forecast as the section shows it; runs on a pool thread."""
    return outlook.forecast_issue(database, issue_uuid, stale_days=stale_after_days(database))


class ForecastSection(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.forecast: an.Forecast | None = None
        # Waiting for a read: the section shows no result yet.
        self.computing = False
        self.reads: AnalysisReads | None = None
        self.issue_combo = QComboBox(self)
        self.issue_combo.setAccessibleName("Issue to forecast")
        self.issue_combo.setMinimumContentsLength(30)
        self.issue_combo.currentIndexChanged.connect(self._issue_chosen)
        self.weight_button = QPushButton("Edit &weight of selected nation…", self)
        self.weight_button.setToolTip(
            "Capability (0-100) sets how much a nation's stance weighs; unset, it follows "
            "the nation's role."
        )
        self.weight_button.clicked.connect(self._edit_weight)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Issue:", self, buddy=self.issue_combo))
        top.addWidget(self.issue_combo, 1)
        top.addWidget(self.weight_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAccessibleName("Forecast")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = LazyChart(self._draw, "Forecast chart", self)
        self.actors_model = ForecastActorsModel(self)
        self.actors_view = section_table(
            self, "Nations counted in the forecast", self.actors_model
        )
        self.actors_view.doubleClicked.connect(lambda _index: self._edit_weight())
        splitter = section_splitter(
            self, [self.chart, self.actors_view], sizes=[520, 200], stretch={0: 3, 1: 1}
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self._issues_loader = PaneLoader(hub, self)
        self._forecast_loader = PaneLoader(hub, self)

    # -- data --------------------------------------------------------------------------

    def reload_issues(self) -> None:
        """Read the issues again (on a pool thread), then the forecast of the chosen one."""
        database = self.hub.database
        self.computing = True
        self.summary.setText("Reading the issues…")
        self.summary.setStyleSheet("")
        start_read(self.reads, self._issues_loader, ("issues",),
                   lambda: outlook.list_issues(database), self._show_issues)  # fmt: skip

    def _show_issues(self, issues: list[rec.Issue]) -> None:
        wanted = self.hub.context.issue_uuid or self.issue_combo.currentData()
        self.issue_combo.blockSignals(True)
        self.issue_combo.clear()
        for issue in issues:
            label = f"{issue.name} (options)" if issue.kind == "options" else issue.name
            self.issue_combo.addItem(label, issue.uuid)
        index = self.issue_combo.findData(wanted) if wanted else -1
        self.issue_combo.setCurrentIndex(index if index >= 0 else 0 if issues else -1)
        self.issue_combo.blockSignals(False)
        self.refresh()

    def follow_issue(self, issue_uuid: str | None) -> None:
        if issue_uuid is None or issue_uuid == self.issue_combo.currentData():
            return
        index = self.issue_combo.findData(issue_uuid)
        if index >= 0:
            self.issue_combo.blockSignals(True)
            self.issue_combo.setCurrentIndex(index)
            self.issue_combo.blockSignals(False)
            self.refresh()

    def _issue_chosen(self, _index: int) -> None:
        self.refresh()
        uuid = self.issue_combo.currentData()
        if uuid:
            self.hub.select_issue(uuid)

    def refresh(self) -> None:
        """Compute the forecast of the chosen issue on a pool thread; until then say so."""
        uuid = self.issue_combo.currentData()
        database = self.hub.database
        self.forecast = None
        self.actors_model.set_rows([])
        self.summary.setStyleSheet("")
        if not uuid:
            self._forecast_loader.invalidate()
            self.summary.setText("No issues recorded yet: add one to see a forecast.")
            self.computing = False
        else:
            self.computing = True
            self.summary.setText(
                f"Computing the forecast for {html.escape(self.issue_combo.currentText())}…"
            )
            start_read(self.reads, self._forecast_loader, ("forecast", uuid),
                       lambda: read_forecast(database, uuid), self._show_forecast)  # fmt: skip
        self.chart.redraw(len(self.forecast.actors) if self.forecast else 0)

    def _show_forecast(self, forecast: an.Forecast) -> None:
        self.forecast = forecast
        self.computing = False
        self.summary.setText(describe(forecast))
        self.summary.setStyleSheet("" if forecast.available else NO_FORECAST_STYLE)
        self.actors_model.set_rows(
            sorted(forecast.actors, key=lambda a: (-a.weight, a.nation_name))
        )
        self.chart.redraw(len(self.forecast.actors) if self.forecast else 0)

    def _draw(self, figure: Any) -> None:
        from coalition_desk.charts.analysis_forecast import draw_forecast_strip

        figure.clear()
        if self.forecast is not None:
            draw_forecast_strip(figure.add_subplot(), self.forecast)

    def _edit_weight(self) -> None:
        rows = self.actors_view.selectionModel().selectedRows()
        nation_uuid = (
            self.actors_model.data(rows[0], ROW_ROLE).nation_uuid
            if rows
            else self.hub.context.nation_uuid
        )
        if not nation_uuid:
            self.hub.status_message.emit("Select a nation in the table first.")
            return
        self.hub.select_nation(nation_uuid)
        # The nation editor (capability field) is opened by whoever owns the edit dialogs.
        self.hub.open_requested.emit("nation", nation_uuid)
