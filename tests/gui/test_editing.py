"""Adding and editing records through the dialogs, with undo, redo and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.actions.editing import EditController
from coalition_desk.ui.dialogs.form import RecordDialog
from coalition_desk.ui.dialogs.position_dialog import PositionDialog
from tests.conftest import uuid_of
from tests.gui.helpers import snapshot

POLAND = uuid_of("nation", "POL")
BACKSTOP = uuid_of("issue", "backstop")
BRUSSELS = uuid_of("meeting", "brussels")


def new_dialog(controller: EditController, action: str) -> RecordDialog:
    controller.actions()[action].trigger()
    dialog = controller.presented[-1]
    assert isinstance(dialog, RecordDialog)
    return dialog


def test_a_new_position_is_filled_in_from_the_selection(controller, hub) -> None:
    hub.select_nation(POLAND)
    hub.select_issue(BACKSTOP)
    hub.select_meeting(BRUSSELS)

    dialog = new_dialog(controller, "new_position")

    assert isinstance(dialog, PositionDialog)
    assert dialog.nation_combo.value() == POLAND
    assert dialog.issue_combo.value() == BACKSTOP
    assert dialog.meeting_combo.value() == BRUSSELS
    assert dialog.as_of_edit.value() == dt.date(2025, 4, 10)
    backstop = records.get(hub.database, rec.Issue, BACKSTOP)
    offered = [dialog.stance_combo.itemText(i) for i in range(dialog.stance_combo.count())]
    assert offered == ["(no stance taken)", *backstop.stances]


def test_adding_a_position_through_the_dialog_saves_it(controller, hub, qtbot) -> None:
    hub.select_nation(POLAND)
    hub.select_issue(BACKSTOP)
    before = records.counts(hub.database)["positions"]
    dialog = new_dialog(controller, "new_position")
    dialog.stance_combo.set_value("Vital")
    dialog.quote_edit.setText("Without the Americans there is no deterrence.")
    dialog.source_edit.setText("Press conference")
    dialog.salience_spin.set_value_or_none(80)
    dialog.as_of_edit.set_value(dt.date(2025, 5, 2))

    with qtbot.waitSignal(hub.data_changed) as announced:
        assert dialog.save()

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert records.counts(hub.database)["positions"] == before + 1
    [change] = announced.args[0].changes
    assert (change.entity, change.action) == ("position", "create")
    saved = records.get(hub.database, rec.Position, change.uuid)
    assert (saved.nation_uuid, saved.issue_uuid, saved.stance) == (POLAND, BACKSTOP, "Vital")
    assert saved.quote == "Without the Americans there is no deterrence."
    assert (saved.salience, saved.as_of, saved.source) == (
        80,
        dt.date(2025, 5, 2),
        "Press conference",
    )
    assert controller.undo_stack.count() == 1
    assert controller.actions()["undo"].isEnabled()


def test_editing_a_nation_opened_from_the_hub_saves_the_change(controller, hub) -> None:
    hub.open_requested.emit("nation", POLAND)
    dialog = controller.presented[-1]
    assert dialog.name_edit.text() == "Poland"

    dialog.constraints_edit.setText("Will not deploy troops to Ukraine.")
    assert dialog.save()

    assert records.get(hub.database, rec.Nation, POLAND).constraints == (
        "Will not deploy troops to Ukraine."
    )


def test_undo_and_redo_of_an_addition_restore_exactly(controller, hub) -> None:
    before = snapshot(hub.database)
    hub.select_nation(POLAND)
    hub.select_issue(BACKSTOP)
    dialog = new_dialog(controller, "new_position")
    dialog.stance_combo.set_value("Desirable")
    dialog.quote_edit.setText("We would welcome it.")
    assert dialog.save()
    after = snapshot(hub.database)
    assert after != before

    controller.actions()["undo"].trigger()
    assert snapshot(hub.database) == before
    assert controller.actions()["redo"].isEnabled()

    controller.actions()["redo"].trigger()
    assert snapshot(hub.database) == after


def test_undo_and_redo_of_an_edit_restore_exactly(controller, hub) -> None:
    before = snapshot(hub.database)
    hub.select_meeting(BRUSSELS)
    controller.actions()["edit_selected"].trigger()
    dialog = controller.presented[-1]
    dialog.place_edit.setText("NATO headquarters, Brussels")
    dialog.summary_edit.setText("A new summary.")
    assert dialog.save()
    after = snapshot(hub.database)

    controller.undo()
    assert snapshot(hub.database) == before
    controller.redo()
    assert snapshot(hub.database) == after
    controller.undo()
    assert snapshot(hub.database) == before


def test_an_unchanged_save_adds_nothing_to_undo(controller, hub) -> None:
    hub.open_requested.emit("nation", POLAND)
    assert controller.presented[-1].save()
    assert controller.undo_stack.count() == 0


def test_every_edit_undo_and_redo_leaves_an_audit_entry_from_the_window(controller, hub) -> None:
    dialog = new_dialog(controller, "new_nation")
    dialog.name_edit.setText("Iceland")
    dialog.code_edit.setText("isl")
    assert dialog.save()
    [change] = dialog.changes.changes
    hub.open_requested.emit("nation", change.uuid)
    edit = controller.presented[-1]
    edit.notes_edit.setText("No armed forces.")
    assert edit.save()
    controller.undo()
    controller.redo()

    trail = records.audit_trail(hub.database, change.uuid)
    assert [entry.action for entry in trail] == ["create", "update", "update", "update"]
    assert {entry.origin for entry in trail} == {"window"}
    assert trail[0].after["code"] == "ISL"
    assert trail[2].after["notes"] == ""  # the undo


@pytest.mark.parametrize(
    ("entity", "action"),
    [
        ("person", "new_person"),
        ("issue", "new_issue"),
        ("pledge", "new_pledge"),
        ("question", "new_question"),
    ],
)
def test_each_kind_of_record_can_be_added(controller, hub, entity, action) -> None:
    hub.select_nation(POLAND)
    hub.select_meeting(BRUSSELS)
    plural = {"person": "people"}.get(entity, f"{entity}s")
    before = records.counts(hub.database)[plural]
    dialog = new_dialog(controller, action)
    if entity == "person":
        dialog.name_edit.setText("Władysław Kosiniak-Kamysz")
        dialog.office_edit.setText("Defence Minister")
        assert dialog.nation_combo.value() == POLAND
    elif entity == "issue":
        dialog.name_edit.setText("Command arrangements")
        dialog.stances_edit.setText("National command\n\nJoint command\nNATO command\n")
    elif entity == "pledge":
        assert dialog.nation_combo.value() == POLAND
        assert dialog.as_of_edit.value() == dt.date(2025, 4, 10)
        dialog.capability_combo.set_value("logistics")
        dialog.quantity_spin.set_value_or_none(2)
        dialog.unit_edit.setText("logistics hubs")
    else:
        assert dialog.raised_combo.value() == BRUSSELS
        dialog.text_edit.setText("Will Poland host the logistics hub?")
        dialog.due_edit.set_value(dt.date(2025, 6, 1))

    assert dialog.save(), dialog.errors.shown()

    assert records.counts(hub.database)[plural] == before + 1
    if entity == "issue":
        [change] = dialog.changes.changes
        assert change.after.stances == ("National command", "Joint command", "NATO command")


def test_the_actions_have_keyboard_shortcuts(controller) -> None:
    actions = controller.actions()
    assert set(actions) == {
        "undo", "redo", "new_nation", "new_person", "new_meeting", "new_issue",
        "new_position", "new_pledge", "new_question", "edit_selected", "delete_selected",
        "history_selected", "duplicate_meeting",
    }  # fmt: skip
    shortcuts = {key: [s.toString() for s in a.shortcuts()] for key, a in actions.items()}
    assert shortcuts["undo"] == ["Ctrl+Z"]
    assert shortcuts["redo"] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert shortcuts["new_position"] == ["Ctrl+Shift+P"]
    assert shortcuts["delete_selected"] == ["Del"]
    assert shortcuts["edit_selected"] == ["F2"]
    assert shortcuts["history_selected"] == ["Ctrl+H"]
    assert all(shortcuts.values())
    assert "selected position" in actions["edit_selected"].statusTip()


def test_edit_selected_takes_the_most_specific_selection(controller, hub) -> None:
    assert not controller.actions()["edit_selected"].isEnabled()
    hub.select_nation(POLAND)
    assert controller.selected() == ("nation", POLAND)
    hub.select_meeting(BRUSSELS)
    assert controller.selected() == ("meeting", BRUSSELS)
    position = records.list_all(hub.database, rec.Position)[0]
    hub.select_position(position.uuid)
    assert controller.actions()["edit_selected"].isEnabled()
    controller.actions()["edit_selected"].trigger()
    dialog = controller.presented[-1]
    assert isinstance(dialog, PositionDialog)
    assert dialog.original == position
