"""Recording a meeting with its attendance and what was said takes few entries.

Every fill below is one thing the officer types or picks (a tick, a choice from a
list, a text typed); the test counts them and the meeting must take at most 25.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from coalition_desk.domain import records as rec
from coalition_desk.services import meetings, records
from coalition_desk.services.crud import NotFound
from coalition_desk.ui.dialogs import statements_editor as grid
from coalition_desk.ui.dialogs.meeting_dialog import MeetingDialog
from tests.conftest import uuid_of

MAX_ENTRIES = 25


class Entries:
    """Fills the officer's way and counts each fill."""

    def __init__(self) -> None:
        self.count = 0

    def type(self, widget, text: str) -> None:
        widget.setText(text)
        self.count += 1

    def pick(self, combo, value) -> None:
        combo.setCurrentIndex(combo.findData(value))
        assert combo.currentData() == value
        self.count += 1

    def tick(self, attendance, nation_uuid: str) -> None:
        attendance.tick(nation_uuid)
        self.count += 1

    def cell(self, model, row: int, column: int, value) -> None:
        assert model.setData(model.index(row, column), value)
        self.count += 1


def nation(code: str) -> str:
    return uuid_of("nation", code)


def test_a_meeting_with_4_nations_and_3_statements_takes_at_most_25_entries(
        controller, hub) -> None:
    dialog = controller.open_editor("meeting")
    assert isinstance(dialog, MeetingDialog)
    fill = Entries()
    fill.type(dialog.title_edit, "Coalition planners' call")
    dialog.date_edit.set_value(dt.date(2025, 5, 6))
    fill.count += 1
    fill.type(dialog.place_edit, "Paris")
    fill.pick(dialog.format_combo, "ministerial")

    attendance = dialog.attendance
    fill.pick(attendance.default_level, "minister")
    for code in ("GBR", "FRA", "LVA", "NLD"):
        fill.tick(attendance, nation(code))
    rows = attendance.model.rows()
    assert [r.level for r in rows] == ["minister"] * 4
    people = {p.name: p for p in records.list_all(hub.database, rec.Person)}
    # Latvia's and the Netherlands' only people on record are suggested; one click takes
    # them (France's only person, its president, is suggested too, and overridden).
    attendance.accept_suggestions_button.click()
    fill.count += 1
    for position, row in enumerate(attendance.model.rows()):
        if row.nation_uuid in (nation("FRA"), nation("GBR")):
            fill.cell(attendance.model, position, 2, "Jean-Noël Barrot"
                      if row.nation_uuid == nation("FRA") else "Someone New")

    model = dialog.statements.model
    issues = {i.name: i for i in records.list_all(hub.database, rec.Issue)}
    said = (
        ("GBR", "Deployment timeline", "Deploy as soon as possible", "We are ready now."),
        ("NLD", "U.S. backstop", "Vital", "Without the U.S. it cannot work."),
        ("LVA", "Troop numbers", "Small contingent", "A company, no more."),
    )
    for code, issue, stance, quote in said:
        row = dialog.statements.add_statement()
        fill.cell(model, row, grid.NATION, nation(code))
        fill.cell(model, row, grid.ISSUE, issues[issue].uuid)
        fill.cell(model, row, grid.STANCE, stance)
        fill.cell(model, row, grid.QUOTE, quote)

    assert fill.count <= MAX_ENTRIES, fill.count
    assert dialog.save(), dialog.errors.shown()

    saved = meetings.find_meeting(hub.database, "2025-05-06")
    assert saved.title == "Coalition planners' call"
    attending = meetings.attendance_of(hub.database, saved.uuid)
    assert {a.nation_code for a in attending} == {"GBR", "FRA", "LVA", "NLD"}
    stated = [p for p in records.list_all(hub.database, rec.Position)
              if p.meeting_uuid == saved.uuid]
    assert len(stated) == 3 and all(p.as_of == dt.date(2025, 5, 6) for p in stated)
    healey = people["John Healey"]
    uk = next(p for p in stated if p.nation_uuid == nation("GBR"))
    # The UK's statement is spoken by its head of delegation, picked without an entry.
    uk_head = next(a.head_of_delegation for a in attending if a.nation_code == "GBR")
    assert uk_head and (uk.speaker_uuid == people[uk_head].uuid if uk_head in people
                        else uk.speaker_uuid is None)
    assert healey.nation_uuid == nation("GBR")
    # One undo takes back the meeting, its attendance and its statements together.
    controller.undo()
    with pytest.raises(NotFound):
        meetings.find_meeting(hub.database, "2025-05-06")
    assert not [p for p in records.list_all(hub.database, rec.Position)
                if p.meeting_uuid == saved.uuid]
    print(f"field entries for the meeting: {fill.count}")


def test_a_nations_only_person_is_suggested_as_head_but_never_recorded_unchosen(
        controller, hub) -> None:
    from coalition_desk.ui.dialogs.attendance_editor import HEAD

    dialog = controller.open_editor("meeting")
    dialog.title_edit.setText("Defence ministers' call")
    dialog.date_edit.set_value(dt.date(2025, 5, 8))
    attendance = dialog.attendance
    # France's only person on record is its president; a ministers' call is not his.
    attendance.tick(nation("FRA"))
    (row,) = attendance.rows()
    assert row.head_of_delegation == ""
    cell = attendance.model.index(0, HEAD)
    assert "Emmanuel Macron" in cell.data() and "suggested" in cell.data()
    assert cell.data(Qt.ItemDataRole.EditRole) == ""
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed, not a value
    assert attendance.accept_suggestions_button.isEnabled()
    # Opening the cell offers the suggestion, selected: Enter takes it, typing replaces it.
    delegate = attendance.view.itemDelegateForColumn(HEAD)
    editor = delegate.createEditor(attendance.view, QStyleOptionViewItem(), cell)
    delegate.setEditorData(editor, cell)
    assert editor.currentText() == "Emmanuel Macron"
    assert editor.lineEdit().selectedText() == "Emmanuel Macron"
    editor.deleteLater()
    # Saved without accepting it: no head of delegation is recorded.
    assert dialog.save(), dialog.errors.shown()
    saved = meetings.find_meeting(hub.database, "2025-05-08")
    (france,) = meetings.attendance_of(hub.database, saved.uuid)
    assert france.head_of_delegation == ""


def test_accepting_the_suggested_heads_records_them(controller, hub) -> None:
    dialog = controller.open_editor("meeting")
    attendance = dialog.attendance
    for code in ("LVA", "GBR"):
        attendance.tick(nation(code))
    attendance.accept_suggestions_button.click()
    heads = {r.nation_uuid: r.head_of_delegation for r in attendance.rows()}
    # Latvia has one person on record; the United Kingdom two, so nothing is suggested.
    assert heads == {nation("LVA"): "Andris Sprūds", nation("GBR"): ""}
    assert not attendance.accept_suggestions_button.isEnabled()


def test_a_typed_head_of_delegation_joins_the_nations_people(controller, hub) -> None:
    dialog = controller.open_editor("meeting")
    dialog.title_edit.setText("Call")
    dialog.date_edit.set_value(dt.date(2025, 5, 7))
    dialog.attendance.tick(nation("POL"))
    dialog.attendance.model.setData(dialog.attendance.model.index(0, 2), "Władysław Kosiniak")
    assert dialog.save(), dialog.errors.shown()
    names = {p.name: p.nation_uuid for p in records.list_all(hub.database, rec.Person)}
    assert names["Władysław Kosiniak"] == nation("POL")


def test_same_attendance_as_an_earlier_meeting(controller, hub) -> None:
    brussels = meetings.find_meeting(hub.database, "2025-04-10")
    dialog = controller.open_editor("meeting")
    combo = dialog.attendance.same_as
    index = next(i for i in range(combo.count()) if brussels.title in combo.itemText(i))
    combo.setCurrentIndex(index)
    copied = {r.nation_uuid: r.head_of_delegation for r in dialog.attendance.rows()}
    there = {a.nation_uuid: a.head_of_delegation
             for a in meetings.attendance_of(hub.database, brussels.uuid)}
    assert copied == there
    assert all(not r.uuid for r in dialog.attendance.rows())


def test_a_meeting_is_duplicated_with_its_attendance(controller, hub) -> None:
    brussels = meetings.find_meeting(hub.database, "2025-04-10")
    hub.select_meeting(brussels.uuid)
    controller.actions()["duplicate_meeting"].trigger()
    dialog = controller.presented[-1]
    assert dialog.original is None
    assert dialog.title_edit.text() == brussels.title
    assert dialog.place_edit.text() == brussels.place
    assert len(dialog.attendance.rows()) == brussels.attendance_count


def test_the_statement_speaker_follows_the_nation(controller, hub) -> None:
    dialog = controller.open_editor("meeting")
    dialog.attendance.tick(nation("GBR"))
    model = dialog.statements.model
    row = dialog.statements.add_statement()
    model.setData(model.index(row, grid.NATION), nation("GBR"))
    speakers = dict(model.choices_for(row, grid.SPEAKER))
    assert "John Healey" in speakers
    assert all(p.nation_uuid == nation("GBR") for p in records.list_all(hub.database, rec.Person)
               if p.uuid in speakers.values())


def test_a_new_issue_starts_from_an_existing_scale(controller, hub) -> None:
    dialog = controller.open_editor("issue")
    source = next(i for i in records.list_all(hub.database, rec.Issue) if i.kind == "scale")
    dialog.scale_from.setCurrentIndex(dialog.scale_from.findText(source.name))
    assert dialog.stance_lines() == source.stances
    assert dialog.kind_combo.value() == source.kind


def test_an_issue_edit_says_which_stances_positions_use(controller, hub) -> None:
    used = next(p for p in records.list_all(hub.database, rec.Position) if p.stance)
    dialog = controller.open_editor("issue", used.issue_uuid)
    assert f"{used.stance} (" in dialog.usage.text()
    assert "cannot be removed or renamed" in dialog.usage.text()


def test_a_new_position_reuses_the_last_source(controller, hub) -> None:
    first = controller.open_editor("position")
    first.nation_combo.set_value(nation("POL"))
    first.issue_combo.setCurrentIndex(0)
    first.source_edit.setText("Press conference, Warsaw")
    assert first.save(), first.errors.shown()
    second = controller.open_editor("position")
    assert second.source_edit.text() == "Press conference, Warsaw"
