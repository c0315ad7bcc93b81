"""A meeting and its attendance are edited on one form and saved as one undoable step."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.meetings import attendance_of
from coalition_desk.ui.dialogs.attendance_editor import LEVEL, NATION
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")
FINLAND = uuid_of("nation", "FIN")
BRUSSELS = uuid_of("meeting", "brussels")


def everything(database) -> dict[str, list]:
    return {
        t.__name__: sorted(
            # An undo restores the values as a new write: version and revisions move on.
            (dataclasses.replace(r, updated_at=None, version=0, revisions="")
             for r in records.list_all(database, t)),
            key=lambda r: r.uuid,
        )
        for t in (rec.Meeting, rec.Attendance)
    }


def test_a_new_meeting_with_attendance_is_one_undoable_step(controller, hub) -> None:
    before = everything(hub.database)
    dialog = controller.open_editor("meeting")
    dialog.title_edit.setText("Coalition chiefs of defence, London")
    dialog.date_edit.set_value(dt.date(2025, 5, 15))
    dialog.format_combo.set_value("working_level")
    dialog.attendance.add_nation(POLAND, "military")
    dialog.attendance.add_nation()
    model = dialog.attendance.model
    # The second row is filled in as a user would, through the table's edit role.
    assert model.setData(model.index(1, NATION), FINLAND, Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(1, LEVEL), "minister", Qt.ItemDataRole.EditRole)
    assert model.data(model.index(1, NATION)) == "Finland (FIN)"

    assert dialog.save(), dialog.errors.shown()

    [meeting_change] = [c for c in dialog.changes.changes if c.entity == "meeting"]
    attended = {(a.nation_name, a.level) for a in attendance_of(hub.database, meeting_change.uuid)}
    assert attended == {("Poland", "military"), ("Finland", "minister")}
    assert controller.undo_stack.count() == 1
    controller.undo()
    assert everything(hub.database) == before


def test_editing_attendance_removes_and_adds_rows(controller, hub) -> None:
    before = everything(hub.database)
    hub.open_requested.emit("meeting", BRUSSELS)
    dialog = controller.presented[-1]
    rows = dialog.attendance.rows()
    assert len(rows) == len(attendance_of(hub.database, BRUSSELS)) > 1
    dialog.attendance.view.selectRow(0)
    removed = rows[0].nation_uuid
    newcomer = next(
        n.uuid
        for n in records.list_all(hub.database, rec.Nation)
        if n.uuid not in {r.nation_uuid for r in rows}
    )
    dialog.attendance.remove_selected()
    dialog.attendance.add_nation(newcomer, "minister")

    assert dialog.save(), dialog.errors.shown()

    now = {a.nation_uuid for a in attendance_of(hub.database, BRUSSELS)}
    assert removed not in now and newcomer in now
    assert len(now) == len(rows)
    after = everything(hub.database)
    controller.undo()
    assert everything(hub.database) == before
    controller.redo()
    assert everything(hub.database) == after


def test_a_nation_listed_twice_is_refused_beside_the_attendance(controller, hub) -> None:
    before = records.counts(hub.database)
    dialog = controller.open_editor("meeting")
    dialog.title_edit.setText("Twice")
    dialog.attendance.add_nation(POLAND)
    dialog.attendance.add_nation(POLAND)

    assert not dialog.save()

    assert "row 2" in dialog.errors.shown()["attendance"]
    assert dialog.tabs.currentIndex() == 1  # the attendance tab is brought forward
    assert records.counts(hub.database) == before


def test_an_attendance_row_without_a_nation_refuses_the_whole_meeting(controller, hub) -> None:
    before = records.counts(hub.database)
    dialog = controller.open_editor("meeting")
    dialog.title_edit.setText("Missing a nation")
    dialog.attendance.add_nation()

    assert not dialog.save()

    assert dialog.errors.shown()["attendance"] == "row 1: nation is required"
    assert records.counts(hub.database) == before  # the meeting was not written either


def test_opening_an_attendance_record_opens_its_meeting(controller, hub) -> None:
    attendance = records.list_all(hub.database, rec.Attendance)[0]
    hub.open_requested.emit("attendance", attendance.uuid)
    assert controller.presented[-1].original.uuid == attendance.meeting_uuid
