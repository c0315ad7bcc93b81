"""Refused and failed saves: the reason shows beside the field, nothing is saved or lost."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy.exc import OperationalError

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.store.errors import DatabaseReadOnly
from coalition_desk.ui.actions.editing import EditController
from coalition_desk.ui.dialogs import form
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")
TROOPS = uuid_of("issue", "troops")


def open_new(controller: EditController, entity: str):
    return controller.open_editor(entity)


def assert_refused(dialog, controller, hub, counts_before, field: str) -> str:
    assert not dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert records.counts(hub.database) == counts_before
    assert controller.undo_stack.count() == 0
    assert dialog.errors.is_visible_for(field), dialog.errors.shown()
    reason = dialog.errors.shown()[field]
    assert dialog.errors.widget_for(field).toolTip() == reason
    assert not dialog.banner.isHidden()
    return reason


def test_a_blank_nation_name_is_shown_beside_the_name(controller, hub) -> None:
    before = records.counts(hub.database)
    dialog = open_new(controller, "nation")
    dialog.name_edit.setText("   ")
    dialog.code_edit.setText("ISL")

    reason = assert_refused(dialog, controller, hub, before, "name")

    assert reason == "is required"
    assert set(dialog.errors.shown()) == {"name"}
    assert dialog.code_edit.text() == "ISL"  # what the user typed is still there


def test_a_duplicate_code_is_shown_beside_the_code(controller, hub) -> None:
    before = records.counts(hub.database)
    dialog = open_new(controller, "nation")
    dialog.name_edit.setText("Poland again")
    dialog.code_edit.setText("pol")

    reason = assert_refused(dialog, controller, hub, before, "code")

    assert "already" in reason
    # Fixed and saved again: the old error goes away and the record is written.
    dialog.code_edit.setText("PLX")
    assert dialog.save()
    assert dialog.errors.shown() == {}


def test_an_end_date_before_the_start_is_shown_beside_the_end_date(controller, hub) -> None:
    before = records.counts(hub.database)
    dialog = open_new(controller, "meeting")
    dialog.title_edit.setText("Paris follow-up")
    dialog.date_edit.set_value(dt.date(2025, 5, 2))
    dialog.end_date_edit.set_value(dt.date(2025, 5, 1))

    reason = assert_refused(dialog, controller, hub, before, "end_date")

    assert "before the start date" in reason
    assert dialog.tabs.currentIndex() == 0


def test_a_stance_off_the_new_issues_scale_is_flagged_and_refused(controller, hub) -> None:
    position = next(
        p
        for p in records.list_all(hub.database, rec.Position)
        if p.issue_uuid == uuid_of("issue", "backstop") and p.stance
    )
    before = records.counts(hub.database)
    hub.open_requested.emit("position", position.uuid)
    dialog = controller.presented[-1]

    dialog.issue_combo.set_value(TROOPS)
    assert "not on this issue's scale" in dialog.stance_combo.currentText()

    reason = assert_refused(dialog, controller, hub, before, "stance")
    assert "is not on this issue's scale" in reason
    assert records.get(hub.database, rec.Position, position.uuid) == position


def test_a_position_without_a_nation_says_so_beside_the_nation(controller, hub) -> None:
    before = records.counts(hub.database)
    dialog = open_new(controller, "position")
    assert dialog.nation_combo.currentIndex() == -1  # nothing silently chosen
    dialog.issue_combo.set_value(TROOPS)

    assert_refused(dialog, controller, hub, before, "nation_uuid")


def test_a_month_precision_meeting_is_shown_and_stored_by_month(controller, hub) -> None:
    dialog = open_new(controller, "meeting")
    dialog.title_edit.setText("Coalition planning cell")
    dialog.date_edit.set_value(dt.date(2025, 6, 17))
    dialog.precision_combo.set_value("month")
    assert dialog.date_edit.displayFormat() == "MMMM yyyy"

    assert dialog.save()

    [change] = dialog.changes.changes
    assert (change.after.date, change.after.date_precision) == (dt.date(2025, 6, 1), "month")


@pytest.mark.parametrize(
    "failure",
    [
        OperationalError("INSERT INTO nations", {}, Exception("database is locked")),
        DatabaseReadOnly("register.sqlite3 cannot be written (read-only file or folder)."),
    ],
    ids=["locked", "read-only"],
)
def test_a_save_that_fails_for_the_environment_keeps_the_entry(
    controller, hub, monkeypatch, failure
) -> None:
    def fail(_record):
        raise failure

    monkeypatch.setattr(hub.writer, "create", fail)
    before = records.counts(hub.database)
    dialog = open_new(controller, "nation")
    dialog.name_edit.setText("Iceland")
    dialog.code_edit.setText("ISL")
    dialog.notes_edit.setText("Coast guard only.")

    assert not dialog.save()

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Nothing was saved" in dialog.banner.text()
    assert ("locked" in dialog.banner.text()) or ("read-only" in dialog.banner.text())
    assert (dialog.name_edit.text(), dialog.code_edit.text()) == ("Iceland", "ISL")
    assert dialog.notes_edit.text() == "Coast guard only."
    assert records.counts(hub.database) == before
    assert controller.undo_stack.count() == 0

    monkeypatch.undo()  # the lock is gone: the same dialog saves
    assert dialog.save()
    assert records.counts(hub.database)["nations"] == before["nations"] + 1


def test_cancelling_typed_changes_asks_first(controller, monkeypatch) -> None:
    asked: list[str] = []

    def answer(_parent, noun):
        asked.append(f"Discard changes to the {noun}?")
        return False

    monkeypatch.setattr(form, "confirm_discard", answer)
    dialog = open_new(controller, "nation")
    dialog.name_edit.setText("Iceland")
    closed: list[int] = []
    dialog.finished.connect(closed.append)

    dialog.reject()

    assert asked == ["Discard changes to the nation?"]
    assert closed == []
    assert dialog.name_edit.text() == "Iceland"


def test_cancelling_an_untouched_dialog_does_not_ask(controller, monkeypatch) -> None:
    monkeypatch.setattr(
        form, "confirm_discard", lambda *_a: pytest.fail("asked about an untouched form")
    )
    dialog = open_new(controller, "question")
    closed: list[int] = []
    dialog.finished.connect(closed.append)
    dialog.reject()
    assert closed == [QDialog.DialogCode.Rejected.value]
