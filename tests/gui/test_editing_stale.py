"""Issue 14 point 3 in the window: a form saved after an import changed its record.

The officer opened Poland, an import changed Poland's notes meanwhile, and the save
then silently overwrote the import's change. Now the save is refused beside the field,
mine and theirs shown, and what the officer typed stays in the form.
"""

from __future__ import annotations

import dataclasses

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")


def test_a_stale_save_shows_mine_and_theirs_and_keeps_what_was_typed(controller, demo_db):
    dialog = controller.open_editor("nation", POLAND)
    dialog.notes_edit.setText("Typed by Alice")
    stored = records.get(demo_db, rec.Nation, POLAND)
    Writer(demo_db, origin="import").update(dataclasses.replace(stored, notes="From Bob"))
    assert dialog.save() is False
    assert dialog.notes_edit.text() == "Typed by Alice"
    shown = dialog.errors._shown["notes"]
    assert "changed elsewhere" in shown and "'From Bob'" in shown and "'Typed by Alice'" in shown
    assert records.get(demo_db, rec.Nation, POLAND).notes == "From Bob"
