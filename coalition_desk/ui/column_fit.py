"""Columns as wide as their widest text, measured with font metrics and kept.

Qt's ``resizeColumnToContents`` asks the model for every role of every measured cell
through Python (a ``multiData`` call each) and lays each text out: refitting the Nations
table when the officer chose another issue took 20-50 ms of the GUI thread at 200
nations, stretched to 50-240 ms while the timeline drew beside it. Here the text of each
distinct (text, font) is measured once with ``QFontMetricsF``; the cell's margins are taken
once from Qt's own measure of one cell, so a width equals what Qt would fit, and every
row counts, not a sample. A column's width is kept until its rows or its font change: the
name, role, pledges and constraints columns do not change with the issue, and an issue
chosen again finds its stance column measured.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QTableView


class ColumnWidths:
    """The width each column's contents need in ``view``, kept by a key per column."""

    def __init__(self, view: QTableView) -> None:
        self._view = view
        self._rows: Sequence[Any] = ()
        self._font = ""
        self._kept: dict[Hashable, int] = {}
        self._metrics: dict[tuple[bool, bool], QFontMetricsF] = {}
        # What Qt's item delegate adds to a text's width (its margins), taken from one cell.
        self._margin: int | None = None

    def measure_rows(self, rows: Sequence[Any]) -> None:
        """From now on measure these rows (every row, whatever the table shows filtered)."""
        if rows is not self._rows:
            self._rows = rows
            self._kept.clear()

    def width(self, key: Hashable, column: Any, section: int) -> int:
        """What ``resizeColumnToContents(section)`` would give, fitted to every row.

        ``key`` names what the column shows: equal keys, equal widths (for the same rows).
        """
        font = self._view.font().toString()
        if font != self._font:
            self._font = font
            self._kept.clear()
            self._metrics.clear()
            self._margin = None
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = self._contents_width(column)
        header = self._view.horizontalHeader()
        header_width = header.sectionSizeHint(section) if not header.isHidden() else 0
        return max(kept, header_width)

    def _contents_width(self, column: Any) -> int:
        """``column``: a table model's column, with ``text(row)`` and, if the model has
        them, ``bold(row)`` and ``italic(row)``."""
        bold, italic = getattr(column, "bold", None), getattr(column, "italic", None)
        looks: set[tuple[str, bool, bool]] = set()
        for row in self._rows:
            looks.add((
                column.text(row),
                bool(bold and bold(row)),
                bool(italic and italic(row)),
            ))  # fmt: skip
        if not looks:
            return 0
        widest = max(self._text_width(*look) for look in looks)
        # QTableView counts one pixel for the grid line beside the cell.
        grid = 1 if self._view.showGrid() else 0
        return widest + self._cell_margin() + grid

    def _text_width(self, text: str, bold: bool, italic: bool) -> int:
        metrics = self._metrics.get((bold, italic))
        if metrics is None:
            font = QFont(self._view.font())
            font.setBold(bold)
            font.setItalic(italic)
            metrics = self._metrics[(bold, italic)] = QFontMetricsF(font)
        # Qt lays a cell's text out line by line (no wrapping in these tables).
        return max(math.ceil(metrics.horizontalAdvance(line)) for line in text.split("\n"))

    def _cell_margin(self) -> int:
        if self._margin is not None:
            return self._margin
        measured = self._measured_margin()
        if measured is not None:
            self._margin = measured
            return measured
        # No cell to measure yet: Qt's item margins (a focus frame and a pixel each side).
        style = self._view.style()
        return 2 * (style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin) + 1)

    def _measured_margin(self) -> int | None:
        view = self._view
        model = view.model()
        for row in range(min(model.rowCount(), 20)):
            for section in range(model.columnCount()):
                index = model.index(row, section)
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if not isinstance(text, str) or not text or "\n" in text:
                    continue
                font = index.data(Qt.ItemDataRole.FontRole)
                looks = (bool(font and font.bold()), bool(font and font.italic()))
                return view.sizeHintForIndex(index).width() - self._text_width(text, *looks)
        return None
