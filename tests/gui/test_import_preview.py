"""File → Import register… shows the dry run first (what would be added, changed and
removed, the conflicts and the likely duplicates, by the merge's rules), writes nothing
until the officer says Import, then lands as one undo step and says what it imported.
A bad workbook gets its specific problems and changes nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import shiboken6
from openpyxl import load_workbook
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from coalition_desk.domain import records as rec
from coalition_desk.reports import export_register
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database
from coalition_desk.ui import workers
from coalition_desk.ui.actions import import_actions
from coalition_desk.ui.actions.import_actions import ImportFlow
from tests.conftest import uuid_of
from tests.gui.merge_helpers import ALICE_POLAND, BOB_POLAND, two_copies_of_the_demo
from tests.merge.helpers import digest, edit_nation
from tests.unit.reports_helpers import snapshot

LATVIA = "Bob: Riga will host the next round"


def bobs_workbook(tmp_path: Path, *, alice_poland: str | None = None,
                  bob_poland: str | None = None) -> tuple[Path, Path]:
    """Alice's register and Bob's workbook, Bob having changed Latvia's notes."""
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes=LATVIA)
    if alice_poland:
        edit_nation(alice, "POL", notes=alice_poland)
    if bob_poland:
        edit_nation(bob, "POL", notes=bob_poland)
    workbook = tmp_path / "bob.xlsx"
    database = open_database(bob)
    try:
        export_register(database, workbook)
    finally:
        database.dispose()
    return alice, workbook


def start_import(qtbot, window, workbook: Path, monkeypatch, *,
                 refused: bool = False) -> ImportFlow:
    """File → Import register… (Ctrl+I) on ``workbook``; returns when its dry run is shown
    (or, ``refused``, when the check that refused the workbook ended)."""
    monkeypatch.setattr(import_actions, "ask_workbook_path", lambda parent: str(workbook))
    action = next(a for a in window.report_actions if a.objectName() == "import_register")
    earlier = set(import_actions._RUNNING)
    action.trigger()
    qtbot.waitUntil(lambda: bool(import_actions._RUNNING - earlier), timeout=10_000)
    (flow,) = import_actions._RUNNING - earlier
    with qtbot.waitSignal(flow.preview_task.done, timeout=60_000):
        pass
    if not refused:
        qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    return flow


def wait_imported(qtbot, flow: ImportFlow) -> None:
    qtbot.waitUntil(lambda: flow.apply_task is not None, timeout=10_000)
    qtbot.waitUntil(lambda: flow.apply_task not in workers._RUNNING, timeout=60_000)


def shown_text(page) -> str:
    """Every text a page shows, whatever widgets it is drawn with."""
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QPlainTextEdit, QTextEdit

    texts: list[str] = []
    for widget in [page, *page.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, root = widget.model(), widget.rootIndex()
            try:
                columns = model.columnCount(root)
            except TypeError:  # a list widget's model keeps it private: one column
                columns = 1
            texts += [str(model.index(r, c, root).data() or "")
                      for r in range(model.rowCount(root)) for c in range(columns)]
    return "\n".join(texts)


def latvia_notes(database) -> str:
    return records.get(database, rec.Nation, uuid_of("nation", "LVA")).notes


def test_the_import_shows_its_dry_run_and_writes_nothing_until_import(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, workbook = bobs_workbook(tmp_path)
    database = open_database(alice)
    window = make_window(database)
    before = digest(alice)
    flow = start_import(qtbot, window, workbook, monkeypatch)
    dialog = flow.dialog
    assert dialog.windowTitle() == "Import bob.xlsx"
    assert "changed: 1" in dialog.summary.text()
    assert "added: 0" in dialog.summary.text()
    assert "removed: 0" in dialog.summary.text()
    changes = dialog.tabs.widget(0).toPlainText()
    assert "nation" in changes and "notes" in changes, changes
    assert dialog.merge_button.text() == "&Import"
    # The dry run wrote nothing, not even an audit entry.
    assert digest(alice) == before
    assert latvia_notes(database) != LATVIA
    dialog.merge_button.click()
    wait_imported(qtbot, flow)
    assert latvia_notes(database) == LATVIA
    assert window.statusBar().currentMessage() == (
        "Imported bob.xlsx: 0 added, 1 changed, 0 removed.")


def test_closing_the_preview_imports_nothing_and_says_so(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, workbook = bobs_workbook(tmp_path)
    database = open_database(alice)
    window = make_window(database)
    before = snapshot(database)
    flow = start_import(qtbot, window, workbook, monkeypatch)
    flow.dialog.reject()
    assert snapshot(database) == before
    assert latvia_notes(database) != LATVIA
    assert window.statusBar().currentMessage() == (
        "Import of bob.xlsx cancelled after its check; nothing was changed.")
    assert flow not in import_actions._RUNNING


def test_the_preview_lists_conflicts_and_imports_only_once_they_are_decided(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, workbook = bobs_workbook(tmp_path, alice_poland=ALICE_POLAND, bob_poland=BOB_POLAND)
    database = open_database(alice)
    window = make_window(database)
    flow = start_import(qtbot, window, workbook, monkeypatch)
    dialog = flow.dialog
    assert "conflicts: 1" in dialog.summary.text()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "C&onflicts (1)"
    shown = shown_text(dialog.tabs.currentWidget())
    assert ALICE_POLAND in shown and BOB_POLAND in shown, shown
    # Import with the conflict undecided asks for it first; closing that asks writes nothing.
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.conflicts_dialog is not None)
    dialog.conflicts_dialog.reject()
    assert flow.apply_task is None
    assert latvia_notes(database) != LATVIA
    (conflict,) = flow.preview.plan.conflicts
    dialog.decisions = {conflict.key: "theirs"}
    dialog.merge_button.click()
    wait_imported(qtbot, flow)
    poland = records.get(database, rec.Nation, uuid_of("nation", "POL"))
    assert poland.notes == BOB_POLAND
    assert latvia_notes(database) == LATVIA


def test_the_preview_offers_the_likely_duplicates_the_workbook_brings(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    bob_database = open_database(bob)
    try:
        someone = records.list_all(bob_database, rec.Person)[0]
        twin = dataclasses.replace(someone, uuid="", version=0, revisions="", created_at=None,
                                   updated_at=None)
        Writer(bob_database, origin="window").create(twin)
        workbook = tmp_path / "bob.xlsx"
        export_register(bob_database, workbook)
    finally:
        bob_database.dispose()
    database = open_database(alice)
    window = make_window(database)
    flow = start_import(qtbot, window, workbook, monkeypatch)
    dialog = flow.dialog
    tab = next(i for i in range(dialog.tabs.count()) if "d&uplicates" in dialog.tabs.tabText(i))
    assert dialog.tabs.tabText(tab) == "Likely d&uplicates (1)"
    lines = shown_text(dialog.tabs.widget(tab)).splitlines()
    assert any(someone.name in line and "person" in line for line in lines), lines
    assert "added: 1" in dialog.summary.text()


def test_an_import_is_one_undo_step(qtbot, make_window, tmp_path, monkeypatch) -> None:
    alice, workbook = bobs_workbook(tmp_path)
    book = load_workbook(workbook)
    nations = book["Nations"]
    header = [cell.value for cell in nations[1]]
    name_column = header.index("name") + 1
    for row in range(2, nations.max_row + 1):
        if nations.cell(row, header.index("code") + 1).value == "FIN":
            nations.cell(row, name_column).value = "Suomi"
    book.save(workbook)
    database = open_database(alice)
    window = make_window(database)
    stack = window.edit_controller.undo_stack
    steps = stack.count()
    flow = start_import(qtbot, window, workbook, monkeypatch)
    assert "changed: 2" in flow.dialog.summary.text()
    flow.dialog.merge_button.click()
    wait_imported(qtbot, flow)
    finland = uuid_of("nation", "FIN")
    assert records.get(database, rec.Nation, finland).name == "Suomi"
    assert stack.count() == steps + 1
    assert stack.undoText() == "Import bob.xlsx"
    window.edit_controller.undo()
    assert records.get(database, rec.Nation, finland).name == "Finland"
    assert latvia_notes(database) != LATVIA
    window.edit_controller.redo()
    assert records.get(database, rec.Nation, finland).name == "Suomi"
    assert latvia_notes(database) == LATVIA


def test_no_cancel_once_the_import_writes_and_the_progress_window_closes(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, workbook = bobs_workbook(tmp_path)
    database = open_database(alice)
    window = make_window(database)
    progress: list[QProgressDialog] = []
    real = import_actions.run_in_worker

    def shown_at_once(*args, **kwargs):
        # As on a big workbook: the progress window is up from the start.
        task = real(*args, **kwargs)
        task.dialog.show()
        progress.append(task.dialog)
        return task

    monkeypatch.setattr(import_actions, "run_in_worker", shown_at_once)
    flow = start_import(qtbot, window, workbook, monkeypatch)
    checking = progress[0]
    # The check could be cancelled (it writes nothing); its window closed before the preview.
    assert not (shiboken6.isValid(checking) and checking.isVisible())
    flow.dialog.merge_button.click()
    qtbot.waitUntil(lambda: flow.apply_task is not None, timeout=10_000)
    writing = flow.apply_task.dialog
    assert writing in progress
    assert [b for b in writing.findChildren(QPushButton) if "Cancel" in b.text()] == []
    wait_imported(qtbot, flow)
    assert not (shiboken6.isValid(writing) and writing.isVisible())
    assert not (shiboken6.isValid(flow.dialog) and flow.dialog.isVisible())
    assert latvia_notes(database) == LATVIA


def test_a_bad_workbook_names_sheet_row_and_column_and_changes_nothing(
    qtbot, make_window, demo_db, tmp_path, monkeypatch
) -> None:
    workbook = tmp_path / "register.xlsx"
    export_register(demo_db, workbook)
    book = load_workbook(workbook)
    positions = book["Positions"]
    header = [cell.value for cell in positions[1]]
    column = header.index("as_of") + 1
    positions.cell(3, column).value = "2023-02-31"
    book.save(workbook)
    window = make_window(demo_db)
    before = snapshot(demo_db)
    shown: list[list[str]] = []
    progress_on_top: list[QProgressDialog] = []

    def show_report(parent, title, lines) -> None:
        shown.append(lines)
        progress_on_top.extend(d for d in window.findChildren(QProgressDialog) if d.isVisible())

    monkeypatch.setattr(import_actions, "show_report", show_report)
    flow = start_import(qtbot, window, workbook, monkeypatch, refused=True)
    assert flow.dialog is None, "a refused workbook has no preview to decide on"
    assert shown, "the refusal was not shown"
    letter = chr(ord("A") + column - 1)
    assert any("sheet 'Positions'" in line and "row 3" in line and f"column {letter}" in line
               and "31 February" in line for line in shown[0]), shown[0]
    assert progress_on_top == [], "the progress window stayed over the refusal"
    assert snapshot(demo_db) == before
    assert window.statusBar().currentMessage() == (
        "register.xlsx was refused (1 problem); nothing was changed.")


def test_a_merge_offers_no_cancel_once_it_writes_either(qtbot, make_window, tmp_path,
                                                        monkeypatch) -> None:
    from tests.gui.merge_helpers import start_merge, wait_applied

    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "LVA", notes=LATVIA)
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, bob, monkeypatch)
    flow.dialog.merge_button.click()
    qtbot.waitUntil(lambda: flow.apply_task is not None, timeout=10_000)
    writing = flow.apply_task.dialog
    assert [b for b in writing.findChildren(QPushButton) if "Cancel" in b.text()] == []
    wait_applied(qtbot, flow)
    assert latvia_notes(database) == LATVIA


def test_a_read_only_register_offers_no_import_and_says_why(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    # The window marks read-only access by greying every writing action with its reason
    # (issue 18); an import would write, so it is greyed too, and Ctrl+I does nothing.
    alice, workbook = bobs_workbook(tmp_path)
    before = digest(alice)
    database = open_database(alice, read_only=True)
    try:
        window = make_window(database)
        monkeypatch.setattr(import_actions, "ask_workbook_path", lambda parent: str(workbook))
        action = next(a for a in window.report_actions if a.objectName() == "import_register")
        assert not action.isEnabled()
        assert "read-only" in action.toolTip() and "An import would write" in action.toolTip()
        earlier = set(import_actions._RUNNING)
        action.trigger()
        qtbot.wait(200)
        assert earlier == import_actions._RUNNING
    finally:
        database.dispose()
    assert digest(alice) == before


def test_undo_of_an_import_takes_back_the_merge_history_it_brought(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    from tests.gui.test_merge_undo import bob_with_merge_history, history

    alice, bob = two_copies_of_the_demo(tmp_path)
    bob_with_merge_history(bob)
    workbook = tmp_path / "bob.xlsx"
    bobs = open_database(bob)
    try:
        export_register(bobs, workbook)
    finally:
        bobs.dispose()
    database = open_database(alice)
    window = make_window(database)
    before_history = history(database)
    flow = start_import(qtbot, window, workbook, monkeypatch)
    assert flow.dialog.preview.plan.tombstones, "Bob's deletion should travel in the workbook"
    flow.dialog.merge_button.click()
    wait_imported(qtbot, flow)
    assert history(database) != before_history
    window.edit_controller.undo()
    assert history(database) == before_history, (
        "the undone import left tombstones or redirects behind")
