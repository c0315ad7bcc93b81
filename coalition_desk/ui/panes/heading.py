"""A one-line heading in runs of plain and bold text, drawn with fonts, not rich text.

The panes' headings change on every selection ("Meetings attended by … from Poland
(286)"). As rich-text QLabels each change parsed the HTML into a QTextDocument again to
measure it and again to paint it, which was a tenth of a selection. This draws the same
words in the same fonts: its size is the runs' width in their fonts, as the label's was
(the heading is never cut while the window has room), and a heading the window cannot
fit is cut at the right with an ellipsis and says itself whole in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

Run = tuple[str, bool]  # (text, bold)
_ONE_LINE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine


class Heading(QWidget):
    def __init__(self, parent: QWidget | None = None, *, accessible_name: str = "") -> None:
        super().__init__(parent)
        # A fixed name (the selection bar's) stays; the text is then its description.
        self._fixed_name = accessible_name
        if accessible_name:
            self.setAccessibleName(accessible_name)
        self._runs: tuple[Run, ...] = ()
        self._text = ""
        self._placed: list[tuple[int, str, QFont, int]] = []
        self._fonts()
        self._hint = QSize(0, self._height())

    # --- what the panes call --------------------------------------------------------
    def text(self) -> str:
        """The heading as the officer reads it, without the fonts."""
        return self._text

    def set_runs(self, *runs: Run) -> None:
        if runs == self._runs:
            return
        self._runs = runs
        self._text = "".join(text for text, _bold in runs)
        if self._fixed_name:
            self.setAccessibleDescription(self._text)
        else:
            self.setAccessibleName(self._text)
        self._measure()
        self._tell_when_cut()
        self.update()

    def set_text(self, text: str, *, bold: bool = False) -> None:
        self.set_runs((text, bold))

    # --- QWidget --------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return self._hint

    def minimumSizeHint(self) -> QSize:
        return self._hint

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fonts()
            self._measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tell_when_cut()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self.contentsRect()
        if self._hint.width() <= area.width():
            # The usual case, the runs placed when the text was set: no measuring here.
            top = area.top() + (area.height() - self._height()) // 2
            for x, text, font, ascent in self._placed:
                painter.setFont(font)
                painter.drawText(QPoint(area.left() + x, top + ascent), text)
        else:
            self._paint_cut(painter, area)
        painter.end()

    def _paint_cut(self, painter: QPainter, area: QRect) -> None:
        x, right = area.left(), area.right() + 1
        for text, bold in self._runs:
            room = right - x
            if room <= 0:
                break
            metrics = self._bold_metrics if bold else self._plain_metrics
            advance = metrics.horizontalAdvance(text)
            shown = text if advance <= room else metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, room)
            painter.setFont(self._bold if bold else self._plain)
            painter.drawText(QRect(x, area.top(), room, area.height()), _ONE_LINE, shown)
            x += advance

    # --- inside ---------------------------------------------------------------------
    def _fonts(self) -> None:
        self._plain = QFont(self.font())
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._plain_metrics = QFontMetrics(self._plain)
        self._bold_metrics = QFontMetrics(self._bold)

    def _height(self) -> int:
        return max(self._plain_metrics.height(), self._bold_metrics.height())

    def _measure(self) -> None:
        self._placed: list[tuple[int, str, QFont, int]] = []
        width = 0
        for text, bold in self._runs:
            metrics = self._bold_metrics if bold else self._plain_metrics
            font = self._bold if bold else self._plain
            self._placed.append((width, text, font, metrics.ascent()))
            width += metrics.horizontalAdvance(text)
        hint = QSize(width, self._height())
        if hint != self._hint:
            # Only a new width lays the window out again (a count's digits rarely do).
            self._hint = hint
            self.updateGeometry()

    def _tell_when_cut(self) -> None:
        cut = self._hint.width() > self.contentsRect().width()
        tooltip = self._text if cut else ""
        if self.toolTip() != tooltip:
            self.setToolTip(tooltip)
