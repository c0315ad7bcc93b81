"""File → Capture from Text… as an officer uses it, from an empty register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.actions import capture_actions
from tests.conftest import SCENARIO_ARTICLE
from tests.gui.helpers import shown_uuids, snapshot

ARTICLE = SCENARIO_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def review(qtbot, make_window, empty_db, monkeypatch):
    """The review dialog of the article pasted into an empty register's window."""
    shown: list = []
    monkeypatch.setattr(capture_actions, "present", shown.append)
    window = make_window(empty_db)
    action = window.findChild(type(window.menu_bar.actions()[0]), "capture_text")
    action.trigger()
    (paste,) = shown
    paste.text_edit.setPlainText(ARTICLE)
    paste.date_edit.setText("2025-04-11")
    paste.accept()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=30_000)
    return window, shown[1]


def test_the_review_shows_the_text_and_marks_every_proposal_new(qtbot, review):
    _window, dialog = review
    assert dialog.text_view.toPlainText() == ARTICLE
    assert {dialog.item_for("nations", i).text(1) for i in range(13)} == {"new"}
    brekelmans = next(i for i, s in enumerate(dialog._proposals["statements"])
                      if s.speaker == "Ruben Brekelmans")
    dialog.tree.setCurrentItem(dialog.item_for("statements", brekelmans))
    assert dialog.highlighted() == ("It would be ideal to have the U.S. openly and explicitly "
                                    "backing the coalition’s efforts.")


def test_accepting_saves_the_records_shows_them_and_packs_them(qtbot, review, empty_db, tmp_path):
    window, dialog = review
    dialog.accept_ticked()
    assert dialog.problem.text() == ""
    qtbot.waitUntil(lambda: len(shown_uuids(window.nations_pane.view)) == 13, timeout=10_000)
    qtbot.waitUntil(lambda: len(shown_uuids(window.meetings_pane.view)) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: len(shown_uuids(window.questions_pane.view)) == 6, timeout=10_000)
    (meeting,) = records.list_all(empty_db, rec.Meeting)
    assert (meeting.date, meeting.headcount_reported) == (dt.date(2025, 4, 10), 30)
    positions = records.list_all(empty_db, rec.Position)
    assert {p.source for p in positions} == {dialog.reviewed()[0].source}
    assert dialog.reviewed()[0].source.endswith("(2025-04-11)")

    from coalition_desk.reports.pack import write_meeting_pack

    pack = tmp_path / "pack.xlsx"
    write_meeting_pack(empty_db, meeting.uuid, pack, today=dt.date(2025, 4, 11))
    book = load_workbook(pack)
    cells = " ".join(str(cell.value) for sheet in book.worksheets
                     for row in sheet.iter_rows() for cell in row if cell.value)
    comments = " ".join(cell.comment.text for row in book["Positions"].iter_rows()
                        for cell in row if cell.comment)
    book.close()
    assert "Defence ministers declined to provide specifics" in cells  # Open questions
    assert "Latvia Troops" in " ".join(cells.split())  # Pledges
    assert "No stance taken" in cells  # Positions: statements, no stance guessed
    # Each nation's latest statement, hovered: its words and the report it came from.
    assert f"Source: {dialog.reviewed()[0].source}" in comments
    assert "countries must agree on whether the force’s role" in comments

    # One undo step takes the whole capture back.
    window.edit_controller.undo_stack.undo()
    assert records.is_empty(empty_db)


def test_a_cancelled_review_saves_nothing(qtbot, review, empty_db):
    window, dialog = review
    before = snapshot(empty_db)
    dialog.reject()
    assert snapshot(empty_db) == before and records.is_empty(empty_db)
    assert window.edit_controller.undo_stack.count() == 0


def test_unticked_and_edited_proposals_are_saved_as_the_officer_left_them(qtbot, review, empty_db):
    _window, dialog = review
    for index in range(len(dialog._proposals["questions"])):
        dialog.set_ticked("questions", index, False)
    dialog.tree.setCurrentItem(dialog.item_for("people", 4))  # Kaja Kalals, misspelt
    dialog.editor.findChild(type(dialog.title_edit), "person_name").setText("Kaja Kallas")
    dialog.editor.findChild(type(dialog.title_edit), "person_name").textEdited.emit("Kaja Kallas")
    dialog.accept_ticked()
    assert records.counts(empty_db)["questions"] == 0
    assert "Kaja Kallas" in {p.name for p in records.list_all(empty_db, rec.Person)}


def test_a_refused_save_keeps_the_dialog_open_and_says_why(qtbot, review, empty_db):
    _window, dialog = review
    latvia = next(i for i, n in enumerate(dialog._proposals["nations"]) if n.code == "LVA")
    dialog.set_ticked("nations", latvia, False)
    dialog.accept_ticked()
    assert "needs Latvia, which is not ticked" in dialog.problem.text()
    assert dialog.result() == 0 and records.is_empty(empty_db)


def test_a_file_that_is_not_text_is_refused_in_the_paste_dialog(qtbot, tmp_path: Path):
    from coalition_desk.ui.dialogs.capture.paste import CapturePasteDialog

    dialog = CapturePasteDialog()
    qtbot.addWidget(dialog)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert not dialog.load(binary)
    assert "binary" in dialog.problem.text()
