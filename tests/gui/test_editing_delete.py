"""Deleting asks first and lists what depends on the record; undo brings it all back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.exc import OperationalError

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from tests.conftest import uuid_of
from tests.gui.helpers import snapshot

UK = uuid_of("nation", "GBR")


@pytest.fixture
def questions_asked(monkeypatch):
    """Patches QMessageBox.question; set .answer, read .texts."""

    class Asked:
        def __init__(self) -> None:
            self.answer = QMessageBox.StandardButton.Cancel
            self.texts: list[str] = []

    asked = Asked()

    def question(_parent, _title, text, *_args):
        asked.texts.append(text)
        return asked.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.fixture
def warnings_shown(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: shown.append(text))
    return shown


def test_a_delete_lists_the_dependents_and_declining_changes_nothing(
    controller, hub, questions_asked
) -> None:
    expected = hub.writer.dependents("nation", UK)
    assert expected == [
        "2 attendance (deleted too)",
        "2 people (unlinked)",
        "3 positions (deleted too)",
    ]
    before = snapshot(hub.database)
    hub.select_nation(UK)

    controller.actions()["delete_selected"].trigger()

    [text] = questions_asked.texts
    assert "Delete the nation 'United Kingdom'?" in text
    for line in expected:
        assert line in text
    assert snapshot(hub.database) == before
    assert controller.undo_stack.count() == 0
    assert hub.context.nation_uuid == UK


def test_an_agreed_delete_removes_the_record_and_undo_restores_everything(
    controller, hub, questions_asked, qtbot
) -> None:
    questions_asked.answer = QMessageBox.StandardButton.Yes
    before = snapshot(hub.database)
    hub.select_nation(UK)

    with qtbot.waitSignal(hub.data_changed) as announced:
        assert controller.delete_selected()

    deleted = {(c.entity, c.uuid) for c in announced.args[0].changes if c.action == "delete"}
    assert ("nation", UK) in deleted
    assert sum(entity == "position" for entity, _ in deleted) == 3
    assert sum(entity == "attendance" for entity, _ in deleted) == 2
    unlinked = [c for c in announced.args[0].changes if c.entity == "person"]
    assert len(unlinked) == 2 and all(c.after.nation_uuid is None for c in unlinked)
    assert UK not in {n.uuid for n in records.list_all(hub.database, rec.Nation)}
    assert hub.context.nation_uuid is None  # the hub drops a deleted selection
    after = snapshot(hub.database)

    controller.undo()
    assert snapshot(hub.database) == before
    controller.redo()
    assert snapshot(hub.database) == after
    controller.undo()
    assert snapshot(hub.database) == before
    trail = records.audit_trail(hub.database, UK)
    assert [e.action for e in trail][-4:] == ["delete", "create", "delete", "create"]
    assert {e.origin for e in trail[-4:]} == {"window"}


def test_a_record_nothing_depends_on_says_so(controller, hub, questions_asked) -> None:
    question = records.list_all(hub.database, rec.Question)[0]
    hub.select_question(question.uuid)
    controller.delete_selected()
    assert "No other record depends on it." in questions_asked.texts[0]
    assert records.get(hub.database, rec.Question, question.uuid) == question


def test_a_failed_undo_keeps_the_step_for_a_retry(
    controller, hub, questions_asked, warnings_shown, monkeypatch
) -> None:
    questions_asked.answer = QMessageBox.StandardButton.Yes
    before = snapshot(hub.database)
    question = records.list_all(hub.database, rec.Question)[0]
    assert controller.delete("question", question.uuid)
    after = snapshot(hub.database)

    def locked(_changes):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(hub.writer, "revert", locked)
    controller.undo()

    assert snapshot(hub.database) == after
    assert controller.undo_stack.index() == 1 and controller.undo_stack.canUndo()
    assert len(warnings_shown) == 1 and "locked" in warnings_shown[0]

    monkeypatch.setattr(hub.writer, "revert", type(hub.writer).revert.__get__(hub.writer))
    controller.undo()
    assert snapshot(hub.database) == before
    controller.redo()
    assert snapshot(hub.database) == after


def test_a_failed_redo_keeps_the_step_for_a_retry(
    controller, hub, questions_asked, warnings_shown, monkeypatch
) -> None:
    questions_asked.answer = QMessageBox.StandardButton.Yes
    question = records.list_all(hub.database, rec.Question)[0]
    assert controller.delete("question", question.uuid)
    controller.undo()
    restored = snapshot(hub.database)

    def locked(_changes):
        raise OperationalError("DELETE", {}, Exception("database is locked"))

    monkeypatch.setattr(hub.writer, "apply", locked)
    controller.redo()

    assert snapshot(hub.database) == restored
    assert controller.undo_stack.canRedo() and controller.undo_stack.index() == 0
    assert len(warnings_shown) == 1
