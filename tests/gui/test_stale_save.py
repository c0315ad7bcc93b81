"""A save over a record changed elsewhere meanwhile (an import, a merge, a second client):
nothing is overwritten, mine and theirs are shown in the conflicts dialog, and what the
officer typed stays in the form whatever they decide (issue 14 point 3, issue 18 point 5).
"""

from __future__ import annotations

import dataclasses

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.ui.dialogs.conflicts_dialog import ConflictsDialog
from tests.conftest import uuid_of

# A second client saving meanwhile is what team mode is about: on both backends.
pytestmark = pytest.mark.both_backends

POLAND = uuid_of("nation", "POL")
TYPED = "Officer: Warsaw asks for a written guarantee"
ELSEWHERE = "Import: Warsaw is satisfied"


def editing_poland_while_an_import_changes_it(controller, hub):
    controller.open_editor("nation", POLAND)
    dialog = controller.presented[-1]
    opened = dialog.original
    dialog.notes_edit.setText(TYPED)
    # Meanwhile an import (or a second window) saves Poland: notes and constraints.
    stored = records.get(hub.database, rec.Nation, POLAND)
    Writer(hub.database, origin="import").update(dataclasses.replace(
        stored, notes=ELSEWHERE, constraints="Import: elections in May"))
    return dialog, opened


def test_a_stale_save_shows_mine_and_theirs_and_keeps_what_was_typed(
    qtbot, controller, hub
) -> None:
    dialog, opened = editing_poland_while_an_import_changes_it(controller, hub)

    assert dialog.save() is False
    stored = records.get(hub.database, rec.Nation, POLAND)
    assert stored.notes == ELSEWHERE, "the newer save was overwritten"
    assert dialog.notes_edit.text() == TYPED, "what the officer typed was lost"
    assert "changed elsewhere" in dialog.banner.text()
    conflicts = dialog.stale_dialog
    assert isinstance(conflicts, ConflictsDialog) and conflicts.isVisible()
    notes = conflicts.rows[f"nation:{POLAND}:notes"]
    assert notes.texts["base"].toPlainText() == (opened.notes or "(empty)")
    assert notes.texts["mine"].toPlainText() == TYPED
    assert notes.texts["theirs"].toPlainText() == ELSEWHERE
    assert notes.choice() is None, "both changed the notes: the officer decides"
    constraints = conflicts.rows[f"nation:{POLAND}:constraints"]
    assert constraints.choice() == "theirs", "only changed elsewhere: taken already"
    assert not conflicts.apply_button.isEnabled()

    notes.buttons["both"].click()
    conflicts.apply_button.click()

    saved = records.get(hub.database, rec.Nation, POLAND)
    assert saved.notes.startswith(TYPED) and saved.notes.endswith(ELSEWHERE)
    assert "kept both" in saved.notes
    assert saved.constraints == "Import: elections in May"
    assert not dialog.isVisible() and dialog.changes is not None
    assert controller.undo_stack.count() == 1


def test_choosing_mine_saves_what_was_typed_over_the_newer_notes_only(
    qtbot, controller, hub
) -> None:
    dialog, _opened = editing_poland_while_an_import_changes_it(controller, hub)
    assert dialog.save() is False
    dialog.stale_dialog.rows[f"nation:{POLAND}:notes"].buttons["mine"].click()
    dialog.stale_dialog.apply_button.click()
    saved = records.get(hub.database, rec.Nation, POLAND)
    assert saved.notes == TYPED
    assert saved.constraints == "Import: elections in May"


def test_closing_the_comparison_saves_nothing_and_keeps_the_typing(qtbot, controller, hub) -> None:
    dialog, _opened = editing_poland_while_an_import_changes_it(controller, hub)
    assert dialog.save() is False
    dialog.stale_dialog.reject()

    assert records.get(hub.database, rec.Nation, POLAND).notes == ELSEWHERE
    assert dialog.notes_edit.text() == TYPED
    assert "Not saved" in dialog.banner.text() and "still here" in dialog.banner.text()
    assert dialog.stale_dialog is None
    assert controller.undo_stack.count() == 0
    # Saving again compares once more: still never a silent overwrite.
    assert dialog.save() is False
    assert isinstance(dialog.stale_dialog, ConflictsDialog)
    assert records.get(hub.database, rec.Nation, POLAND).notes == ELSEWHERE


def test_a_stale_meeting_save_keeps_its_attendance_and_the_chosen_summary(
    qtbot, controller, hub
) -> None:
    paris = uuid_of("meeting", "paris")
    controller.open_editor("meeting", paris)
    dialog = controller.presented[-1]
    attendance_before = dialog.build_request()[1]
    dialog.summary_edit.setText("Officer: the Paris summit agreed a planning cell")
    stored = records.get(hub.database, rec.Meeting, paris)
    Writer(hub.database, origin="merge from bob 1234").update(
        dataclasses.replace(stored, summary="Bob: Paris summit, 27 March", chair="Macron"))

    assert dialog.save() is False
    assert dialog.summary_edit.text() == "Officer: the Paris summit agreed a planning cell"
    conflicts = dialog.stale_dialog
    assert conflicts.rows[f"meeting:{paris}:chair"].choice() == "theirs"
    conflicts.rows[f"meeting:{paris}:summary"].buttons["mine"].click()
    conflicts.apply_button.click()

    saved = records.get(hub.database, rec.Meeting, paris)
    assert saved.summary == "Officer: the Paris summit agreed a planning cell"
    assert saved.chair == "Macron"
    assert dialog.changes is not None
    assert dialog.build_request()[1] == attendance_before
