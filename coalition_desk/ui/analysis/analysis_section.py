"""What the Analysis sections share: their tables, their splitter, and reads done ahead.

At a large register each section's first read takes 0.4-0.8 s; the section's tab should
show a result within a tenth of a second. So once the window has been filled and left
alone a moment, ``AnalysisReads`` computes on a pool thread what each section asks for
first, and keeps it until a write changes the register; a section whose read is ready
shows it at once (``start_read``), any other read goes to the section's own loader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QSplitter, QTableView, QWidget

from coalition_desk.domain.records import ChangeSet
from coalition_desk.ui.column_fit import ColumnWidths
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.loading import PaneLoader
from coalition_desk.ui.workers import Task, start

log = logging.getLogger(__name__)
# How long the window is left alone (no selection, no write) after it is filled before
# the reads are done ahead: an officer at work is not slowed by them.
READ_AHEAD_AFTER_MS = 3000
FITTED_ROWS = 50


def section_table(parent: QWidget, name: str, model: Any) -> QTableView:
    """A section's table: whole rows selected one at a time, columns fitted to their text
    each time its rows are set."""
    view = QTableView(parent)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    # Qt's ResizeToContents measured every row through Python at each layout: the
    # forecast's 250 actors, 12,000 data() calls and 40-70 ms of the GUI thread when its
    # tab was first shown. Font metrics over the first rows (ui/column_fit.py) instead.
    widths = ColumnWidths(view)
    model.modelReset.connect(lambda: fit_to_first_rows(view, model, widths))
    # The Analysis shares the window with the panes: a short one scrolls its tables.
    view.setMinimumHeight(50)
    return view


def fit_to_first_rows(view: QTableView, model: Any, widths: ColumnWidths) -> None:
    """Each column as wide as its text in the first FITTED_ROWS rows (or its header)."""
    widths.measure_rows(model.rows()[:FITTED_ROWS])
    for section, column in enumerate(model.COLUMNS):
        view.setColumnWidth(section, widths.width(section, column, section))


def section_splitter(
    parent: QWidget, widgets: Sequence[QWidget], sizes: Sequence[int], stretch: dict[int, int]
) -> QSplitter:
    """The section's parts one above the other, none of them collapsible to nothing."""
    splitter = QSplitter(Qt.Orientation.Vertical, parent)
    splitter.setChildrenCollapsible(False)
    for widget in widgets:
        splitter.addWidget(widget)
    for index, factor in stretch.items():
        splitter.setStretchFactor(index, factor)
    splitter.setSizes(list(sizes))
    return splitter


Read = Callable[[], Any]
# Fills its dictionary with (key, result) as it reads; stops when told the results are stale.
Plan = Callable[[dict[Hashable, Any], Callable[[], bool]], None]


class AnalysisReads(QObject):
    """Reads the sections ask for first, done ahead and kept until the register changes."""

    def __init__(self, hub: Hub, parent: QObject) -> None:
        super().__init__(parent)
        self._hub = hub
        self._ready: dict[Hashable, Any] = {}
        self._generation = 0
        self._planned = False
        # The reads ahead have been done (and kept, unless the register changed since).
        self.done = False
        # What to read ahead, set by whoever knows the sections' first reads: called on the
        # GUI thread, it returns the work, ``work(results, cancelled)``, for a pool thread.
        self.plan: Callable[[], Plan] | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(READ_AHEAD_AFTER_MS)
        self._idle.timeout.connect(self.read_ahead)
        hub.data_changed.connect(self._forget)
        hub.loads_settled.connect(self._after_settled)
        hub.context_changed.connect(lambda _context: self._idle.isActive() and self._idle.start())

    def _after_settled(self) -> None:
        if not self._planned:
            self._planned = True
            self._idle.start()

    def read_ahead(self) -> None:
        """Do the planned reads on a pool thread (not counted as a pane's load)."""
        if self.plan is None:
            return
        plan = self.plan()
        generation = self._generation

        def work(_progress: Any, _cancelled: Callable[[], bool]) -> dict[Hashable, Any]:
            results: dict[Hashable, Any] = {}
            plan(results, lambda: generation != self._generation)
            return results

        task = Task(work)
        task.finished.connect(lambda results: self._keep(generation, results))
        task.failed.connect(lambda error: log.warning("Reading the analysis ahead: %s", error))
        start(task)

    def _keep(self, generation: int, results: dict[Hashable, Any]) -> None:
        if shiboken6.isValid(self):
            self.done = True
            if generation == self._generation:
                self._ready.update(results)

    def _forget(self, _changes: ChangeSet) -> None:
        self._generation += 1
        self._ready.clear()
        if self._idle.isActive():
            self._idle.start()

    def is_ready(self, key: Hashable) -> bool:
        return key in self._ready

    def take(self, key: Hashable) -> tuple[bool, Any]:
        """(True, the result read ahead for ``key``) once, or (False, None)."""
        if key in self._ready:
            return True, self._ready.pop(key)
        return False, None


def start_read(
    reads: AnalysisReads | None,
    loader: PaneLoader,
    key: Hashable,
    read: Read,
    show: Callable[[Any], None],
) -> None:
    """Show the result read ahead for ``key`` now, or read it on ``loader``'s pool thread."""
    ready, result = reads.take(key) if reads is not None else (False, None)
    if ready:
        loader.invalidate()
        show(result)
    else:
        loader.start(read, show)
