"""What a user does in the window, spelled once for the GUI tests."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.models.base import RowTableModel

RECORD_TYPES = (
    rec.Nation, rec.Person, rec.Meeting, rec.Attendance,
    rec.Issue, rec.Position, rec.Pledge, rec.Question,
)  # fmt: skip


def snapshot(database) -> dict[str, list]:
    """Every record in the database, ignoring only when and how often it was written: an
    undo restores the values exactly, as a new write (its version and revisions move on)."""
    return {
        record_type.__name__: sorted(
            (
                dataclasses.replace(r, updated_at=None, version=0, revisions="")
                for r in records.list_all(database, record_type)
            ),
            key=lambda r: r.uuid,
        )
        for record_type in RECORD_TYPES
    }


def click_row(qtbot, view: QTableView, uuid: str) -> None:
    model = view.model()
    assert isinstance(model, RowTableModel)
    row = model.row_of_uuid(uuid)
    assert row is not None, f"{uuid} is not shown"
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def shown_uuids(view: QTableView) -> list[str]:
    model = view.model()
    assert isinstance(model, RowTableModel)
    return [row.uuid for row in model.rows]


def canvas_point(canvas, display_x: float, display_y: float) -> QPoint:
    """matplotlib display pixels (origin bottom left, physical) to Qt widget coordinates."""
    ratio = canvas.devicePixelRatioF() or 1.0
    return QPoint(round(display_x / ratio), round(canvas.height() - display_y / ratio))
