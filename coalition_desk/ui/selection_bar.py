"""The bar that says what the window is narrowed to, with a one-click clear."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from coalition_desk.domain.records import ChangeSet, Issue, Meeting, Nation
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.panes.heading import Heading, Run


class SelectionBar(QFrame):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selection_bar")
        self.setAccessibleName("Current selection")
        self._hub = hub
        self.label = Heading(self, accessible_name="Current selection")
        self.label.setObjectName("selection_label")
        self.clear_button = QPushButton("&Clear selection", self)
        self.clear_button.setObjectName("clear_selection")
        self.clear_button.setAccessibleName("Clear selection")
        self.clear_button.setToolTip("Show every nation, meeting and question again (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.clear_button)
        self.clear_button.clicked.connect(hub.clear_selection)
        hub.context_changed.connect(self._show)
        hub.data_changed.connect(self._on_data)
        self._show(hub.context)

    def _name(self, record_type: type, uuid: str | None) -> str | None:
        if uuid is None:
            return None
        record = self._hub.named_record(record_type, uuid)
        if isinstance(record, Meeting):
            return f"{record.title} ({record.date.isoformat()})"
        return record.name if isinstance(record, Nation | Issue) else None

    def _show(self, context: SelectionContext) -> None:
        runs: list[Run] = [("Showing only \u00a0", False)]
        for title, record_type, uuid in (
            ("Nation", Nation, context.nation_uuid),
            ("Meeting", Meeting, context.meeting_uuid),
            ("Issue", Issue, context.issue_uuid),
        ):
            name = self._name(record_type, uuid)
            if name:
                if len(runs) > 1:
                    runs.append((" \u00a0·\u00a0 ", False))
                runs += [(f"{title}: ", False), (name, True)]
        if len(runs) > 1:
            self.label.set_runs(*runs)
        else:
            self.label.set_text("Showing everything. Select a nation or a meeting to narrow.")
        self.clear_button.setEnabled(not context.is_empty)

    def _on_data(self, changes: ChangeSet) -> None:
        if changes.touches("nation", "meeting", "issue"):
            self._show(self._hub.context)
