"""Meetings pane: meetings by date, and the selected meeting's details below them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from coalition_desk.domain.records import Nation
from coalition_desk.domain.views import MeetingOverview
from coalition_desk.services import meetings, settings
from coalition_desk.services.crud import NotFound
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.loading import BackgroundLookup
from coalition_desk.ui.models.meetings import MeetingsModel
from coalition_desk.ui.panes.heading import Heading
from coalition_desk.ui.panes.meeting_details import DETAILS_CSS, OPEN_LINK, meeting_html
from coalition_desk.ui.panes.row_index import RowIndex
from coalition_desk.ui.panes.table_pane import TablePane
from coalition_desk.ui.table_view import (
    ReadableColumn,
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
ROWS_IN_SIGHT = 6
# A meeting's title keeps room for this many characters (of its font's average width);
# the place gives way first, down to PLACE_MIN_CHARS; when even that leaves the title
# less, the table scrolls sideways and the title is shown whole.
TITLE_READABLE_CHARS = 30
PLACE_MIN_CHARS = 12


class MeetingsPane(TablePane):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, entity="meeting", shows=SHOWS, loading=LOADING)
        self.setObjectName("meetings_pane")
        self.setAccessibleName("Meetings pane")
        self._nation_uuid = hub.context.nation_uuid
        self._details_for: str | None = None
        # What the details show: the same again (the placeholder on every selection of
        # a nation) is not laid out and painted again.
        self._details_html = ""

        self.heading = Heading(self)
        self.model = MeetingsModel(self)
        self.view = make_table_view(self.model, "Meetings table", self)
        self.title_room = ReadableColumn(self.view, MEETING_COLUMN, TITLE_READABLE_CHARS,
                                         {PLACE_COLUMN: PLACE_MIN_CHARS})
        self.details = QTextBrowser(self)
        self.details.setObjectName("meeting_details")
        self.details.setAccessibleName("Selected meeting details")
        self.details.setOpenLinks(False)
        self.details.document().setDefaultStyleSheet(DETAILS_CSS)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("meetings_splitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.details)
        # The list keeps six rows in sight however small the window (1024×700 included);
        # the details below take the rest and scroll.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        rows = self.view.verticalHeader().defaultSectionSize()
        self.view.setMinimumHeight(self.view.horizontalHeader().sizeHint().height()
                                   + ROWS_IN_SIGHT * rows + self.view.frameWidth() * 2
                                   + self.view.horizontalScrollBar().sizeHint().height())
        self.details.setMinimumHeight(3 * self.details.fontMetrics().lineSpacing())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.splitter, 1)

        self._every_meeting: list[MeetingOverview] = []
        # Those meetings by UUID, worked out on the first narrowing after each read.
        self._by_uuid: RowIndex[MeetingOverview] | None = None
        self._involving = BackgroundLookup(hub, self, meetings.meetings_involving_each_nation)
        self.details.anchorClicked.connect(self._on_link)
        self.watch(self.view)

    def read(self) -> Callable[[], list[MeetingOverview]]:
        self._involving.reload()
        database = self._hub.database
        return lambda: meetings.list_meetings(database)

    def show_read(self, rows: list[MeetingOverview]) -> None:
        """Hold every meeting; a selected nation narrows them (see _show_narrowed)."""
        self._every_meeting = rows
        self._by_uuid = None
        self._show_narrowed()

    def select_row(self, uuid: str) -> None:
        self._hub.select_meeting(uuid)

    def _show_narrowed(self) -> None:
        rows = self._every_meeting
        if self._nation_uuid is not None:
            if self._by_uuid is None:
                self._by_uuid = RowIndex(rows, lambda meeting: (meeting.uuid,))
            rows = self._by_uuid.having_any(self._involving_nation())
        with self.syncing():
            self.model.set_rows(rows)
            fitted = self.view.fitted_to_rows
            fit_columns_once(self.view, MEETING_COLUMN, {PLACE_COLUMN: 150})
            if self.view.fitted_to_rows and not fitted:
                self.title_room.measure()
            select_uuid(self.view, self._hub.context.meeting_uuid)
        self._update_heading()
        self._show_details()

    def _involving_nation(self) -> set[str]:
        assert self._nation_uuid is not None
        every_nation = self._involving.value
        if every_nation is None:
            return meetings.meetings_involving(self._hub.database, self._nation_uuid)
        return set(every_nation.get(self._nation_uuid, ()))

    def _update_heading(self) -> None:
        count = self.model.rowCount()
        if self._nation_uuid is None:
            self.heading.set_runs(("Meetings", True), (f" ({count})", False))
            self.view.set_empty_message(NONE_RECORDED)
            return
        nation = self._hub.named_record(Nation, self._nation_uuid)
        name = nation.name if isinstance(nation, Nation) else "the selected nation"
        self.heading.set_runs(
            (f"Meetings attended by or with statements from {name}", True), (f" ({count})", False)
        )
        self.view.set_empty_message(
            f"No recorded meeting was attended by {name} or holds a statement from it. "
            "Its positions taken outside meetings are on the timeline."
        )

    def _show_details(self) -> None:
        uuid = self._details_for = self._hub.context.meeting_uuid
        if uuid is None:
            self._show_html(NO_MEETING)
            return
        database = self._hub.database
        try:
            detail = meetings.meeting_detail(
                database, uuid, stale_days=settings.stale_after_days(database)
            )
        except NotFound:
            self._show_html(NO_MEETING)
            return
        self._show_html(meeting_html(detail))

    def _show_html(self, html: str) -> None:
        if html != self._details_html:
            self._details_html = html
            self.details.setHtml(html)

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
            if self.is_loaded:
                self._show_narrowed()
            return
        if selected_uuid(self.view) != context.meeting_uuid:
            with self.syncing():
                select_uuid(self.view, context.meeting_uuid)
        if context.meeting_uuid != self._details_for:
            self._show_details()
