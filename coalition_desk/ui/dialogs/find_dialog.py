"""Find (Ctrl+F): names, quotes, notes and questions; picking a hit selects it in its pane."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import Person, Pledge, Position, Question
from coalition_desk.services import records, search
from coalition_desk.services.crud import NotFound
from coalition_desk.ui.dialogs.fields import LineField
from coalition_desk.ui.hub import Hub

KIND_LABELS = {
    "nation": "Nation",
    "person": "Person",
    "meeting": "Meeting",
    "issue": "Issue",
    "position": "Position",
    "pledge": "Pledge",
    "question": "Question",
}
TYPING_PAUSE_MS = 200
HOW_TO = "Type a name or any word from a quote, note or question."


def show_hit(hub: Hub, kind: str, uuid: str) -> None:
    """Select a found record where the window shows it."""
    database = hub.database
    try:
        if kind == "nation":
            hub.select_nation(uuid)
        elif kind == "meeting":
            hub.select_meeting(uuid)
        elif kind == "issue":
            hub.select_issue(uuid)
        elif kind == "position":
            position = records.get(database, Position, uuid)
            assert isinstance(position, Position)
            hub.clear_selection()
            hub.select_issue(position.issue_uuid)
            hub.select_position(uuid)
        elif kind == "question":
            question = records.get(database, Question, uuid)
            assert isinstance(question, Question)
            hub.clear_selection()
            hub.select_question(uuid)
        elif kind in ("person", "pledge"):
            record = records.get(database, Person if kind == "person" else Pledge, uuid)
            nation_uuid = getattr(record, "nation_uuid", None)
            if nation_uuid:
                hub.select_nation(nation_uuid)
            hub.open_requested.emit(kind, uuid)
    except NotFound:
        hub.status_message.emit("That record no longer exists.")


class FindDialog(QDialog):
    hit_chosen = Signal(str, str)

    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_dialog")
        self.setWindowTitle("Find")
        self.resize(560, 420)
        self._hub = hub
        self.query = LineField(self)
        self.query.setObjectName("find_query")
        self.query.setAccessibleName("Find text")
        self.query.setPlaceholderText("Names, quotes, notes, questions…")
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("find_results")
        self.results.setAccessibleName("Find results")
        self.summary = QLabel(HOW_TO, self)
        self.summary.setObjectName("find_summary")
        self.summary.setWordWrap(True)
        label = QLabel("&Find:", self)
        label.setBuddy(self.query)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(self._timer.start)
        self.query.returnPressed.connect(self._on_return)
        self.results.itemActivated.connect(self._choose)

    def run_search(self) -> None:
        self._timer.stop()
        text = self.query.text()
        self.results.clear()
        hits = search.find(self._hub.database, text) if text.strip() else []
        for hit in hits:
            snippet = " ".join(hit.snippet.split())
            item = QListWidgetItem(
                f"{KIND_LABELS.get(hit.kind, hit.kind)}: {hit.title or '(untitled)'}"
                + (f" — {snippet}" if snippet else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, (hit.kind, hit.uuid))
            item.setToolTip(snippet)
            self.results.addItem(item)
        if not text.strip():
            self.summary.setText(HOW_TO)
        elif not hits:
            self.summary.setText(f"Nothing found for “{text.strip()}”. Try fewer or shorter words.")
        else:
            found = "1 found" if len(hits) == 1 else f"{len(hits)} found"
            self.summary.setText(f"{found}. Enter or a double-click shows the highlighted one.")
        if hits:
            self.results.setCurrentRow(0)

    def _on_return(self) -> None:
        if self._timer.isActive() or self.results.count() == 0:
            self.run_search()
        else:
            self._choose(self.results.currentItem())

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        kind, uuid = item.data(Qt.ItemDataRole.UserRole)
        show_hit(self._hub, kind, uuid)
        self.hit_chosen.emit(kind, uuid)
        self.accept()
