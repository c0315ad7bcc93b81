"""The conflicts dialog with hundreds of conflicts: a list and the selected one in detail,
decided one by one from the keyboard or all at once, and merged exactly as decided."""

from __future__ import annotations

import dataclasses
import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QRadioButton

from coalition_desk.domain import records as rec
from coalition_desk.services import bulk, demo, records
from coalition_desk.services.merge import apply_plan, plan_merge, read_replica, register_file
from coalition_desk.store.engine import open_database
from coalition_desk.ui.dialogs.conflicts_dialog import ConflictsDialog

POSITIONS = 250  # two free-text fields each edited apart: 500 conflicts


def _edit_all(path, mark: str) -> None:
    database = open_database(path)
    try:
        every = records.list_all(database, rec.Position)
        with database.session() as session:
            bulk.write_batch(session, "position", (), [
                (p, dataclasses.replace(p, quote=f"{p.quote} {mark}", summary=f"{mark} view"))
                for p in every
            ], "window")
    finally:
        database.dispose()


def hundreds_of_conflicts(tmp_path):
    alice, bob = tmp_path / "alice.sqlite3", tmp_path / "bob.sqlite3"
    database = open_database(alice)
    try:
        demo.install_demo(database)
        model = records.list_all(database, rec.Position)[0]
        with database.session() as session:
            bulk.write_batch(session, "position", [
                dataclasses.replace(model, uuid="", version=0, revisions="",
                                    quote=f"Statement number {n}")
                for n in range(POSITIONS - 12)
            ], (), "window")
    finally:
        database.dispose()
    shutil.copy(alice, bob)
    _edit_all(alice, "[Alice]")
    _edit_all(bob, "[Bob]")
    database = open_database(alice)
    with register_file(bob, database) as theirs:
        plan = plan_merge(read_replica(database), theirs)
    return database, plan


def test_hundreds_of_conflicts_are_listed_and_decided_from_the_keyboard(
    qtbot, tmp_path
) -> None:
    database, plan = hundreds_of_conflicts(tmp_path)
    assert len(plan.conflicts) == 2 * POSITIONS
    dialog = ConflictsDialog(plan.conflicts, mine_title="Mine", theirs_title="Theirs (Bob)")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)

    # One row per conflict in a table; one detail, not a set of widgets per conflict.
    assert dialog.model.rowCount() == 2 * POSITIONS
    assert len(dialog.findChildren(QRadioButton)) == 3
    assert dialog.status.text() == f"0 of {2 * POSITIONS} decided; decide each one to apply."
    assert not dialog.apply_button.isEnabled()

    # The first conflict is shown in full beside the list, which has the focus.
    first = plan.conflicts[0]
    assert dialog.current_key() == first.key
    assert dialog.detail.texts["mine"].toPlainText() == str(first.mine)
    assert dialog.detail.texts["theirs"].toPlainText() == str(first.theirs)
    assert dialog.focusWidget() is dialog.table

    # In the list, T takes theirs for the shown conflict and moves on to the next one.
    table = dialog.table
    qtbot.keyClick(table, Qt.Key.Key_T)
    assert dialog.choice(first.key) == "theirs"
    second = plan.conflicts[1]
    assert dialog.current_key() == second.key
    assert dialog.detail.choice() is None
    # B keeps both texts of a free-text field (quotes, summaries).
    qtbot.keyClick(table, Qt.Key.Key_B)
    assert dialog.choice(second.key) == "both"
    # ↓ only moves; N jumps to the next undecided conflict.
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert dialog.current_key() == plan.conflicts[3].key
    qtbot.keyClick(table, Qt.Key.Key_M)
    for _row in range(4):
        qtbot.keyClick(table, Qt.Key.Key_Up)
    assert dialog.current_key() == first.key
    qtbot.keyClick(table, Qt.Key.Key_N)
    assert dialog.current_key() == plan.conflicts[2].key, "the one skipped with ↓"
    assert model_decision(dialog, 0) == "Takes theirs"
    assert model_decision(dialog, 2) == "Undecided"
    assert model_decision(dialog, 3) == "Keeps mine"
    assert dialog.status.text() == f"3 of {2 * POSITIONS} decided; decide each one to apply."

    # Keep mine for all, then one conflict back to theirs.
    dialog.all_mine.click()
    assert dialog.undecided() == []
    assert dialog.apply_button.isEnabled()
    last = plan.conflicts[-1]
    dialog.select(last.key).buttons["theirs"].click()
    decisions = dialog.decisions()
    assert len(decisions) == 2 * POSITIONS
    assert decisions[last.key] == "theirs"
    assert sum(1 for c in decisions.values() if c == "mine") == 2 * POSITIONS - 1

    dialog.apply_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    apply_plan(database, plan, decisions, backup=False)
    try:
        kept_theirs = records.get(database, rec.Position, last.uuid)
        assert getattr(kept_theirs, last.field) == last.theirs
        kept_mine = records.get(database, rec.Position, first.uuid)
        assert getattr(kept_mine, first.field) == first.mine
    finally:
        database.dispose()


def model_decision(dialog: ConflictsDialog, row: int) -> str:
    return dialog.model.index(row, 4).data()


def test_a_choice_that_is_not_offered_is_refused(qtbot, tmp_path) -> None:
    from coalition_desk.services.merge.plan import Conflict

    role = Conflict("nation:x:role", "field", "nation", "x", "Latvia", "role", "member",
                    "lead", "observer")
    dialog = ConflictsDialog([role])
    qtbot.addWidget(dialog)
    assert "both" not in dialog.detail.buttons
    try:
        dialog.choose(role.key, "both")
        raise AssertionError("keeping both texts of a role was accepted")
    except ValueError:
        pass
    assert dialog.undecided() == [role.key]


def test_rows_by_key_act_on_their_own_conflict(qtbot) -> None:
    """dialog.rows[key] (the first form's interface) reads and decides that conflict,
    whichever one the list shows at the time."""
    from coalition_desk.services.merge.plan import Conflict

    notes = Conflict("nation:p:notes", "field", "nation", "p", "Poland", "notes", "old",
                     "Alice's", "Bob's")
    role = Conflict("nation:l:role", "field", "nation", "l", "Latvia", "role", "member",
                    "lead", "observer")
    dialog = ConflictsDialog([notes, role])
    qtbot.addWidget(dialog)
    poland, latvia = dialog.rows[notes.key], dialog.rows[role.key]
    assert "both" in poland.buttons and "both" not in latvia.buttons
    assert latvia.texts["theirs"].toPlainText() == "observer"
    poland.buttons["both"].click()  # the list showed Latvia last
    latvia.buttons["mine"].click()
    assert dialog.decisions() == {notes.key: "both", role.key: "mine"}
    assert poland.choice() == "both" and dialog.current_key() == role.key
