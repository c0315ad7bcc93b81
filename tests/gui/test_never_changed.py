"""What the officer types stays as typed: refused beside the field with the reason, the
message going once the field is fixed; the dialogs answer the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from coalition_desk.domain import records as rec
from coalition_desk.services import records, settings
from coalition_desk.ui.dialogs import form
from coalition_desk.ui.dialogs.pledge_dialog import PledgeDialog
from coalition_desk.ui.dialogs.settings_dialog import SettingsDialog


def typed(qtbot, spin, text: str) -> None:
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)


def test_a_negative_quantity_stays_and_is_refused_beside_it(controller, hub, qtbot) -> None:
    dialog = controller.open_editor("pledge")
    typed(qtbot, dialog.quantity_spin, "-300")
    assert dialog.quantity_spin.value_or_none() == -300
    before = records.counts(hub.database)
    assert not dialog.save()
    assert dialog.errors.shown()["quantity"] == "must be a number of 0 or more"
    assert records.counts(hub.database) == before


def test_a_salience_of_999_stays_999_and_the_message_goes_once_fixed(controller, hub,
                                                                     qtbot) -> None:
    position = records.list_all(hub.database, rec.Position)[0]
    dialog = controller.open_editor("position", position.uuid)
    typed(qtbot, dialog.salience_spin, "999")
    assert dialog.salience_spin.value_or_none() == 999
    assert not dialog.save()
    assert "from 0 to 100 (got 999)" in dialog.errors.shown()["salience"]
    assert dialog.errors.is_visible_for("salience")
    typed(qtbot, dialog.salience_spin, "80")
    assert not dialog.errors.is_visible_for("salience")
    assert dialog.banner.isHidden()


def test_the_arrows_step_from_not_stated_into_the_range(controller, qtbot) -> None:
    dialog = controller.open_editor("pledge")
    assert dialog.quantity_spin.value_or_none() is None
    dialog.quantity_spin.stepBy(1)
    assert dialog.quantity_spin.value_or_none() == 0
    dialog.quantity_spin.stepBy(-1)
    assert dialog.quantity_spin.value_or_none() is None


def test_an_answered_question_without_an_answer_is_refused_beside_the_answer(
        controller, hub, qtbot) -> None:
    dialog = controller.open_editor("question")
    dialog.text_edit.setText("Who chairs the next round?")
    dialog.status_combo.set_value("answered")
    assert not dialog.save()
    assert "needs its answer" in dialog.errors.shown()["answer"]
    dialog.answer_edit.setText("The United Kingdom.")
    assert not dialog.errors.is_visible_for("answer")
    assert dialog.save()


def test_a_long_marking_is_kept_whole_and_refused_naming_the_limit(window, qtbot) -> None:
    dialog = SettingsDialog(window.hub, window)
    qtbot.addWidget(dialog)
    marking = "OFFICIAL-SENSITIVE HANDLE VIA COALITION LIAISON CHANNELS ONLY NOFORN"
    dialog.marking.clear()
    qtbot.keyClicks(dialog.marking, marking)
    assert dialog.marking.text() == marking
    dialog.save()
    shown = dialog.errors["protective_marking"].text()
    assert f"is {len(marking)} characters" in shown and "at most 60" in shown
    assert window.top_banner.text() == "OFFICIAL"


def test_settings_set_the_registers_capabilities(window, qtbot) -> None:
    dialog = SettingsDialog(window.hub, window)
    qtbot.addWidget(dialog)
    used = sorted({p.capability for p in records.list_all(window.hub.database, rec.Pledge)})
    dialog.capabilities.setText(", ".join([*used, "demining", "escort ships"]))
    dialog.pledge_sheets.setChecked(False)
    dialog.save()
    assert settings.capabilities(window.hub.database) == (*used, "demining", "escort ships")
    assert not settings.pledge_sheets(window.hub.database)
    pledge = PledgeDialog(window.hub, None, window)
    qtbot.addWidget(pledge)
    offered = [pledge.capability_combo.itemData(i) for i in range(pledge.capability_combo.count())]
    assert offered == [*used, "demining", "escort ships"]


def test_a_code_typed_too_long_is_kept_and_refused(controller, qtbot) -> None:
    dialog = controller.open_editor("nation")
    dialog.name_edit.setText("Somewhere")
    qtbot.keyClicks(dialog.code_edit, "ABCDEFGHIJKL")
    assert dialog.code_edit.text() == "ABCDEFGHIJKL"
    assert not dialog.save()
    assert "code" in dialog.errors.shown()


def test_ctrl_enter_saves_a_dialog(controller, hub, qtbot) -> None:
    dialog = controller.open_editor("nation")
    dialog.show()
    dialog.name_edit.setText("Iceland")
    dialog.code_edit.setText("ISL")
    dialog.notes_edit.setFocus()
    before = records.counts(hub.database)["nations"]
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert records.counts(hub.database)["nations"] == before + 1


def test_tab_leaves_a_date_for_the_next_field(controller, hub, qtbot) -> None:
    dialog = controller.open_editor("position")
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.as_of_edit.setFocus()
    qtbot.keyClick(dialog.as_of_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.as_of_edit
    assert not dialog.as_of_edit.isAncestorOf(QApplication.focusWidget())


def test_a_stray_mnemonic_types_nothing_into_a_text_box(controller, qtbot) -> None:
    dialog = controller.open_editor("nation")
    dialog.show()
    dialog.notes_edit.setFocus()
    qtbot.keyClicks(dialog.notes_edit, "ab")
    qtbot.keyClick(dialog.notes_edit, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert dialog.notes_edit.text() == "ab"
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)
    assert dialog.name_edit.text() == ""


def test_discard_has_a_mnemonic_and_esc_keeps_editing(qtbot) -> None:
    seen: list[list[str]] = []

    def press_keep() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([b.text() for b in box.findChildren(QPushButton)])
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_keep)
    assert form.confirm_discard(None, "nation") is False
    assert "&Discard" in seen[0]


def test_a_speaker_from_elsewhere_needs_the_on_behalf_box(controller, hub) -> None:
    people = [p for p in records.list_all(hub.database, rec.Person) if p.nation_uuid]
    position = next(p for p in records.list_all(hub.database, rec.Position)
                    if any(person.nation_uuid != p.nation_uuid for person in people))
    stranger = next(p for p in people if p.nation_uuid != position.nation_uuid)
    dialog = controller.open_editor("position", position.uuid)
    dialog.speaker_combo.set_value(stranger.uuid)
    assert not dialog.save()
    assert "belongs to another nation" in dialog.errors.shown()["speaker_uuid"]
    dialog.on_behalf_box.setChecked(True)
    assert dialog.save()
    assert records.get(hub.database, rec.Position, position.uuid).speaker_capacity == "on_behalf"


def test_a_question_raised_on_a_day_without_a_meeting(controller, hub) -> None:
    import datetime as dt

    dialog = controller.open_editor("question")
    dialog.text_edit.setText("Who insures the corridor's ships?")
    dialog.raised_combo.set_value(None)
    dialog.raised_on_edit.set_value(dt.date(2025, 4, 2))
    assert dialog.save()
    saved = next(q for q in records.list_all(hub.database, rec.Question)
                 if q.text == "Who insures the corridor's ships?")
    assert saved.raised_on == dt.date(2025, 4, 2)
