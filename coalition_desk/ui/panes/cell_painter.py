"""The panes' table cells painted in one pass, as QTableView and the style paint them.

QTableView paints each cell through its delegate: a QStyleOptionViewItem filled through
the model (seven roles through Python), then the style lays out and shapes the cell's
text three or four times (its size, the elision, the drawing). That was ~40 % of a
selection at L (~120 cells, 50-90 µs each). This paints the same cells from the model's
rows directly: the background, the selection, the text shaped once (the elided text kept
per width), the grid, in the order and places QTableView and QCommonStyle use
(qtableview.cpp paintEvent/drawCell, qcommonstyle.cpp CE_ItemViewItem). What it does not
paint the same way goes Qt's way: the focused cell, and the whole table under another
style than Fusion, when disabled, with hidden rows or moved sections.
tests/gui/test_cell_painter.py compares both ways pixel for pixel.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from coalition_desk.ui.models.base import RowTableModel

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_SOLID, _NO_BRUSH = Qt.BrushStyle.SolidPattern, Qt.BrushStyle.NoBrush
# Texts kept laid out per table, about twenty selections' cells: a register holds 50,000
# cells, and a laid-out question text is ~3.6 kB (3,000 of them were 11 MB).
KEPT_TEXTS = 1000


class CellPainter:
    """Paints one RegisterTableView's cells; ``paint`` says False when it cannot."""

    def __init__(self, view: QTableView) -> None:
        self.view = view
        self._metrics: dict[str, tuple[QFontMetricsF, float, int]] = {}
        # (text, room, font) → (text shown, its width): the same rows come back on every
        # selection, and measuring a text is most of drawing it.
        self._shown: dict[tuple[str, int, str], tuple[QStaticText, float]] = {}
        # What the painter holds already, within one paint.
        self._font_key: str | None = None
        self._pen: QColor | None = None

    def can_paint(self) -> bool:
        view = self.view
        model = view.model()
        return (
            isinstance(model, RowTableModel)
            # Painted as Fusion paints an item (QCommonStyle's); another style (Windows',
            # macOS's, a style sheet's) draws selections its own way: Qt paints those.
            and view.style().metaObject().className() == "QFusionStyle"
            and view.isEnabled()
            and not view.wordWrap()
            and view.textElideMode() == _ELIDE_RIGHT
            and view.showGrid()
            and view.gridStyle() == Qt.PenStyle.SolidLine
            and not view.isRightToLeft()
            and view.verticalHeader().hiddenSectionCount() == 0
            and not view.horizontalHeader().sectionsMoved()
            and not view.verticalHeader().sectionsMoved()
        )

    def paint(self, area: QRect) -> None:
        view = self.view
        model: RowTableModel[Any] = view.model()  # type: ignore[assignment]
        rows_count, columns_count = model.rowCount(), model.columnCount()
        if rows_count == 0 or columns_count == 0:
            return
        horizontal, vertical = view.horizontalHeader(), view.verticalHeader()
        right_edge = horizontal.length() - horizontal.offset() - 1
        bottom_edge = vertical.length() - vertical.offset() - 1
        area = QRect(area)
        area.setBottom(min(area.bottom(), bottom_edge))
        area.setRight(min(area.right(), right_edge))
        if not area.isValid():
            return
        left = horizontal.visualIndexAt(area.left())
        right = horizontal.visualIndexAt(area.right())
        right = columns_count - 1 if right == -1 else right
        top = vertical.visualIndexAt(area.top())
        bottom = vertical.visualIndexAt(area.bottom())
        bottom = rows_count - 1 if bottom == -1 else bottom
        if left == -1 or top == -1 or top > bottom or left > right:
            return

        option = QStyleOptionViewItem()
        view.initViewItemOption(option)  # the view's state, palette, font, alignment
        style = view.style()
        palette: QPalette = option.palette
        active = bool(option.state & QStyle.StateFlag.State_Active)
        group = QPalette.ColorGroup.Normal if active else QPalette.ColorGroup.Inactive
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        alternate_base = palette.brush(group, QPalette.ColorRole.AlternateBase)
        text_colour = palette.color(group, QPalette.ColorRole.Text)
        highlighted_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        view_font = option.font
        view_key = view_font.key()
        default_right = bool(int(option.displayAlignment) & _RIGHT)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        alternating = view.alternatingRowColors()
        selection = view.selectionModel()
        current = view.currentIndex()
        focused_at = (
            (current.row(), current.column())
            if current.isValid() and (view.hasFocus() or view.viewport().hasFocus())
            else None
        )
        shown_rows, getters = model.shown_rows(), model.role_getters()

        painter = QPainter(view.viewport())
        columns = [
            (column, view.columnViewportPosition(column), view.columnWidth(column) - 1)
            for column in range(left, right + 1)
            if not view.isColumnHidden(column)
        ]
        self._font_key = self._pen = None
        # Each column's getters taken out once per paint, not looked up per cell.
        cells = [
            (column, column_x, column_width, answers[_DISPLAY], answers.get(_BACKGROUND),
             answers.get(_FONT), answers.get(_FOREGROUND), answers.get(_ALIGNMENT))
            for column, column_x, column_width in columns
            for answers in (getters[column],)
        ]  # fmt: skip
        # A brush's style asked once per paint (the models hand out the same brushes);
        # each is held here, so no id is reused while it is in the dict.
        styles: dict[int, tuple[QBrush, Qt.BrushStyle]] = {}
        for row in range(top, bottom + 1):
            row_y = view.rowViewportPosition(row)
            row_height = view.rowHeight(row) - 1
            selected = selection is not None and selection.isRowSelected(row)
            odd = alternating and row % 2 == 1
            record = shown_rows[row]
            for column, column_x, column_width, display, background, font_of, foreground, \
                    alignment in cells:  # fmt: skip
                if focused_at == (row, column):
                    cell = QRect(column_x, row_y, column_width, row_height)
                    self._paint_as_qt(painter, row, column, cell, odd)
                    self._font_key = self._pen = None
                    continue
                # PE_PanelItemViewRow, then PE_PanelItemViewItem (the model's background).
                if selected:
                    painter.fillRect(column_x, row_y, column_width, row_height, highlight)
                else:
                    if odd:
                        painter.fillRect(column_x, row_y, column_width, row_height,
                                         alternate_base)  # fmt: skip
                    brush = background(record) if background is not None else None
                    if isinstance(brush, QBrush):
                        known = styles.get(id(brush))
                        if known is None:
                            known = styles[id(brush)] = (brush, brush.style())
                        brush_style = known[1]
                        if brush_style == _SOLID:
                            # A plain colour is the same from any brush origin.
                            painter.fillRect(column_x, row_y, column_width, row_height, brush)
                        elif brush_style != _NO_BRUSH:
                            painter.setBrushOrigin(column_x, row_y)
                            painter.fillRect(column_x, row_y, column_width, row_height, brush)
                            painter.setBrushOrigin(0, 0)
                text = display(record)
                if not text:
                    continue
                font = font_of(record) if font_of is not None else None
                font, font_key = (view_font, view_key) if font is None else (font, font.key())
                if selected:
                    pen = highlighted_text
                else:
                    brush = foreground(record) if foreground is not None else None
                    pen = brush.color() if isinstance(brush, QBrush) else text_colour
                to_right = bool(alignment(record) & _RIGHT) if alignment else default_right
                self._draw_text(painter, column_x, row_y, column_width, row_height,
                                margin=margin, text=text, font=font, font_key=font_key,
                                pen=pen, to_right=to_right)  # fmt: skip
        self._draw_grid(painter, area, style, option, rows=range(top, bottom + 1),
                        columns=[(x, width) for _column, x, width in columns])  # fmt: skip
        painter.end()

    # --- inside ---------------------------------------------------------------------
    def _draw_text(self, painter: QPainter, left: int, top: int, width: int, height: int, *,
                   margin: int, text: str, font: QFont, font_key: str, pen: QColor,
                   to_right: bool) -> None:  # fmt: skip
        # viewItemDrawText: the cell less the focus margin, elided at the right, centred
        # vertically on the line's height, drawn at its baseline, clipped to the cell.
        metrics, _ascent, line_height = self._metrics_of(font, font_key)
        room = width - 2 * margin
        key = (text, room, font_key)
        found = self._shown.get(key)
        if found is None:
            if len(self._shown) >= KEPT_TEXTS:
                self._shown.clear()
            natural = metrics.horizontalAdvance(text)
            shown = text
            if natural > room:
                shown = metrics.elidedText(text, _ELIDE_RIGHT, room)
                natural = metrics.horizontalAdvance(shown)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), font)
            found = self._shown[key] = (static, natural)
        static, natural = found
        painter.setClipRect(left, top, width, height)
        if font_key != self._font_key:
            painter.setFont(font)
            self._font_key = font_key
        if pen is not self._pen and pen != self._pen:
            painter.setPen(pen)
            self._pen = pen
        # The line's top: its baseline less the ascent (the baseline is that top plus the
        # ascent, as viewItemDrawText places it).
        line_top = top + (height - line_height) // 2
        if to_right:
            painter.drawStaticText(QPointF(left + margin + room - natural, line_top), static)
        else:
            painter.drawStaticText(left + margin, line_top, static)
        painter.setClipping(False)

    def _metrics_of(self, font: QFont, key: str) -> tuple[QFontMetricsF, float, int]:
        found = self._metrics.get(key)
        if found is None:
            metrics = QFontMetricsF(font)
            ascent = metrics.ascent()
            found = self._metrics[key] = (metrics, ascent, math.ceil(ascent + metrics.descent()))
        return found

    def _paint_as_qt(self, painter: QPainter, row: int, column: int, cell: QRect,
                     alternate: bool) -> None:  # fmt: skip
        """QTableViewPrivate::drawCell for one cell, through the view's delegate."""
        view = self.view
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = cell
        if alternate:
            option.features |= QStyleOptionViewItem.ViewItemFeature.Alternate
        index = view.model().index(row, column)
        if view.selectionModel().isSelected(index):
            option.state |= QStyle.StateFlag.State_Selected
        option.state |= QStyle.StateFlag.State_HasFocus
        option.palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
        view.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, option,
                                   painter, view)  # fmt: skip
        view.itemDelegateForIndex(index).paint(painter, option, index)

    def _draw_grid(self, painter: QPainter, area: QRect, style: QStyle,
                   option: QStyleOptionViewItem, *, rows: range,
                   columns: list[tuple[int, int]]) -> None:  # fmt: skip
        view = self.view
        hint = style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, view)
        painter.setPen(QPen(QColor.fromRgba(hint & 0xFFFFFFFF), 1, Qt.PenStyle.SolidLine))
        for row in rows:
            y = view.rowViewportPosition(row) + view.rowHeight(row) - 1
            painter.drawLine(QLineF(area.left(), y, area.right(), y).translated(0.5, 0.5))
        for column_x, width in columns:
            x = column_x + width  # the cell's width is the column's less the grid line
            painter.drawLine(QLineF(x, area.top(), x, area.bottom()).translated(0.5, 0.5))
