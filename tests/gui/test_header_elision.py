"""A column heading wider than its column is cut at the right, never in the middle.

Qt's headers do not elide by default: a centred heading longer than its section was
clipped at both ends ("ue 1: Nation border rotat"), so the officer could not read
which issue a Nations column holds. The heading's tooltip says it whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from coalition_desk.ui.models.base import Column, RowTableModel
from coalition_desk.ui.table_view import make_table_view

LONG_HEADING = "Issue 1: Nation border rotation and the training conditions"


@dataclass(frozen=True)
class _Row:
    uuid: str
    name: str


def _ink_columns(image: QImage, left: int, right: int) -> list[int]:
    """The x positions in [left, right) holding text: far from the header's background."""
    background = QColor(image.pixel(left + 1, 1)).lightness()
    found = []
    for x in range(left, right):
        for y in range(3, image.height() - 3):
            if abs(QColor(image.pixel(x, y)).lightness() - background) > 90:
                found.append(x)
                break
    return found


def test_a_heading_wider_than_its_column_is_cut_at_the_right_with_its_tooltip(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    model: RowTableModel[_Row] = RowTableModel(
        [
            Column("Nation", lambda r: r.name),
            Column(LONG_HEADING, lambda r: r.name),
            Column("Constraints", lambda r: r.name),
        ]
    )
    model.set_rows([_Row("a", "Poland")])
    view = make_table_view(model, "Headings table", parent)
    parent.resize(500, 200)
    view.resize(500, 200)
    parent.show()
    view.setColumnWidth(0, 120)
    view.setColumnWidth(1, 150)
    qtbot.waitExposed(parent)
    header = view.horizontalHeader()
    image = header.grab().toImage()
    left = header.sectionViewportPosition(1)
    right = left + header.sectionSize(1)
    ink = _ink_columns(image, left, right - 2)  # the section's divider is its last pixels
    assert ink, "the heading is drawn"
    # Its start is in sight (a margin before the first letter), so is its end: an
    # ellipsis inside the section rather than letters cut at either edge.
    assert ink[0] >= left + 3, (ink[0], left)
    assert ink[-1] <= right - 4, (ink[-1], right)
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        LONG_HEADING
    )


def test_the_nations_issue_headings_tooltips_name_the_issue_whole(window) -> None:
    model = window.nations_pane.model
    for column, heading in enumerate(model.column_headers()):
        tooltip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert heading in tooltip, (heading, tooltip)
