"""The Analysis as a tab beside the positions timeline, built the first time it is shown.

As a tab it takes the timeline's place while it is in front and gives it back whole:
no pane below is squeezed (as a dock above the panes, it left Nations three rows).
Most starts never open it, and building its four sections would delay the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

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
            if self._record_write is not None:
                self.pane.record_write = self._record_write
            self._layout.replaceWidget(self.placeholder, self.pane)
            self.placeholder.deleteLater()
            # Added to a tab already on screen: a child is not shown with it by itself.
            self.pane.show()
        return self.pane
