"""Every finished action says what happened; a written workbook is one click from opening."""

from __future__ import annotations

from pathlib import Path

from coalition_desk.services import meetings
from coalition_desk.ui import written_notice
from coalition_desk.ui.actions import file_actions, import_actions, report_actions


def message(window) -> str:
    return window.statusBar().currentMessage()


def test_a_save_and_its_undo_are_told(window) -> None:
    dialog = window.edit_controller.open_editor("nation")
    dialog.name_edit.setText("Iceland")
    dialog.code_edit.setText("ISL")
    assert dialog.save()
    assert message(window) == "Add nation 'Iceland': done."
    window.edit_controller.undo()
    assert message(window) == "Undone: Add nation 'Iceland'."


def test_the_pack_is_offered_by_meeting_and_town_in_the_folder_last_used(
        qtbot, window, tmp_path: Path, monkeypatch) -> None:
    brussels = meetings.find_meeting(window.database, "2025-04-10")
    window.hub.select_meeting(brussels.uuid)
    offered: list[str] = []
    folder = tmp_path / "packs"
    folder.mkdir()

    def choose(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return str(folder / Path(suggested).name)

    monkeypatch.setattr(file_actions, "ask_save_path", choose)
    opened: list[str] = []
    monkeypatch.setattr(written_notice, "open_in_desktop", lambda path: opened.append(str(path)))
    task = report_actions.meeting_pack(window)
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    assert Path(offered[0]).name == "pack-2025-04-10-brussels.xlsx"
    assert message(window) == "Meeting pack written: pack-2025-04-10-brussels.xlsx"
    notice = window.written_notice
    assert notice.isVisibleTo(window)
    notice.open_button.click()
    notice.folder_button.click()
    assert opened == [str(folder / "pack-2025-04-10-brussels.xlsx"), str(folder)]
    # The next save opens where this one went.
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *args: offered.append(args[2]))
    report_actions.export_register(window)
    assert Path(offered[1]).parent == folder
    assert Path(offered[1]).name.startswith("register-")


def test_an_import_says_what_it_did_in_the_status_bar(qtbot, window, tmp_path: Path,
                                                     monkeypatch) -> None:
    workbook = tmp_path / "register.xlsx"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *args: str(workbook))
    task = report_actions.export_register(window)
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert message(window).startswith(f"Exported to {workbook}")
    monkeypatch.setattr(import_actions, "ask_workbook_path", lambda parent: str(workbook))
    flow = report_actions.import_register(window)
    with qtbot.waitSignal(flow.preview_task.done, timeout=30_000):
        pass
    # Its own export brings nothing new: the preview says so, and so does the status bar.
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    assert "Nothing to import" in flow.dialog.notice.text()
    assert not flow.dialog.merge_button.isEnabled()
    flow.dialog.reject()
    assert message(window) == ("Nothing imported from register.xlsx: this register already "
                               "holds everything in it.")


def test_the_status_bar_counts_every_kind_and_leaves_room_for_messages(window) -> None:
    window.refresh_counts()
    text = window.counts_label.text()
    for kind in ("nations", "people", "meetings", "issues", "positions", "questions"):
        assert kind in text or kind.rstrip("s") in text, (kind, text)
    window.resize(1024, 700)
    window.show()
    # The database path no longer stretches over the messages' room.
    assert window.path_label.width() <= window.path_label.sizeHint().width() + 10
