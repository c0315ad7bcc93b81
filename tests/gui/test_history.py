"""The audit trail of a record, shown in the window (issue 7: audit per record)."""

import dataclasses

from PySide6.QtCore import Qt

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.dialogs.history_dialog import HistoryDialog
from tests.conftest import uuid_of


def cell_texts(dialog: HistoryDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [
            model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            for column in range(model.columnCount())
        ]
        for row in range(model.rowCount())
    ]


def test_history_of_the_selected_nation_lists_every_change_with_before_and_after(
    controller, demo_db
) -> None:
    poland_uuid = uuid_of("nation", "POL")
    poland = records.get(demo_db, rec.Nation, poland_uuid)
    controller.hub.writer.update(dataclasses.replace(poland, role="participant"))
    controller.hub.select_nation(poland_uuid)
    assert controller.actions()["history_selected"].isEnabled()

    controller.actions()["history_selected"].trigger()

    (dialog,) = controller.presented
    rows = cell_texts(dialog)
    assert [row[2] for row in rows] == ["create", "update"]
    assert rows[0][3] == "demo" and rows[1][3] == "window"
    assert rows[1][4] == "role: not_stated → participant"
    assert "Poland" in dialog.windowTitle()


def test_history_needs_a_selection(controller) -> None:
    assert not controller.actions()["history_selected"].isEnabled()
    assert controller.history_selected() is None
    assert controller.presented == []
