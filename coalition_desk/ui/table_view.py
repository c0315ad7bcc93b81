"""The table view every pane uses, and keeping its selection by UUID across refreshes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from coalition_desk.ui.models.base import UUID_ROLE, RowTableModel
from coalition_desk.ui.panes.cell_painter import CellPainter

EMPTY_TEXT_COLOUR = "#607d8b"
# Rows (beyond those in sight) that "fit to contents" measures. Qt's default of 1,000
# cost over a second per refresh at 5,000 meetings; the rows in sight are always measured.
MEASURED_ROWS = 150


class RegisterTableView(QTableView):
    """A table that says why it is empty instead of showing a blank grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty_message = ""
        # Set by fit_columns_once when the columns were fitted to rows, not just headers.
        self.fitted_to_rows = False
        # Cells painted in one pass instead of through the delegate (see cell_painter);
        # tests switch it off to compare with Qt's own painting.
        self.paints_cells_itself = True
        self._cells = CellPainter(self)

    @property
    def empty_message(self) -> str:
        return self._empty_message

    def set_empty_message(self, text: str) -> None:
        if text != self._empty_message:
            self._empty_message = text
            self.viewport().update()

    def is_showing_empty_message(self) -> bool:
        model = self.model()
        return bool(self._empty_message) and model is not None and model.rowCount() == 0

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.paints_cells_itself and self._cells.can_paint():
            self._cells.paint(event.region().boundingRect())
        else:
            super().paintEvent(event)
        if not self.is_showing_empty_message():
            return
        painter = QPainter(self.viewport())
        painter.setPen(QColor(EMPTY_TEXT_COLOUR))
        area = self.viewport().rect().adjusted(12, 12, -12, -12)
        painter.drawText(
            area,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            self._empty_message,
        )
        painter.end()


def fit_columns(view: QTableView, stretch: int, caps: dict[int, int] | None = None) -> None:
    """Size columns to their contents (within ``caps``) and let ``stretch`` take the rest.

    The long free-text column (a title, a question) gives way, so the short columns
    after it (attendance, raised at) stay in sight without scrolling sideways.
    """
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(view.model().columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    view.resizeColumnsToContents()
    for column, cap in (caps or {}).items():
        view.setColumnWidth(column, min(view.columnWidth(column), cap))
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns_once(view: RegisterTableView, stretch: int, caps: dict[int, int]) -> None:
    """``fit_columns`` the first time the table holds rows, and never again after.

    Narrowing a pane to another nation keeps the widths: columns that jump on every
    selection are hard to read, and measuring them cost more than reading the rows.
    """
    if view.fitted_to_rows:
        return
    fit_columns(view, stretch, caps)
    view.fitted_to_rows = view.model().rowCount() > 0


class ReadableColumn(QObject):
    """Keeps one column (a meeting's title) at least ``chars`` characters wide however
    narrow the table: the ``give_way`` columns shrink first (for as much of the column's
    fitted width as they can), each down to its own minimum (in characters), and only
    then does the table scroll sideways. Room to spare
    goes to the column itself. Re-shared whenever the table's width changes.

    A stretched last-resort column is not enough: Qt's Stretch takes what the other
    columns leave, which at a 720-pixel pane was 30 characters of a 50-character title.
    """

    def __init__(self, view: QTableView, column: int, chars: int,
                 give_way: dict[int, int]) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.chars = chars
        self.give_way = give_way
        # The columns' widths as fitted to their contents (see ``measure``).
        self.natural: list[int] = []
        view.viewport().installEventFilter(self)

    def measure(self) -> None:
        """Take the columns' present widths as their natural ones, then share."""
        view = self.view
        self.natural = [view.columnWidth(c) for c in range(view.model().columnCount())]
        # This column may be stretched: its own fitted width is that of its contents.
        self.natural[self.column] = max(view.sizeHintForColumn(self.column),
                                        view.horizontalHeader().sectionSizeHint(self.column))
        self.share()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.natural:
            self.share()
        return False

    def share(self) -> None:
        view = self.view
        count = view.model().columnCount()
        if len(self.natural) != count:
            return
        unit = view.fontMetrics().averageCharWidth()
        floor = self.chars * unit
        widths = list(self.natural)
        # The others give way for the whole title as fitted, not just for the floor.
        wanted = max(floor, widths[self.column])
        widths[self.column] = 0
        excess = sum(widths) + wanted - view.viewport().width()
        for column, minimum in self.give_way.items():
            if excess <= 0:
                break
            cut = max(0, min(excess, widths[column] - minimum * unit))
            widths[column] -= cut
            excess -= cut
        room = view.viewport().width() - sum(widths)
        if room < floor:
            # The table scrolls sideways anyway: show the whole title in the first view.
            room = min(wanted, view.viewport().width() - sum(widths[:self.column]))
        widths[self.column] = max(floor, room)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.column, QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            if view.columnWidth(column) != width:
                view.setColumnWidth(column, width)


def make_table_view(
    model: RowTableModel, accessible_name: str, parent: QWidget
) -> RegisterTableView:
    view = RegisterTableView(parent)
    view.setModel(model)
    # Laid out at once rather than on Qt's next-turn timer, which came after the window's
    # paint and so painted the table a second time on every narrowing (select, filter).
    model.modelReset.connect(view.doItemsLayout)
    view.setObjectName(accessible_name.lower().replace(" ", "_"))
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(MEASURED_ROWS)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSortIndicatorShown(True)
    # Qt's headers clip a centred heading longer than its section at both ends ("ue 1:
    # Nation border rotat"); cut at the right, the heading's tooltip says it whole.
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    # Sorting starts only when the user clicks a header; the service order is meaningful.
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    return view


def selected_uuid(view: QTableView) -> str | None:
    rows = view.selectionModel().selectedRows()
    return rows[0].data(UUID_ROLE) if rows else None


def select_uuid(view: QTableView, uuid: str | None) -> None:
    """Select the row holding ``uuid`` (or nothing) without scrolling other panes."""
    model = view.model()
    assert isinstance(model, RowTableModel)
    selection = view.selectionModel()
    row = model.row_of_uuid(uuid)
    if row is None:
        selection.clearSelection()
        return
    index = model.index(row, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows
        | QItemSelectionModel.SelectionFlag.Current
    )
    selection.setCurrentIndex(index, flags)
    view.scrollTo(index)
