"""Open questions pane: who owes an answer, by when, on what, raised where."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from coalition_desk.domain.enums import QuestionStatus
from coalition_desk.domain.views import QuestionView
from coalition_desk.services import questions
from coalition_desk.services.questions import QuestionFilter
from coalition_desk.store.engine import Database
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.loading import BackgroundLookup
from coalition_desk.ui.models.questions import QuestionsModel
from coalition_desk.ui.panes.heading import Heading
from coalition_desk.ui.panes.row_index import RowIndex
from coalition_desk.ui.panes.table_pane import TablePane
from coalition_desk.ui.table_view import (
    fit_columns_once,
    make_table_view,
    select_uuid,
    selected_uuid,
)

SHOWS = ("question", "meeting", "nation", "person", "issue", "position")
UNRESOLVED = (QuestionStatus.OPEN.value, QuestionStatus.IN_PROGRESS.value)
QUESTION_COLUMN, RESOLVED_COLUMN = 1, 6
# Issue, raised at, resolved at: long meeting titles give way; the tooltip has them whole.
LONG_COLUMN_CAPS = {4: 150, 5: 190, 6: 150}
NONE_RECORDED = "No questions recorded yet. Add one with Edit → New Question (Ctrl+Shift+Q)."
LOADING = "Reading the questions…"


def read_questions(database: Database, statuses: tuple[str, ...]) -> list[QuestionView]:
    """Every question with these statuses; narrowing to a nation or meeting is done on
    this list, so a selection does not read thousands of questions again."""
    return questions.list_questions(database, QuestionFilter(statuses=statuses))


OWNER, ISSUE = "owner", "issue"


def _owner_and_issue(question: QuestionView) -> tuple[tuple[str, str | None], ...]:
    return (OWNER, question.owner_nation_uuid), (ISSUE, question.issue_uuid)


STATUS_CHOICES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Unresolved (open or in progress)", UNRESOLVED),
    ("All statuses", ()),
    *((status.label, (status.value,)) for status in QuestionStatus),
)


class QuestionsPane(TablePane):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(hub, parent, entity="question", shows=SHOWS, loading=LOADING)
        self.setObjectName("questions_pane")
        self.setAccessibleName("Open questions pane")
        self._narrowed_by = (hub.context.nation_uuid, hub.context.meeting_uuid)

        self.heading = Heading(self)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("question_status_filter")
        self.status_filter.setAccessibleName("Filter questions by status")
        for label, statuses in STATUS_CHOICES:
            self.status_filter.addItem(label, statuses)
        status_label = QLabel("&Status:", self)
        status_label.setBuddy(self.status_filter)
        self.model = QuestionsModel(self)
        self.view = make_table_view(self.model, "Open questions table", self)

        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(status_label)
        bar.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self._every_question: list[QuestionView] = []
        # Those questions by owner and by issue, worked out on the first narrowing to a
        # nation after each read.
        self._by_nation: RowIndex[QuestionView] | None = None
        self._stakes = BackgroundLookup(hub, self, questions.stake_issue_uuids_of_each_nation)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.watch(self.view)

    def read(self) -> Callable[[], tuple[list[QuestionView], tuple[str, ...]]]:
        self._stakes.reload()
        database, statuses = self._hub.database, self._statuses()
        return lambda: (read_questions(database, statuses), statuses)

    def show_read(self, read: tuple[list[QuestionView], tuple[str, ...]]) -> None:
        self._every_question, statuses = read
        self._by_nation = None
        self._show_narrowed(statuses)

    def select_row(self, uuid: str) -> None:
        self._hub.select_question(uuid)

    def set_statuses(self, statuses: tuple[str, ...]) -> None:
        for index in range(self.status_filter.count()):
            if tuple(self.status_filter.itemData(index)) == tuple(statuses):
                self.status_filter.setCurrentIndex(index)
                return

    def _statuses(self) -> tuple[str, ...]:
        return tuple(self.status_filter.currentData() or ())

    def _narrowed(self) -> list[QuestionView]:
        nation_uuid, meeting_uuid = self._narrowed_by
        rows = self._every_question
        if nation_uuid:
            every_nation = self._stakes.value
            stake = (
                questions.stake_issue_uuids(self._hub.database, nation_uuid)
                if every_nation is None
                else every_nation.get(nation_uuid, frozenset())
            )
            # questions.concerning(rows, nation_uuid, stake), by the index.
            if self._by_nation is None:
                self._by_nation = RowIndex(rows, _owner_and_issue)
            # Most nations hold a stake in the same issues: their questions are kept.
            rows = self._by_nation.having_any_of_shared(
                ((ISSUE, issue_uuid) for issue_uuid in stake), [(OWNER, nation_uuid)]
            )
        if meeting_uuid:
            rows = questions.raised_or_resolved_at(rows, meeting_uuid)
        return rows

    def _show_narrowed(self, statuses: tuple[str, ...]) -> None:
        nation_uuid, meeting_uuid = self._narrowed_by
        with self.syncing():
            self.model.set_rows(self._narrowed())
            fit_columns_once(self.view, QUESTION_COLUMN, LONG_COLUMN_CAPS)
            # Unresolved questions have no "resolved at": the room goes to the question.
            self.view.setColumnHidden(
                RESOLVED_COLUMN, bool(statuses) and set(statuses) <= set(UNRESOLVED)
            )
            select_uuid(self.view, self._hub.context.question_uuid)
        narrowed = []
        if nation_uuid:
            narrowed.append("the selected nation")
        if meeting_uuid:
            narrowed.append("the selected meeting")
        scope = f" for {' and '.join(narrowed)}" if narrowed else ""
        self.heading.set_runs((f"Questions{scope}", True), (f" ({self.model.rowCount()})", False))
        if not narrowed and not self.status_filter.currentData():
            self.view.set_empty_message(NONE_RECORDED)
        else:
            self.view.set_empty_message(
                f"No questions{scope} with status “{self.status_filter.currentText()}”. "
                "Choose “All statuses” above to see every one."
            )

    def _on_context(self, context: SelectionContext) -> None:
        narrowed_by = (context.nation_uuid, context.meeting_uuid)
        if narrowed_by != self._narrowed_by:
            self._narrowed_by = narrowed_by
            if self.is_loaded:
                self._show_narrowed(self._statuses())
        elif selected_uuid(self.view) != context.question_uuid:
            if context.question_uuid and self.model.row_of_uuid(context.question_uuid) is None:
                # A question chosen elsewhere (Find) may be hidden by the status filter.
                self.set_statuses(())
            with self.syncing():
                select_uuid(self.view, context.question_uuid)
