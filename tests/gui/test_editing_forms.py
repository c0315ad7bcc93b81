"""The dialogs as a keyboard or screen-reader user meets them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coalition_desk.ui.actions.editing import DIALOGS
from coalition_desk.ui.dialogs.form import RecordDialog
from tests.conftest import uuid_of


def tab_stops(dialog: RecordDialog) -> list[str]:
    """Accessible names met by pressing Tab from the first field, once round."""
    first = dialog.errors.widget_for(next(iter(dialog.errors._rows)))
    names, widget = [], first
    while True:
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isEnabled()
            and widget.isVisibleTo(dialog)
            and widget.accessibleName()
        ):
            names.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
        if widget is first:
            return names


def test_tab_goes_through_the_position_form_top_to_bottom(controller) -> None:
    dialog = controller.open_editor("position")
    dialog.confirmed_edit.enabled_box.setChecked(True)
    assert tab_stops(dialog) == [
        "Nation", "Issue", "Stance", "Meeting", "As of", "Quote", "Summary", "Speaker",
        "On behalf", "Source", "Salience", "Confidence", "Last confirmed: set", "Last confirmed",
    ]  # fmt: skip


@pytest.mark.parametrize("entity", sorted(DIALOGS))
def test_every_field_has_a_name_a_label_and_a_place_for_its_error(controller, entity) -> None:
    dialog = controller.open_editor(entity)
    keys: list[str] = []
    for field in dialog.errors._rows:
        widget = dialog.errors.widget_for(field)
        assert widget.accessibleName(), field
        buddies = [label for label in dialog.findChildren(QLabel) if label.buddy() is widget]
        assert len(buddies) == 1, field
        text = buddies[0].text()
        assert "&" in text, f"{field} has no Alt key"
        keys.append(text[text.index("&") + 1].lower())
    assert len(keys) == len(set(keys)), f"two fields share an Alt key: {sorted(keys)}"


def test_an_issue_change_offers_that_issues_stances(controller) -> None:
    dialog = controller.open_editor("position")
    dialog.issue_combo.set_value(uuid_of("issue", "objective"))
    offered = [dialog.stance_combo.itemText(i) for i in range(dialog.stance_combo.count())]
    assert offered == ["(no stance taken)", "Deterrence", "Monitoring", "Peacekeeping"]
