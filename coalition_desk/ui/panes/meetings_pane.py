"""Meetings pane: meetings by date, and the selected meeting's details below them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt, QUrl
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from coalition_desk.domain.records import ChangeSet, Nation
from coalition_desk.domain.views import MeetingOverview
from coalition_desk.services import meetings, settings
from coalition_desk.services.crud import NotFound
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.loading import PaneLoader
from coalition_desk.ui.models.meetings import MeetingsModel
from coalition_desk.ui.panes.meeting_details import DETAILS_CSS, OPEN_LINK, meeting_html
from coalition_desk.ui.table_view import (
    fit_columns_once,
    make_table_view,
    select_uuid,
    selected_uuid,
)

SHOWS = ("meeting", "attendance", "position", "question", "nation", "issue", "settings")
NO_MEETING = "<p style='color:#78909c'>Select a meeting to see who attended, what was said "
NO_MEETING += "and which questions it raised or resolved.</p>"
MEETING_COLUMN, PLACE_COLUMN = 1, 2
NONE_RECORDED = "No meetings recorded yet. Add one with Edit → New Meeting (Ctrl+Shift+M)."
LOADING = "Reading the meetings…"


class MeetingsPane(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetings_pane")
        self.setAccessibleName("Meetings pane")
        self._hub = hub
        self._syncing = False
        self._nation_uuid = hub.context.nation_uuid
        self._details_for: str | None = None

        self.heading = QLabel(self)
        self.model = MeetingsModel(self)
        self.view = make_table_view(self.model, "Meetings table", self)
        self.details = QTextBrowser(self)
        self.details.setObjectName("meeting_details")
        self.details.setAccessibleName("Selected meeting details")
        self.details.setOpenLinks(False)
        self.details.document().setDefaultStyleSheet(DETAILS_CSS)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("meetings_splitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)

        self.view.selectionModel().selectionChanged.connect(self._on_user_selection)
        self.view.activated.connect(self._on_activated)
        self.details.anchorClicked.connect(self._on_link)
        hub.context_changed.connect(self._on_context)
        hub.data_changed.connect(self._on_data)
        self._loader = PaneLoader(hub, self)
        self._loaded = False
        self._every_meeting: list[MeetingOverview] = []
        self.view.set_empty_message(LOADING)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._loader.schedule_after_paint(self._load_in_background)

    def _load_in_background(self) -> None:
        if not self._loaded:
            database = self._hub.database
            self._loader.start(lambda: meetings.list_meetings(database), self._show)

    @property
    def is_loaded(self) -> bool:
        return self._loaded

    def refresh(self) -> None:
        self._loader.invalidate()
        self._show(meetings.list_meetings(self._hub.database))

    def _show(self, rows: list[MeetingOverview]) -> None:
        """Hold every meeting; a selected nation narrows them (see _show_narrowed)."""
        self._loaded = True
        self._every_meeting = rows
        self._show_narrowed()

    def _show_narrowed(self) -> None:
        rows = self._every_meeting
        if self._nation_uuid is not None:
            involving = meetings.meetings_involving(self._hub.database, self._nation_uuid)
            rows = [meeting for meeting in rows if meeting.uuid in involving]
        self._syncing = True
        try:
            self.model.set_rows(rows)
            fit_columns_once(self.view, MEETING_COLUMN, {PLACE_COLUMN: 150})
            select_uuid(self.view, self._hub.context.meeting_uuid)
        finally:
            self._syncing = False
        self._update_heading()
        self._show_details()

    def _update_heading(self) -> None:
        count = self.model.rowCount()
        if self._nation_uuid is None:
            self.heading.setText(f"<b>Meetings</b> ({count})")
            self.view.set_empty_message(NONE_RECORDED)
            return
        nation = self._hub.named_record(Nation, self._nation_uuid)
        name = nation.name if isinstance(nation, Nation) else "the selected nation"
        self.heading.setText(
            f"<b>Meetings attended by or with statements from {escape(name)}</b> ({count})"
        )
        self.view.set_empty_message(
            f"No recorded meeting was attended by {name} or holds a statement from it. "
            "Its positions taken outside meetings are on the timeline."
        )

    def _show_details(self) -> None:
        uuid = self._details_for = self._hub.context.meeting_uuid
        if uuid is None:
            self.details.setHtml(NO_MEETING)
            return
        database = self._hub.database
        try:
            detail = meetings.meeting_detail(
                database, uuid, stale_days=settings.stale_after_days(database)
            )
        except NotFound:
            self.details.setHtml(NO_MEETING)
            return
        self.details.setHtml(meeting_html(detail))

    def _on_user_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:
            return
        uuid = selected_uuid(self.view)
        if uuid is not None:
            self._hub.select_meeting(uuid)

    def _on_activated(self) -> None:
        uuid = selected_uuid(self.view)
        if uuid:
            self._hub.open_requested.emit("meeting", uuid)

    def _on_link(self, url: QUrl) -> None:
        scheme, _, rest = url.toString().partition(":")
        entity, _, uuid = rest.partition(":")
        if scheme != OPEN_LINK or not uuid:
            return
        if entity == "position":
            self._hub.select_position(uuid)
        elif entity == "question":
            self._hub.select_question(uuid)
        self._hub.open_requested.emit(entity, uuid)

    def _on_context(self, context: SelectionContext) -> None:
        if context.nation_uuid != self._nation_uuid:
            self._nation_uuid = context.nation_uuid
            if self._loaded:
                self._show_narrowed()
            return
        if selected_uuid(self.view) != context.meeting_uuid:
            self._syncing = True
            try:
                select_uuid(self.view, context.meeting_uuid)
            finally:
                self._syncing = False
        if context.meeting_uuid != self._details_for:
            self._show_details()

    def _on_data(self, changes: ChangeSet) -> None:
        if changes.touches(*SHOWS):
            self.refresh()
