"""File → Merge Register… on a workbook, on a file that is not a register, and on a
register that changed between the preview and Merge: each ends with a word to the
officer, and only a whole merge is ever written."""

from __future__ import annotations

import dataclasses

from coalition_desk.domain import records as rec
from coalition_desk.reports import export_register
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database
from coalition_desk.ui.actions import merge_actions
from tests.conftest import uuid_of
from tests.gui.merge_helpers import ALICE_POLAND, start_merge, two_copies_of_the_demo, wait_applied
from tests.merge.helpers import digest, edit_nation

LATVIA = "Bob: Riga will host the next round"


def test_a_colleagues_workbook_merges_like_a_register(qtbot, make_window, tmp_path,
                                                      monkeypatch) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(alice, "POL", notes=ALICE_POLAND)
    edit_nation(bob, "LVA", notes=LATVIA)
    workbook = tmp_path / "bob.xlsx"
    bob_database = open_database(bob)
    export_register(bob_database, workbook)
    bob_database.dispose()
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, workbook, monkeypatch)
    assert "conflicts: 0" in flow.dialog.summary.text()
    flow.dialog.merge_button.click()
    wait_applied(qtbot, flow)
    assert records.get(database, rec.Nation, uuid_of("nation", "LVA")).notes == LATVIA
    assert records.get(database, rec.Nation, uuid_of("nation", "POL")).notes == ALICE_POLAND
    assert "Merged: 0 added, 1 changed" in window.statusBar().currentMessage()


def test_a_file_that_is_not_a_register_is_refused_and_nothing_changes(
    qtbot, make_window, demo_db, db_path, tmp_path, monkeypatch
) -> None:
    window = make_window(demo_db)
    shown: list[BaseException] = []
    monkeypatch.setattr(merge_actions, "show_error", lambda parent, error: shown.append(error))
    monkeypatch.setattr(merge_actions, "ask_merge_path", lambda parent: str(junk))
    junk = tmp_path / "holiday-photos.sqlite3"
    junk.write_bytes(b"not a register" * 100)
    flow = merge_actions.merge_register(window)
    with qtbot.waitSignal(flow.preview_task.done, timeout=60_000):
        pass
    assert shown and "holiday-photos" in str(shown[0])
    assert flow.dialog is None
    assert window.statusBar().currentMessage() == "Merge refused; nothing was changed."


def test_a_register_changed_after_the_preview_refuses_the_whole_merge(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes=LATVIA)
    edit_nation(bob, "FIN", notes="Bob: Helsinki offers air policing")
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, bob, monkeypatch)
    # Between the preview and Merge, another window saves Latvia here.
    latvia = records.get(database, rec.Nation, uuid_of("nation", "LVA"))
    Writer(database, origin="window").update(dataclasses.replace(latvia, notes="Here: Riga"))
    finland_before = records.get(database, rec.Nation, uuid_of("nation", "FIN")).notes
    shown: list[BaseException] = []
    monkeypatch.setattr(merge_actions, "show_error", lambda parent, error: shown.append(error))
    flow.dialog.merge_button.click()
    wait_applied(qtbot, flow)
    assert flow.result is None
    assert shown and "changed elsewhere" in str(shown[0])
    assert records.get(database, rec.Nation, uuid_of("nation", "LVA")).notes == "Here: Riga"
    assert records.get(database, rec.Nation, uuid_of("nation", "FIN")).notes == finland_before
    message = window.statusBar().currentMessage()
    assert "changed after the preview; nothing was changed" in message


def test_merging_a_register_that_agrees_says_so_and_writes_nothing(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, bob, monkeypatch)
    assert not flow.dialog.merge_button.isEnabled()
    assert "Nothing to merge" in flow.dialog.notice.text()
    database.dispose()
    before = digest(alice)
    flow.dialog.reject()
    assert digest(alice) == before


def test_the_menu_entry_alone_carries_a_merge_to_its_end(qtbot, make_window, tmp_path,
                                                         monkeypatch) -> None:
    import gc

    from coalition_desk.ui.merge.preview_dialog import MergePreviewDialog

    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes=LATVIA)
    database = open_database(alice)
    window = make_window(database)
    monkeypatch.setattr(merge_actions, "ask_merge_path", lambda parent: str(bob))
    next(a for a in window.report_actions if a.objectName() == "merge_register").trigger()
    gc.collect()  # nobody but the window holds the merge now
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(MergePreviewDialog)),
                    timeout=60_000)
    (preview,) = [d for d in window.findChildren(MergePreviewDialog) if d.isVisible()]
    gc.collect()
    preview.merge_button.click()
    qtbot.waitUntil(lambda: "From bob: Merged:" in window.statusBar().currentMessage(),
                    timeout=60_000)
    assert records.get(database, rec.Nation, uuid_of("nation", "LVA")).notes == LATVIA
    assert not merge_actions._RUNNING, "a finished merge is not let go"
