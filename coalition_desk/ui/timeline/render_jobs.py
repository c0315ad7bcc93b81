"""The timeline's reading and drawing on a pool thread: one job at a time, the newest wins.

When the officer chooses another issue while the last one is still being drawn, the older
job is told to stop (it checks between its steps, and its read between chunks of rows)
and whatever it still delivers is dropped; a job told to stop before a pool thread took
it up does nothing at all. The hub counts the job as a load, so "the window is filled" waits for it.

A figure drawn but never shown (its job cancelled or outrun), and one a later frame
replaced, is taken apart on a pool thread (``RenderedTimeline.retire``): left to Python's
cyclic collector, each was a full collection's worth of work with the interpreter held.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject

from coalition_desk.domain.errors import ReadCancelled
from coalition_desk.ui.heap import collections_held, freeze_survivors
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.workers import Task, start

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData
    from coalition_desk.charts.timeline_image import CanvasSize, RenderedTimeline
    from coalition_desk.ui.timeline.chart_reads import BasisRead, ChartRead, ChartReads

log = logging.getLogger(__name__)
TIMELINE_PRIORITY = 1


class RenderJobs(QObject):
    def __init__(self, hub: Hub, parent: QObject) -> None:
        super().__init__(parent)
        self._hub = hub
        self._generation = 0
        self._task: Task | None = None

    @property
    def in_flight(self) -> bool:
        return self._task is not None

    def start(
        self, work: Callable[[Callable[[], bool]], Any], land: Callable[[Any], None],
        *, counted: bool = True, priority: int = TIMELINE_PRIORITY,
    ) -> None:  # fmt: skip
        """Run ``work(cancelled)`` on a pool thread; ``land(result)`` on this one.

        ``counted``: the window is not filled until it lands (hub.load_started); the
        real chart drawn behind a kept picture that shows the same is not."""
        self.cancel()
        generation = self._generation
        # What the work returned until it is handed to ``land``: retired if it never is.
        undelivered: list[Any] = []

        def run(cancelled: Callable[[], bool]) -> Any:
            if cancelled():
                # Outrun while queued (the pool has two threads): not begun at all.
                raise ReadCancelled
            result = work(cancelled)
            undelivered.append(result)
            return result

        task = Task(lambda _progress, cancelled: run(cancelled))
        self._task = task
        hub = self._hub
        if counted:
            hub.load_started()
        task.finished.connect(lambda result: self._deliver(generation, land, undelivered))
        task.done.connect(lambda: retire(*_taken(undelivered)))
        task.failed.connect(lambda error: shiboken6.isValid(self) and self._failed(error))
        if counted:
            task.done.connect(lambda: shiboken6.isValid(hub) and hub.load_finished())
        task.done.connect(lambda: shiboken6.isValid(self) and self._ended(task))
        # Before the panes' reads queued at the same first paint: the chart is the last
        # to be ready at a start (its read, matplotlib's loading and the drawing).
        start(task, priority=priority)

    def after_basis(self, reads: ChartReads, then: Callable[[], None]) -> None:
        """``then()`` once ``reads`` holds its basis, read first on a pool thread if need
        be: the first frame's every nation and meeting (5,000 at scale L) were read on the
        GUI thread after the first paint, before the frame's own job could start."""
        if reads.has_basis():
            then()
            return

        def land(read: BasisRead) -> None:
            reads.keep_basis(read)
            then()

        self.start(reads.basis_reader(), land)

    def cancel(self) -> None:
        """Stop the job in flight, if any; nothing it returns is shown."""
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def _ended(self, task: Task) -> None:
        if self._task is task:
            self._task = None

    def _deliver(self, generation: int, land: Callable[[Any], None], results: list[Any]) -> None:
        if shiboken6.isValid(self) and generation == self._generation and results:
            self._task = None
            land(results.pop())

    def _failed(self, error: object) -> None:
        log.error("The timeline could not be drawn: %s", error)
        self._hub.status_message.emit(f"Could not draw the timeline: {error}")


def read_and_draw(
    read: ChartRead, size: CanvasSize, cost: int, cancelled: Callable[[], bool]
) -> tuple[TimelineData, RenderedTimeline | None]:
    """On a pool thread: the chart data, drawn too if drawing it would cost over ``cost``.
    The read stops at its next chunk once ``cancelled()`` (``ReadCancelled``: the task
    ends as cancelled, and nothing of it is kept or shown)."""
    from coalition_desk.charts.timeline import drawing_cost

    data = read(cancelled)
    if cancelled() or drawing_cost(data) <= cost:
        return data, None
    return data, draw(data, size, cancelled)


def draw(
    data: TimelineData, size: CanvasSize, cancelled: Callable[[], bool]
) -> RenderedTimeline | None:
    """On a pool thread: ``data`` drawn with the collector held, and what the drawing
    left alive frozen (ui/heap.py)."""
    from coalition_desk.charts.timeline_image import render_timeline

    with collections_held():
        rendered = render_timeline(data, size, cancelled=cancelled)
        freeze_survivors()
    return rendered


def retire(*results: Any) -> None:
    """Take apart, on a pool thread, every drawn figure in ``results`` (a rendering, or a
    read's tuple holding one); the caller no longer shows or draws any of them."""
    drawing = sys.modules.get("coalition_desk.charts.timeline_image")
    if drawing is None:
        # Nothing was drawn yet, so nothing is to retire: importing the module to ask
        # would load matplotlib here, on the GUI thread (0.6 s at a start).
        return
    figures = [
        item
        for result in results
        for item in (result if isinstance(result, tuple) else (result,))
        if isinstance(item, drawing.RenderedTimeline)
    ]
    if figures:
        # Popped as they go: the finished task may outlive them (the pool's wrapper).
        start(Task(lambda _progress, _cancelled: [f.retire() for f in _taken(figures)]))


def _taken(items: list[Any]) -> list[Any]:
    """``items`` emptied: the caller holds them, the list no longer does."""
    taken = items[:]
    items.clear()
    return taken
