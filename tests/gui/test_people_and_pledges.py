"""People and Pledges have panes of their own: filter, sort, new, edit, delete, history;
every table has a right-click menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.actions.row_menu import build_row_menu
from coalition_desk.ui.models.base import UUID_ROLE
from tests.conftest import uuid_of

UK = uuid_of("nation", "GBR")


def shown_people(window) -> list[str]:
    model = window.people_pane.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def open_tab(window, key: str):
    window.show()
    window.panes.focus(key)
    pane = window.panes.panes[key][1]
    pane.refresh()
    QApplication.processEvents()
    return pane


def test_people_are_listed_filtered_sorted_and_narrowed_to_a_nation(window) -> None:
    pane = open_tab(window, "people")
    everyone = shown_people(window)
    assert len(everyone) == len(records.list_all(window.database, rec.Person))
    assert "John Healey" in everyone
    pane.filter_box.setText("healey")
    assert shown_people(window) == ["John Healey"]
    pane.filter_box.clear()
    pane.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown_people(window) == sorted(everyone, key=str.casefold, reverse=True)
    window.hub.select_nation(UK)
    QApplication.processEvents()
    british = sorted(p.name for p in records.list_all(window.database, rec.Person)
                     if p.nation_uuid == UK)
    assert british and sorted(shown_people(window)) == british
    assert "of United Kingdom" in pane.heading.text()


def test_a_person_is_edited_and_deleted_from_their_pane(window, monkeypatch) -> None:
    pane = open_tab(window, "people")
    pane.filter_box.setText("healey")
    pane.view.setFocus()
    pane.view.selectRow(0)
    QApplication.processEvents()
    actions = window.edit_controller.actions()
    assert actions["edit_selected"].text() == "&Edit person 'John Healey'…"
    assert actions["delete_selected"].text() == "&Delete person 'John Healey'…"
    assert actions["history_selected"].isEnabled()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a: QMessageBox.StandardButton.Yes)
    healey = pane.view.model().index(0, 0).data(UUID_ROLE)
    actions["delete_selected"].trigger()
    assert healey not in {p.uuid for p in records.list_all(window.database, rec.Person)}
    assert window.statusBar().currentMessage() == "Delete person 'John Healey': done."


def test_pledges_have_their_pane(window) -> None:
    pane = open_tab(window, "pledges")
    model = pane.model
    assert model.rowCount() == len(records.list_all(window.database, rec.Pledge)) == 1
    assert model.index(0, 0).data() == "Latvia"
    assert model.index(0, 1).data() == "Troops"
    pane.view.setFocus()
    pane.view.selectRow(0)
    QApplication.processEvents()
    assert window.edit_controller.actions()["edit_selected"].text().startswith(
        "&Edit pledge 'Latvia")


def test_every_table_has_a_right_click_menu(window) -> None:
    for key, entity in (("nations", "nation"), ("meetings", "meeting"),
                        ("questions", "question"), ("people", "person"),
                        ("pledges", "pledge")):
        window.hub.clear_selection()
        pane = open_tab(window, key)
        view = pane.view
        rect = view.visualRect(view.model().index(0, 0))
        menu = build_row_menu(view, window.edit_controller, entity, rect.center())
        texts = [a.text() for a in menu.actions() if a.text()]
        assert texts[0].startswith("New "), texts
        assert any(t.startswith(f"&Edit {entity} '") for t in texts), texts
        assert any(t.startswith(f"&Delete {entity} '") for t in texts), texts
        assert any(t.startswith("&History of ") for t in texts), texts
        copy = next(a for a in menu.actions() if a.objectName() == "copy_row")
        copy.trigger()
        assert QApplication.clipboard().text().split("\t")[0] == view.model().index(0, 0).data()


def test_right_click_chooses_the_row_under_the_mouse(window) -> None:
    pane = open_tab(window, "nations")
    view = pane.view
    rect = view.visualRect(view.model().index(2, 0))
    build_row_menu(view, window.edit_controller, "nation", QPoint(rect.center()))
    QApplication.processEvents()
    third = view.model().index(2, 0).data(UUID_ROLE)
    assert window.edit_controller.selected() == ("nation", third)
