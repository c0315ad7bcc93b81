"""The Analysis as a tab beside the positions timeline, built the first time it is shown.

As a tab it takes the timeline's place while it is in front and gives it back whole:
no pane below is squeezed (as a dock above the panes, it left Nations three rows).
Most starts never open it, and building its four sections would delay the first paint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coalition_desk.ui.analysis.analysis_section import AnalysisReads, Plan
from coalition_desk.ui.hub import Hub

if TYPE_CHECKING:
    from coalition_desk.ui.analysis.analysis_pane import AnalysisPane


class AnalysisTab(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None,
                 record_write: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysis_tab")
        self.setAccessibleName("Analysis pane")
        self._hub = hub
        self._record_write = record_write
        self.pane: AnalysisPane | None = None
        # What each section shows first, read ahead once the window is filled.
        self.reads = AnalysisReads(hub, self)
        self.reads.plan = self._plan_reads
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("The analysis is drawn when this tab is shown.", self)
        self._layout.addWidget(self.placeholder)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_built()

    def ensure_built(self) -> AnalysisPane:
        if self.pane is None:
            from coalition_desk.ui.analysis.analysis_pane import AnalysisPane

            self.pane = AnalysisPane(self._hub, self)
            self.pane.use_reads(self.reads)
            if self._record_write is not None:
                self.pane.record_write = self._record_write
            self._layout.replaceWidget(self.placeholder, self.pane)
            self.placeholder.deleteLater()
            # Added to a tab already on screen: a child is not shown with it by itself.
            self.pane.show()
        return self.pane

    def _plan_reads(self) -> Plan:
        """Each section's first read, as the section will ask for it (same keys)."""
        database = self._hub.database
        wanted_issue = self._hub.context.issue_uuid
        today = dt.date.today()

        def work(results: dict[Hashable, Any], stale: Callable[[], bool]) -> None:
            from coalition_desk.services.analysis import capability_gap, outlook
            from coalition_desk.ui.analysis.analysis_forecast import read_forecast
            from coalition_desk.ui.analysis.analysis_gap import read_gap
            from coalition_desk.ui.analysis.analysis_heatmap import read_heatmap
            from coalition_desk.ui.analysis.analysis_moved import read_meeting_choices

            issues = results[("issues",)] = outlook.list_issues(database)
            known = {issue.uuid for issue in issues}
            issue = wanted_issue if wanted_issue in known else issues[0].uuid if issues else None
            steps: list[tuple[Hashable, Callable[[], Any]]] = [
                (("heatmap",), lambda: read_heatmap(database)),
                (("gap", "", True), lambda: read_gap(database, "", with_requirements=True)),
                (("meeting choices",), lambda: read_meeting_choices(database)),
                (("moved", None, today), lambda: outlook.what_moved(database, None, today)),
            ]
            if issue is not None:
                steps.insert(0, (("forecast", issue), lambda: read_forecast(database, issue)))
            for key, read in steps:
                if stale():
                    return
                results[key] = read()
            first = results[("gap", "", True)]
            names = capability_gap.scenarios(first.requirements or [])
            if names and not stale():
                results[("gap", names[0], False)] = read_gap(
                    database, names[0], with_requirements=False
                )

        return work
