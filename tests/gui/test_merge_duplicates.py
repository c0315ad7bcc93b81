"""The merge preview lists likely duplicates; combining two leaves one record, with every
reference to the other re-pointed to it, in the merge's one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import NotFound, Writer
from coalition_desk.store.engine import open_database
from tests.conftest import uuid_of
from tests.gui.merge_helpers import start_merge, two_copies_of_the_demo, wait_applied


def bob_types_the_paris_meeting_again(bob_path) -> tuple[str, str]:
    """Bob adds the Paris meeting a second time, and a French statement made at it."""
    database = open_database(bob_path)
    try:
        writer = Writer(database, origin="window")
        paris = records.get(database, rec.Meeting, uuid_of("meeting", "paris"))
        twin = writer.create(dataclasses.replace(
            paris, uuid="", version=0, revisions="", title="Paris summit (Bob's copy)",
            created_at=None, updated_at=None)).changes[0].uuid
        statement = writer.create(rec.Position(
            nation_uuid=uuid_of("nation", "FRA"), issue_uuid=uuid_of("issue", "location"),
            as_of=dt.date(2025, 3, 28), quote="Bob heard it said in Paris",
            meeting_uuid=twin)).changes[0].uuid
        return twin, statement
    finally:
        database.dispose()


def test_combining_a_listed_duplicate_leaves_one_record_and_repoints_references(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    twin, statement = bob_types_the_paris_meeting_again(bob)
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, bob, monkeypatch)
    preview = flow.dialog
    listed = [preview.duplicate_list.item(row).data(256)
              for row in range(preview.duplicate_list.count())]
    paris = uuid_of("meeting", "paris")
    (pair,) = [d for d in listed if {d.keep_uuid, d.other_uuid} == {paris, twin}]
    assert pair.keep_uuid == paris, "the record here is the one kept"
    assert "same date and place" in pair.reason

    preview.set_combined(pair)
    preview.merge_button.click()
    wait_applied(qtbot, flow)

    assert flow.result is not None, window.statusBar().currentMessage()
    try:
        records.get(database, rec.Meeting, twin)
        raise AssertionError("Bob's copy of the meeting is still there")
    except NotFound:
        pass
    assert records.get(database, rec.Position, statement).meeting_uuid == paris
    assert "1 likely duplicate(s) combined" in window.statusBar().currentMessage()

    # Merge and combine are one undo step: both of Bob's records go again.
    window.edit_controller.undo()
    assert window.statusBar().currentMessage() == "Undone: Merge from bob."
    for record_type, uuid in ((rec.Meeting, twin), (rec.Position, statement)):
        try:
            records.get(database, record_type, uuid)
            raise AssertionError(f"{record_type.__name__} {uuid} survived the undo")
        except NotFound:
            pass


def test_a_duplicate_left_unticked_is_merged_as_a_record_of_its_own(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    twin, statement = bob_types_the_paris_meeting_again(bob)
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, bob, monkeypatch)
    flow.dialog.merge_button.click()
    wait_applied(qtbot, flow)
    assert records.get(database, rec.Meeting, twin).title == "Paris summit (Bob's copy)"
    assert records.get(database, rec.Position, statement).meeting_uuid == twin
