"""File → Merge Register… with conflicts: chosen field by field in the conflicts dialog,
the register then holds exactly those choices; closing it undecided merges nothing."""

from __future__ import annotations

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.store.engine import open_database
from coalition_desk.ui.dialogs.history_dialog import HistoryDialog
from tests.conftest import uuid_of
from tests.gui.merge_helpers import (
    ALICE_POLAND,
    BOB_POLAND,
    start_merge,
    two_copies_of_the_demo,
    wait_applied,
)
from tests.merge.helpers import digest, edit_nation


def nation_of(database, code: str) -> rec.Nation:
    return records.get(database, rec.Nation, uuid_of("nation", code))


def diverged(tmp_path):
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(alice, "POL", notes=ALICE_POLAND)
    edit_nation(bob, "POL", notes=BOB_POLAND)
    edit_nation(alice, "FRA", constraints="Alice: no troops before a ceasefire")
    edit_nation(bob, "FRA", constraints="Bob: parliament must vote first")
    edit_nation(alice, "LVA", role="lead")
    edit_nation(bob, "LVA", role="observer")
    edit_nation(bob, "FIN", notes="Bob: Helsinki offers air policing")
    return alice, bob


def key(code: str, field: str) -> str:
    return f"nation:{uuid_of('nation', code)}:{field}"


def test_choices_per_field_are_exactly_what_the_register_holds(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = diverged(tmp_path)
    database = open_database(alice)
    window = make_window(database)
    finland_before = nation_of(database, "FIN").notes
    flow = start_merge(qtbot, window, bob, monkeypatch)
    preview = flow.dialog
    assert "conflicts: 3 in 3 records" in preview.summary.text()

    preview.merge_button.click()  # undecided conflicts: the dialog comes first
    dialog = preview.conflicts_dialog
    assert dialog is not None and dialog.isVisible()
    poland = dialog.select(key("POL", "notes"))
    assert poland.texts["mine"].toPlainText() == ALICE_POLAND
    assert poland.texts["theirs"].toPlainText() == BOB_POLAND
    assert "both" in poland.buttons, "notes are free text: keeping both is offered"
    assert not dialog.apply_button.isEnabled()
    poland.buttons["both"].click()
    latvia = dialog.select(key("LVA", "role"))
    assert "both" not in latvia.buttons
    dialog.select(key("FRA", "constraints")).buttons["theirs"].click()
    assert not dialog.apply_button.isEnabled(), "one conflict is still undecided"
    dialog.select(key("LVA", "role")).buttons["mine"].click()
    assert dialog.choice(key("POL", "notes")) == "both"
    dialog.apply_button.click()
    wait_applied(qtbot, flow)

    assert flow.result is not None, window.statusBar().currentMessage()
    notes = nation_of(database, "POL").notes
    assert notes.startswith(ALICE_POLAND) and notes.endswith(BOB_POLAND)
    assert "kept both" in notes
    assert nation_of(database, "FRA").constraints == "Bob: parliament must vote first"
    assert nation_of(database, "LVA").role == "lead"
    assert nation_of(database, "FIN").notes == "Bob: Helsinki offers air policing"
    message = window.statusBar().currentMessage()
    assert "From bob: Merged:" in message and "3 conflicts decided" in message
    assert list(tmp_path.glob("alice.before-merge-*")), "no backup copy was made"

    # Edit → History of Selected names the merge as the origin.
    window.hub.select_nation(uuid_of("nation", "POL"))
    controller = window.edit_controller
    shown = []
    monkeypatch.setattr(controller, "present", shown.append)
    controller.actions()["history_selected"].trigger()
    (history,) = shown
    assert isinstance(history, HistoryDialog)
    model = history.model
    origins = [model.index(row, 3).data() for row in range(model.rowCount())]
    assert origins[-1].startswith("merge from bob "), origins

    # The whole merge is one undo step.
    controller.undo()
    assert nation_of(database, "POL").notes == ALICE_POLAND
    assert nation_of(database, "FIN").notes == finland_before
    assert nation_of(database, "FRA").constraints == "Alice: no troops before a ceasefire"


def test_closing_the_conflicts_dialog_undecided_merges_nothing_and_says_so(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    alice, bob = diverged(tmp_path)
    database = open_database(alice)
    window = make_window(database)
    before = {code: nation_of(database, code) for code in ("POL", "FRA", "LVA", "FIN")}
    flow = start_merge(qtbot, window, bob, monkeypatch)
    preview = flow.dialog
    preview.merge_button.click()
    dialog = preview.conflicts_dialog
    dialog.select(key("POL", "notes")).buttons["theirs"].click()
    dialog.findChild(type(dialog.apply_button), "decide_later").click()
    assert preview.isVisible(), "the preview stays, so the conflicts are not out of sight"
    assert "still undecided" in preview.notice.text() and "nothing" in preview.notice.text()
    assert flow.apply_task is None
    preview.reject()
    assert "not applied" in window.statusBar().currentMessage()
    assert "nothing was changed" in window.statusBar().currentMessage()
    assert {code: nation_of(database, code) for code in before} == before
    assert not list(tmp_path.glob("alice.before-merge-*"))


def test_cancelling_the_preview_changes_nothing(qtbot, make_window, tmp_path, monkeypatch) -> None:
    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "FIN", notes="Bob: Helsinki offers air policing")
    database = open_database(alice)
    window = make_window(database)
    finland_before = nation_of(database, "FIN").notes
    flow = start_merge(qtbot, window, bob, monkeypatch)
    assert "changed: 1" in flow.dialog.summary.text()
    database.dispose()
    before = digest(alice)
    flow.dialog.reject()
    assert window.statusBar().currentMessage() == "Merge cancelled; nothing was changed."
    assert digest(alice) == before
    assert nation_of(window.database, "FIN").notes == finland_before


def test_cancelling_while_the_preview_is_read_changes_nothing(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    from coalition_desk.reports import merge_preview
    from coalition_desk.ui.actions import merge_actions

    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(bob, "FIN", notes="Bob: Helsinki offers air policing")
    database = open_database(alice)
    window = make_window(database)
    finland_before = nation_of(database, "FIN").notes
    real = merge_preview.preview_merge
    started: list = []

    def slow(database, other, progress):
        def cancel_mid_way(done, total):
            if 0 < done < total:
                started[0].cancel()  # the officer presses Cancel while it compares
            progress(done, total)

        return real(database, other, cancel_mid_way)

    monkeypatch.setattr(merge_preview, "preview_merge", slow)
    monkeypatch.setattr(merge_actions, "ask_merge_path", lambda parent: str(bob))
    flow = merge_actions.merge_register(window)
    started.append(flow.preview_task)
    with qtbot.waitSignal(flow.preview_task.cancelled, timeout=60_000):
        pass
    assert flow.dialog is None
    assert window.statusBar().currentMessage() == "Merge cancelled; nothing was changed."
    assert nation_of(database, "FIN").notes == finland_before


def test_a_record_deleted_there_and_edited_here_is_decided_like_a_field(
    qtbot, make_window, tmp_path, monkeypatch
) -> None:
    from coalition_desk.services.crud import NotFound
    from tests.merge.helpers import delete_record

    alice, bob = two_copies_of_the_demo(tmp_path)
    edit_nation(alice, "GRC", notes="Alice: Athens still undecided")
    edit_nation(alice, "NLD", notes="Alice: The Hague sends staff officers")
    delete_record(bob, "nation", uuid_of("nation", "GRC"))
    delete_record(bob, "nation", uuid_of("nation", "NLD"))
    database = open_database(alice)
    window = make_window(database)
    flow = start_merge(qtbot, window, bob, monkeypatch)
    flow.dialog.merge_button.click()
    dialog = flow.dialog.conflicts_dialog
    greece = dialog.select(f"nation:{uuid_of('nation', 'GRC')}")
    assert greece.texts["mine"].toPlainText() == "edited"
    assert greece.texts["theirs"].toPlainText() == "deleted"
    assert "both" not in greece.buttons
    greece.buttons["mine"].click()
    dialog.select(f"nation:{uuid_of('nation', 'NLD')}").buttons["theirs"].click()
    dialog.apply_button.click()
    wait_applied(qtbot, flow)
    assert nation_of(database, "GRC").notes == "Alice: Athens still undecided"
    try:
        nation_of(database, "NLD")
        raise AssertionError("Bob's deletion of the Netherlands was not taken")
    except NotFound:
        pass


def test_a_register_open_read_only_offers_no_merge(make_window, tmp_path) -> None:
    alice, _bob = two_copies_of_the_demo(tmp_path)
    window = make_window(open_database(alice, read_only=True))
    action = next(a for a in window.report_actions if a.objectName() == "merge_register")
    assert not action.isEnabled()
    assert "read-only" in action.toolTip()
