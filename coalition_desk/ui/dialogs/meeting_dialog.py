"""Add or edit a meeting with its attendance list, saved together in one undoable step."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Attendance, ChangeSet, Meeting
from coalition_desk.services.crud import Writer
from coalition_desk.services.meeting_edits import (
    ATTENDANCE_FIELD,
    attendance_records,
    save_meeting,
)
from coalition_desk.ui.dialogs.attendance_editor import AttendanceEditor
from coalition_desk.ui.dialogs.fields import (
    DateField,
    EnumCombo,
    LineField,
    OptionalDateField,
    OptionalNumber,
    TextBox,
    nation_choices,
)
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.hub import Hub

MeetingRequest = tuple[Meeting, tuple[Attendance, ...]]


class MeetingDialog(RecordDialog):
    noun = "meeting"

    def __init__(self, hub: Hub, original: Meeting | None, parent: QWidget | None = None) -> None:
        super().__init__(hub, original, parent)
        self.setMinimumWidth(640)
        start = original or Meeting(title="", date=dt.date.today())
        self.tabs = QTabWidget(self)
        details = self.new_form()
        notes = self.new_form()

        self.title_edit = self.add_row("title", "&Title", LineField(start.title), form=details)
        self.date_edit = self.add_row("date", "&Date", DateField(start.date), form=details)
        self.date_edit.setMaximumWidth(200)
        self.precision_combo = self.add_row(
            "date_precision",
            "Date &precision",
            EnumCombo(enums.DatePrecision),
            hint="Month: the source gives only the month",
            form=details,
        )
        self.precision_combo.set_value(start.date_precision)
        self.precision_combo.setMaximumWidth(200)
        self.end_date_edit = self.add_row(
            "end_date",
            "&End date",
            OptionalDateField(start.end_date, "lasted until", default=start.date),
            form=details,
        )
        self.place_edit = self.add_row("place", "P&lace", LineField(start.place), form=details)
        self.format_combo = self.add_row(
            "format", "&Format", EnumCombo(enums.MeetingFormat), form=details
        )
        self.format_combo.set_value(start.format)
        self.format_combo.setMaximumWidth(200)
        self.chair_edit = self.add_row("chair", "C&hair", LineField(start.chair), form=details)
        self.headcount_spin = self.add_row(
            "headcount_reported",
            "Head&count reported",
            OptionalNumber(0, 1000, "not reported"),
            hint="The number of delegations the source reports, if any",
            form=details,
        )
        self.headcount_spin.set_value_or_none(start.headcount_reported)
        self.headcount_spin.setMaximumWidth(200)
        self.headcount_note_edit = self.add_row(
            "headcount_note", "Headcount &note", LineField(start.headcount_note), form=details
        )

        nations = nation_choices(hub.database)
        self.attendance = AttendanceEditor(nations, self)
        attendance_page = QWidget(self)
        attendance_form = self.new_form()
        self.add_row(ATTENDANCE_FIELD, "&Attendance", self.attendance, form=attendance_form)
        QVBoxLayout(attendance_page).addLayout(attendance_form)
        if original is not None:
            self.attendance.set_rows(attendance_records(hub.writer, original.uuid))

        self.summary_edit = self.add_row("summary", "&Summary", TextBox(5), form=notes)
        self.summary_edit.setText(start.summary)
        self.objectives_edit = self.add_row("objectives", "&Objectives", TextBox(4), form=notes)
        self.objectives_edit.setText(start.objectives)
        self.points_edit = self.add_row("points_to_make", "Points to &make", TextBox(4), form=notes)
        self.points_edit.setText(start.points_to_make)

        self._pages: list[QWidget] = []
        for title, content in (("Meeting", details), ("Attendance", None), ("Notes", notes)):
            if content is None:
                page = attendance_page
            else:
                page = QWidget(self)
                QVBoxLayout(page).addLayout(content)
            self.tabs.addTab(page, title)
            self._pages.append(page)
        self.precision_combo.currentIndexChanged.connect(self._show_precision)
        self._show_precision()
        self.finish(self.tabs)

    def _show_precision(self, _index: int = 0) -> None:
        month_only = self.precision_combo.value() == enums.DatePrecision.MONTH
        self.date_edit.show_month_only(month_only)

    def build_request(self) -> MeetingRequest:
        base = self.original
        meeting = Meeting(
            title=self.title_edit.text(),
            date=self._stored_date(),
            date_precision=self.precision_combo.value() or "",
            end_date=self.end_date_edit.value(),
            place=self.place_edit.text(),
            format=self.format_combo.value() or "",
            chair=self.chair_edit.text(),
            headcount_reported=self.headcount_spin.value_or_none(),
            headcount_note=self.headcount_note_edit.text(),
            summary=self.summary_edit.text(),
            objectives=self.objectives_edit.text(),
            points_to_make=self.points_edit.text(),
            uuid=base.uuid if base else "",
            created_at=base.created_at if base else None,
            updated_at=base.updated_at if base else None,
        )
        return meeting, tuple(self.attendance.rows())

    def _stored_date(self) -> dt.date:
        day = self.date_edit.value()
        # A month-precision meeting is stored on the first of its month.
        if self.precision_combo.value() == enums.DatePrecision.MONTH:
            return day.replace(day=1)
        return day

    def write(self, writer: Writer, request: object) -> ChangeSet:
        meeting, attendance = request  # type: ignore[misc]
        return save_meeting(writer, meeting, attendance)

    def describe(self) -> str:
        return f"{'Edit' if self.original else 'Add'} meeting '{self.title_edit.text().strip()}'"

    def save(self) -> bool:
        saved = super().save()
        if not saved:
            self._reveal_first_problem()
        return saved

    def _reveal_first_problem(self) -> None:
        """Bring the tab with the first refused field to the front."""
        for field in self.errors.shown():
            widget = self.errors.widget_for(field)
            for position, page in enumerate(self._pages):
                if page.isAncestorOf(widget):
                    self.tabs.setCurrentIndex(position)
                    widget.setFocus()
                    return
