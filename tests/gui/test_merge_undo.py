"""Edit → Undo after File → Merge Register…: the register is as it was before the merge,
its merge history too (tombstones and redirects), so merging the same file again
offers the same merge again and nothing undone travels on to the next colleague."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coalition_desk.domain import records as rec
from coalition_desk.services.crud import Writer
from coalition_desk.services.merge import combine_records
from coalition_desk.store import models
from coalition_desk.store.engine import open_database
from tests.gui.merge_helpers import start_merge, two_copies_of_the_demo, wait_applied
from tests.merge.helpers import contents, edit_nation


def history(database) -> tuple[set, set]:
    """The merge history a register hands on: its tombstones and its redirects."""
    with database.session() as session:
        tombstones = {(t.uuid, t.entity, t.revisions)
                      for t in session.scalars(select(models.TombstoneRow))}
        redirects = {(r.old_uuid, r.new_uuid, r.entity)
                     for r in session.scalars(select(models.RedirectRow))}
    return tombstones, redirects


def bob_with_merge_history(bob: Path) -> dict[str, str]:
    """Bob adds Moldova, adds then deletes Andorra, and combines a second Malta typed
    by mistake into a first one: Alice's register holds none of these."""
    database = open_database(bob)
    try:
        writer = Writer(database, origin="window")
        (moldova,) = writer.create(rec.Nation(name="Moldova", code="MDA")).changes
        (andorra,) = writer.create(rec.Nation(name="Andorra", code="AND")).changes
        writer.delete("nation", andorra.uuid)
        (malta,) = writer.create(rec.Nation(name="Malta", code="MLT")).changes
        (again,) = writer.create(rec.Nation(name="Malta (again)", code="MLX")).changes
        combine_records(database, "nation", malta.uuid, again.uuid)
    finally:
        database.dispose()
    return {"moldova": moldova.uuid, "andorra": andorra.uuid, "malta": malta.uuid,
            "again": again.uuid}


def test_undo_of_a_merge_takes_back_its_tombstones_and_redirects_too(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes="Bob: Riga will host the next round")
    bob_with_merge_history(bob)
    database = open_database(alice)
    window = make_window(database)
    before_records = contents(alice)
    before_history = history(database)

    flow = start_merge(qtbot, window, bob, monkeypatch)
    first_plan = flow.dialog.preview.plan
    assert first_plan.tombstones and first_plan.redirects, "Bob's history should travel"
    flow.dialog.merge_button.click()
    wait_applied(qtbot, flow)
    assert flow.result is not None, window.statusBar().currentMessage()
    assert history(database) != before_history

    window.edit_controller.undo()

    assert contents(alice) == before_records
    assert history(database) == before_history, (
        "the undone merge left tombstones or redirects behind")
    # The same file offers the same merge again: nothing undone counts as deleted here.
    again = start_merge(qtbot, window, bob, monkeypatch)
    plan = again.dialog.preview.plan
    assert len(plan.added) == len(first_plan.added)
    assert len(plan.changed) == len(first_plan.changed)
    assert len(plan.tombstones) == len(first_plan.tombstones)
    assert len(plan.redirects) == len(first_plan.redirects)

    # Redo brings the whole merge back, its history with it.
    again.dialog.reject()
    window.edit_controller.redo()
    merged_history = history(database)
    assert {r[0] for r in merged_history[1]} == {r.old_uuid for r in first_plan.redirects}
    assert {t.uuid for t in first_plan.tombstones} <= {t[0] for t in merged_history[0]}
