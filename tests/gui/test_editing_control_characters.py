"""An invisible control character typed or pasted into an editor is named beside its field."""

from __future__ import annotations

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.actions.editing import EditController
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")


def test_a_control_character_in_the_notes_is_shown_beside_the_notes(
    controller: EditController, hub
) -> None:
    before = records.get(hub.database, rec.Nation, POLAND)
    dialog = controller.open_editor("nation", POLAND)
    dialog.notes_edit.setText("Pasted from the PDF:\x0c page 2")

    assert not dialog.save()

    assert set(dialog.errors.shown()) == {"notes"}
    reason = dialog.errors.shown()["notes"]
    assert "U+000C" in reason and "after 'Pasted from the PDF:'" in reason
    assert not dialog.banner.isHidden()
    assert dialog.notes_edit.text() == "Pasted from the PDF:\x0c page 2"  # nothing lost
    assert records.get(hub.database, rec.Nation, POLAND) == before
    assert controller.undo_stack.count() == 0
