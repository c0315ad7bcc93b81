"""What moved: every stance that changed between two dates or meetings, with its quotes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QStringListModel
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.analysis import MovedPosition
from coalition_desk.services.analysis import outlook
from coalition_desk.services.meetings import list_meetings
from coalition_desk.store.engine import Database
from coalition_desk.ui.analysis.analysis_section import (
    AnalysisReads,
    fit_to_first_rows,
    start_read,
)
from coalition_desk.ui.column_fit import ColumnWidths
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.loading import PaneLoader
from coalition_desk.ui.models.analysis_base import ROW_ROLE
from coalition_desk.ui.models.analysis_moved_model import MovedModel

START_OF_RECORD = "Start of the record"
CHOSEN_DATE = "A date…"


def _qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def read_meeting_choices(database: Database) -> list[tuple[str, dt.date]]:
    """Every meeting as the date choosers list it (on a pool thread: 5,000 labels at a
    large register took 17 ms of the GUI thread)."""
    return [(f"{m.date_label} · {m.title}", m.date) for m in list_meetings(database)]


class DateOrMeeting(QWidget):
    """A meeting (its date) or any date; the start may also be "before anything".

    The choices are one list of labels in a string model, their values kept beside it:
    5,000 meetings added one item at a time took 7 ms per chooser on the GUI thread.
    """

    def __init__(self, name: str, allow_start: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_start = allow_start
        # What each choice stands for: None (the start of the record), "date" or a date.
        self._values: list[dt.date | str | None] = []
        self._labels = QStringListModel(self)
        self.combo = QComboBox(self)
        self.combo.setModel(self._labels)
        self.combo.setAccessibleName(f"{name}: meeting")
        self.combo.setMinimumContentsLength(28)
        # Sized to its contents (Qt's default), a chooser measured all 5,000 meeting labels
        # on first show (~60 ms at L on the GUI thread) and grew with the longest title.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.date_edit = QDateEdit(self)
        self.date_edit.setAccessibleName(f"{name}: date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(_qdate(dt.date.today()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.date_edit)
        self.combo.currentIndexChanged.connect(self._follow_combo)

    def set_meetings(self, meetings: list[tuple[str, dt.date]]) -> None:
        current = self.combo.currentText()
        labels: list[str] = [START_OF_RECORD] if self.allow_start else []
        values: list[dt.date | str | None] = [None] if self.allow_start else []
        labels.append(CHOSEN_DATE)
        values.append("date")
        labels.extend(label for label, _date in meetings)
        values.extend(date for _label, date in meetings)
        self.combo.blockSignals(True)
        self._values = values
        self._labels.setStringList(labels)
        index = self.combo.findText(current)
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)
        self._follow_combo()

    def current_choice(self) -> dt.date | str | None:
        """What the choice shown stands for (None: the start of the record, or nothing)."""
        index = self.combo.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def _follow_combo(self, _index: int = 0) -> None:
        data = self.current_choice()
        if isinstance(data, dt.date):
            self.date_edit.setDate(_qdate(data))
        self.date_edit.setEnabled(data == "date")

    def value(self) -> dt.date | None:
        if self.current_choice() is None and self.allow_start:
            return None
        return _date(self.date_edit.date())

    def _index_of(self, value: dt.date | str) -> int:
        try:
            return self._values.index(value)
        except ValueError:
            return -1

    def choose(self, value: dt.date | None) -> None:
        """Pick the meeting on that date if there is one, else the date itself."""
        if value is None:
            self.combo.setCurrentIndex(0)
            return
        index = self._index_of(value)
        if index < 0:
            self.combo.setCurrentIndex(self._index_of("date"))
            self.date_edit.setDate(_qdate(value))
        else:
            self.combo.setCurrentIndex(index)


class RowsInSightTable(QTableView):
    """A table that tells its owner when more rows may have come into sight."""

    def __init__(self, rows_in_sight: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows_in_sight = rows_in_sight

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rows_in_sight()


class MovedSection(QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.start = DateOrMeeting("From", allow_start=True, parent=self)
        self.end = DateOrMeeting("To", allow_start=False, parent=self)
        for chooser in (self.start, self.end):
            chooser.combo.currentIndexChanged.connect(lambda _i: self.refresh_moves())
            chooser.date_edit.dateChanged.connect(lambda _d: self.refresh_moves())
        top = QHBoxLayout()
        top.addWidget(QLabel("After:", self))
        top.addWidget(self.start, 1)
        top.addWidget(QLabel("Up to:", self))
        top.addWidget(self.end, 1)
        self.summary = QLabel(self)
        self.summary.setAccessibleName("What moved, in short")
        self.model = MovedModel(self)
        self.view = RowsInSightTable(self._fit_rows_in_sight, self)
        self.view.setAccessibleName("Positions that changed")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(self._select)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._fit_rows_in_sight())
        self._fitted_rows: set[int] = set()
        self._widths = ColumnWidths(self.view)
        self._meetings_loader = PaneLoader(hub, self)
        self._moves_loader = PaneLoader(hub, self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._loading = False
        # Waiting for a read: the section shows no result yet.
        self.computing = False
        self.reads: AnalysisReads | None = None

    def refresh(self) -> None:
        """Read the meetings (the choices of dates) and then what moved, on pool threads."""
        database = self.hub.database
        self._computing()
        start_read(self.reads, self._meetings_loader, ("meeting choices",),
                   lambda: read_meeting_choices(database), self._show_meetings)  # fmt: skip

    def _show_meetings(self, choices: list[tuple[str, dt.date]]) -> None:
        self._loading = True
        first_time = self.end.combo.count() == 0
        self.start.set_meetings(choices)
        self.end.set_meetings(choices)
        if first_time:
            # Everything up to today until the officer picks two meetings or dates.
            self.start.choose(None)
            self.end.choose(dt.date.today())
        self._loading = False
        self.refresh_moves()

    def refresh_moves(self) -> None:
        if self._loading:
            return
        start, end = self.start.value(), self.end.value()
        assert end is not None
        if start is not None and start >= end:
            self._moves_loader.invalidate()
            self.summary.setText("Choose a start before the end.")
            self.computing = False
            self.model.set_rows([])
            return
        database = self.hub.database
        self._computing()
        start_read(
            self.reads, self._moves_loader, ("moved", start, end),
            lambda: outlook.what_moved(database, start, end),
            lambda moved: self._show_moves(start, end, moved),
        )

    def _computing(self) -> None:
        self.computing = True
        self.summary.setText("Finding what moved…")
        self.model.set_rows([])

    def _show_moves(self, start: dt.date | None, end: dt.date, moved: list[MovedPosition]) -> None:
        self.model.set_rows(moved)
        self.computing = False
        self._fitted_rows.clear()
        since = start.isoformat() if start else "the start of the record"
        count = f"{len(moved)} stance{'s' if len(moved) != 1 else ''}"
        self.summary.setText(
            f"{count} changed after {since}, up to {end.isoformat()}."
            if moved
            else f"No stance changed after {since}, up to {end.isoformat()}."
        )
        # Fitted to the first rows: measuring 8,000 rows of quotes took a second (and the
        # first 50 through Qt 15 ms).
        fit_to_first_rows(self.view, self.model, self._widths)
        for column in (5, 6):
            self.view.setColumnWidth(column, min(320, self.view.columnWidth(column)))
        self._fit_rows_in_sight()

    def _fit_rows_in_sight(self) -> None:
        # Thousands of rows at a large register: fitting every one to its quotes froze the
        # window for seconds, so rows are fitted as they come into sight.
        view = self.view
        row = view.rowAt(0)
        while 0 <= row < self.model.rowCount():
            if row not in self._fitted_rows:
                self._fitted_rows.add(row)
                view.resizeRowToContents(row)
            bottom = view.rowViewportPosition(row) + view.rowHeight(row)
            if bottom >= view.viewport().height():
                break
            row += 1

    def _select(self, index: object) -> None:
        moved = self.model.data(index, ROW_ROLE)  # type: ignore[arg-type]
        self.hub.select_nation(moved.nation_uuid)
        self.hub.select_issue(moved.issue_uuid)
        self.hub.select_position(moved.position_uuid)
