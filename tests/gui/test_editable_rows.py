"""The form grids' shared model: what a cell shows, what an edit stores."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from coalition_desk.ui.models.editable_rows import EditableColumn, EditableRowsModel


@dataclasses.dataclass(frozen=True)
class Seat:
    nation: str
    speaker: str | None = None
    note: str = ""


def model() -> EditableRowsModel[Seat]:
    return EditableRowsModel([
        EditableColumn("Nation", "nation", {"n-1": "Latvia"}, missing="(choose a nation)"),
        EditableColumn("Speaker", "speaker", {"p-1": "Andris Sprūds"}, missing="",
                       empty="(nobody)", none_when_empty=True),
        EditableColumn("Notes", "note"),
    ])


def test_cells_show_labels_and_edits_store_values() -> None:
    seats = model()
    seats.append(Seat("n-1", "p-1"))
    seats.append(Seat(""))
    shown = [[seats.index(r, c).data() for c in range(3)] for r in range(2)]
    assert shown == [["Latvia", "Andris Sprūds", ""], ["(choose a nation)", "(nobody)", ""]]
    assert seats.index(0, 0).data(Qt.ItemDataRole.EditRole) == "n-1"
    assert seats.headerData(1, Qt.Orientation.Horizontal) == "Speaker"
    assert seats.headerData(1, Qt.Orientation.Vertical) == "2"
    assert seats.flags(seats.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    # An emptied optional reference is None, an emptied text "", never silently else.
    assert seats.setData(seats.index(0, 1), "")
    assert seats.setData(seats.index(0, 2), "Arrived late")
    assert seats.rows()[0] == Seat("n-1", None, "Arrived late")
    seats.remove(0)
    assert seats.rows() == [Seat("")]
