"""Edit and Delete act on what the focused pane has selected, and say which record."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from coalition_desk.domain import records as rec
from coalition_desk.services import meetings, records
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")


def focus(window, pane) -> None:
    window.show()
    window.activateWindow()
    pane.view.setFocus() if hasattr(pane, "view") else pane.setFocus()
    QApplication.processEvents()


def test_delete_with_the_nations_table_focused_offers_the_nation(window, qtbot,
                                                                monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: asked.append(text)
                        or QMessageBox.StandardButton.Cancel)
    brussels = meetings.find_meeting(window.database, "2025-04-10")
    window.hub.select_nation(POLAND)
    window.hub.select_meeting(brussels.uuid)
    focus(window, window.nations_pane)
    actions = window.edit_controller.actions()
    assert actions["delete_selected"].text() == "&Delete nation 'Poland'…"
    assert actions["edit_selected"].text() == "&Edit nation 'Poland'…"
    actions["delete_selected"].trigger()
    assert "Delete the nation 'Poland'?" in asked[0]
    focus(window, window.meetings_pane)
    assert actions["delete_selected"].text().startswith("&Delete meeting 'Coalition of the")


def test_a_focused_pane_with_nothing_selected_offers_nothing_else(window) -> None:
    position = records.list_all(window.database, rec.Position)[0]
    window.hub.select_position(position.uuid)
    focus(window, window.questions_pane)
    actions = window.edit_controller.actions()
    assert not actions["delete_selected"].isEnabled()
    assert actions["delete_selected"].text() == "&Delete Selected…"


def test_the_chosen_issue_is_editable_and_deletable_from_the_timeline(window) -> None:
    issue = records.list_all(window.database, rec.Issue)[0]
    window.hub.select_issue(issue.uuid)
    focus(window, window.timeline_pane)
    actions = window.edit_controller.actions()
    assert actions["edit_selected"].isEnabled()
    assert actions["edit_selected"].text() == f"&Edit issue '{issue.name}'…"
    actions["edit_selected"].trigger()


def test_esc_twice_clears_the_chosen_issue_too(window) -> None:
    issue = records.list_all(window.database, rec.Issue)[0]
    window.hub.select_issue(issue.uuid)
    window.hub.select_nation(POLAND)
    window.clear_action.trigger()
    assert window.hub.context.nation_uuid is None
    assert window.hub.context.issue_uuid == issue.uuid
    window.clear_action.trigger()
    assert window.hub.context.issue_uuid is None
