"""The dialogs as a keyboard or screen-reader user meets them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from coalition_desk.ui.actions.record_dialogs import RECORD_TYPES
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


@pytest.mark.parametrize("entity", sorted(RECORD_TYPES))
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


def test_the_forms_load_when_first_opened_not_with_the_window(controller) -> None:
    """A cold start brings in no form (each is memory and time the start does not need);
    opening one loads the right form for its kind of record."""
    import json
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import json, sys; import coalition_desk.ui.app, "
         "coalition_desk.ui.main_window; print(json.dumps(sorted(m for m in sys.modules "
         "if m.startswith('coalition_desk.ui.dialogs.') and m.endswith('_dialog'))))"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert json.loads(loaded.stdout) == []
    for entity, record_type in RECORD_TYPES.items():
        dialog = controller.open_editor(entity)
        assert type(dialog).__name__ == f"{record_type.__name__}Dialog"
        dialog.reject()
