"""The Analysis pane: forecast per issue, stance heatmap, capability gap, what moved.

It follows the hub like every pane: the chosen issue picks the forecast, a heatmap click
selects a nation and an issue everywhere, and each write marks the sections it touches.
Nothing is queried, and matplotlib is not imported, until the pane is shown.

At 200 nations and 200,000 positions each section's read takes a tenth to half a second,
so only the section on the current tab is computed, on a pool thread (each section's
``PaneLoader``); the others stay marked until their tab is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import ChangeSet
from coalition_desk.ui.analysis.analysis_forecast import ForecastSection
from coalition_desk.ui.analysis.analysis_gap import GapSection
from coalition_desk.ui.analysis.analysis_heatmap import HeatmapSection
from coalition_desk.ui.analysis.analysis_moved import MovedSection
from coalition_desk.ui.analysis.analysis_section import AnalysisReads
from coalition_desk.ui.hub import Hub, SelectionContext

# Which sections a change to each kind of record touches.
TOUCHES = {
    "forecast": ("position", "nation", "issue"),
    "heatmap": ("position", "nation", "issue"),
    "gap": ("pledge", "requirement", "nation"),
    "moved": ("position", "nation", "issue", "meeting"),
}
# The sections in the order of their tabs.
SECTIONS = ("forecast", "heatmap", "gap", "moved")


class AnalysisPane(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setObjectName("analysis_pane")
        self.setAccessibleName("Analysis")
        # The main window points this at its undo-recording write; alone, a write is
        # simply made and announced.
        self.record_write: Callable[[str, Callable[[], ChangeSet]], ChangeSet] = (
            self._write_and_announce
        )
        self.forecast = ForecastSection(hub, self)
        self.heatmap = HeatmapSection(hub, self)
        self.gap = GapSection(hub, self._record_write, self)
        self.moved = MovedSection(hub, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Analysis sections")
        self.tabs.addTab(self.forecast, "&Forecast")
        self.tabs.addTab(self.heatmap, "Stance &heatmap")
        self.tabs.addTab(self.gap, "Capability &gap")
        self.tabs.addTab(self.moved, "What &moved")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        # Sections whose data changed since they were last computed.
        self._dirty = set(TOUCHES)
        # Sections computed, but not yet following the latest selection.
        self._context_behind: set[str] = set()
        self.tabs.currentChanged.connect(lambda _index: self.refresh_dirty())
        hub.context_changed.connect(self._context_changed)
        hub.data_changed.connect(self._data_changed)

    def use_reads(self, reads: AnalysisReads) -> None:
        """Show results read ahead (ui/analysis/analysis_section.py) where they are ready."""
        for section in (self.forecast, self.heatmap, self.gap, self.moved):
            section.reads = reads

    def _record_write(self, text: str, operation: Callable[[], ChangeSet]) -> ChangeSet:
        # Looked up at each write: the main window may set record_write after building us.
        return self.record_write(text, operation)

    def _write_and_announce(self, _text: str, operation: Callable[[], ChangeSet]) -> ChangeSet:
        changes = operation()
        self.hub.announce(changes)
        return changes

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_dirty()

    def current_section(self) -> str:
        return SECTIONS[self.tabs.currentIndex()]

    def first_result_shown(self, section: str) -> bool:
        """The section shows a result of the latest data (not "Computing…")."""
        return section not in self._dirty and not getattr(self, section).computing

    def charts_in_flight(self) -> bool:
        """Some section's chart is still being drawn on a pool thread."""
        return any(s.chart.in_flight for s in (self.forecast, self.heatmap, self.gap))

    def is_dirty(self, section: str) -> bool:
        return section in self._dirty

    def refresh_dirty(self) -> None:
        """Compute the section in sight if something it shows has changed."""
        if not self.isVisible():
            return
        section = self.current_section()
        if section in self._dirty:
            self._dirty.discard(section)
            self._context_behind.discard(section)
            self._refresh(section)
        elif section in self._context_behind:
            self._context_behind.discard(section)
            self._follow_context(section)

    def _refresh(self, section: str) -> None:
        if section == "forecast":
            self.forecast.reload_issues()
        elif section == "heatmap":
            self.heatmap.refresh()
        elif section == "gap":
            self.gap.refresh()
        else:
            self.moved.refresh()

    def _follow_context(self, section: str) -> None:
        if section == "forecast":
            self.forecast.follow_issue(self.hub.context.issue_uuid)
        elif section == "heatmap":
            self.heatmap.follow_context()

    def refresh_all(self) -> None:
        self._dirty = set(TOUCHES)
        self.refresh_dirty()

    def _data_changed(self, changes: ChangeSet) -> None:
        self._dirty |= {name for name, kinds in TOUCHES.items() if changes.touches(*kinds)}
        self.refresh_dirty()

    def _context_changed(self, _context: SelectionContext) -> None:
        # The forecast follows the chosen issue and the heatmap outlines the selected
        # cell; a section out of sight catches up when its tab is shown.
        self._context_behind |= {"forecast", "heatmap"} - self._dirty
        self.refresh_dirty()
