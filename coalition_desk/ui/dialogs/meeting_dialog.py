"""Add or edit a meeting with its attendance list, saved together in one undoable step."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from coalition_desk.domain import enums
from coalition_desk.domain.records import Attendance, ChangeSet, Meeting, Position
from coalition_desk.domain.wording import plural
from coalition_desk.services.crud import Writer
from coalition_desk.services.meeting_edits import (
    ATTENDANCE_FIELD,
    STATEMENTS_FIELD,
    attendance_records,
    save_meeting,
)
from coalition_desk.services.meetings import list_meetings
from coalition_desk.services.people import list_people
from coalition_desk.ui.dialogs.attendance_editor import AttendanceEditor
from coalition_desk.ui.dialogs.fields import (
    Choice,
    DateField,
    EnumCombo,
    LineField,
    OptionalDateField,
    OptionalNumber,
    TextBox,
    issues,
    nation_choices,
)
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.dialogs.statements_editor import StatementsEditor, StatementsModel
from coalition_desk.ui.hub import Hub

MeetingRequest = tuple[Meeting, tuple[Attendance, ...], tuple[Position, ...]]
# Earlier meetings offered under "Same attendance as".
EARLIER_OFFERED = 12


class MeetingDialog(RecordDialog):
    noun = "meeting"

    def __init__(self, hub: Hub, original: Meeting | None, parent: QWidget | None = None,
                 *, template: Meeting | None = None) -> None:
        super().__init__(hub, original, parent)
        self.setMinimumWidth(760)
        # A duplicate starts from another meeting's details and attendance, dated today.
        start = original or (dataclasses.replace(template, uuid="", date=dt.date.today(),
                                                 end_date=None, created_at=None,
                                                 updated_at=None)
                             if template else Meeting(title="", date=dt.date.today()))
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
        people = list_people(hub.database)
        self._people: dict[str, list[Choice]] = defaultdict(list)
        for person in people:
            if person.nation_uuid:
                self._people[person.nation_uuid].append((person.name, person.uuid))
        self.attendance = AttendanceEditor(
            nations, self,
            people={nation: [name for name, _uuid in names]
                    for nation, names in self._people.items()})
        attendance_page = QWidget(self)
        attendance_form = self.new_form()
        self.add_row(ATTENDANCE_FIELD, "&Attendance", self.attendance, form=attendance_form)
        QVBoxLayout(attendance_page).addLayout(attendance_form)
        if original is not None:
            self.attendance.set_rows(attendance_records(hub.writer, original.uuid))
        elif template is not None:
            self.attendance.set_rows([
                dataclasses.replace(row, uuid="", meeting_uuid="", created_at=None,
                                    updated_at=None)
                for row in attendance_records(hub.writer, template.uuid)])
        self.attendance.offer_earlier(self._earlier_attendance(original))
        self.statements = StatementsEditor(
            StatementsModel(nations, issues(hub.database), dict(self._people),
                            self._head_of_delegation, self),
            self.date_edit.value, self)
        statements_page = QWidget(self)
        statements_form = self.new_form()
        self.add_row(STATEMENTS_FIELD, "Statements &by nations", self.statements,
                     form=statements_form,
                     hint="Positions stated at this meeting, saved with it and dated by it. "
                          "The speaker is the nation's head of delegation unless you choose "
                          "another.")
        QVBoxLayout(statements_page).addLayout(statements_form)

        self.summary_edit = self.add_row("summary", "&Summary", TextBox(5), form=notes)
        self.summary_edit.setText(start.summary)
        self.objectives_edit = self.add_row("objectives", "&Objectives", TextBox(4), form=notes)
        self.objectives_edit.setText(start.objectives)
        self.points_edit = self.add_row("points_to_make", "Points to &make", TextBox(4), form=notes)
        self.points_edit.setText(start.points_to_make)

        self._pages: list[QWidget] = []
        for title, content in (("Meeting", details), ("Attendance", None),
                               ("Statements", statements_page), ("Notes", notes)):
            if content is statements_page:
                page = statements_page
            elif content is None:
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
            version=base.version if base else 0,
        )
        return (meeting, tuple(self.attendance.rows()),
                tuple(self.statements.statements(meeting.date)))

    def _stored_date(self) -> dt.date:
        day = self.date_edit.value()
        # A month-precision meeting is stored on the first of its month.
        if self.precision_combo.value() == enums.DatePrecision.MONTH:
            return day.replace(day=1)
        return day

    def write(self, writer: Writer, request: object) -> ChangeSet:
        meeting, attendance, statements = request  # type: ignore[misc]
        return save_meeting(writer, meeting, attendance, statements, new_heads=True)

    def _head_of_delegation(self, nation_uuid: str) -> str | None:
        """The speaker a statement of this nation defaults to: its head of delegation
        here if they are among its people, else its only person on record."""
        people = self._people.get(nation_uuid, [])
        for row in self.attendance.rows():
            if row.nation_uuid == nation_uuid and row.head_of_delegation:
                for name, uuid in people:
                    if name.casefold() == row.head_of_delegation.strip().casefold():
                        return uuid
        return people[0][1] if len(people) == 1 else None

    def _earlier_attendance(self, original: Meeting | None
                            ) -> list[tuple[str, list[Attendance]]]:
        earlier = [m for m in list_meetings(self.hub.database)
                   if original is None or m.uuid != original.uuid]
        offered = []
        for meeting in reversed(earlier[-EARLIER_OFFERED:]):
            rows = attendance_records(self.hub.writer, meeting.uuid)
            if rows:
                offered.append((f"{meeting.date_label} · {meeting.title}", rows))
        return offered

    def describe(self) -> str:
        title = self.title_edit.text().strip()
        statements = len(self.statements.statements(self.date_edit.value()))
        said = f" with {plural(statements, 'statement')}" if statements else ""
        return f"{'Edit' if self.original else 'Add'} meeting '{title}'{said}"

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
