"""A pane's first fill, read on a pool thread once the window has painted.

A large register takes a second or more to read into the panes; read on the GUI thread
that second would pass before the window appears at all. Instead every pane starts empty
("Loading…"), the window paints, and each pane's rows arrive from a pool thread.

Only the newest request of a pane counts: a refresh done in the meantime (an edit, a
selection) makes an older result stale, and it is dropped. The hub counts the loads in
flight, so tests and benchmarks can wait for the window to be filled (``hub.loading``,
``hub.loads_settled``).

A table pane declares what to read and how to show it in a ``PaneFill`` (through
ui/panes/table_pane.py); ``PaneLoader`` is the pool-thread read with the stale-result
drop beneath it, used directly by reads that are not a pane's fill (the timeline's chart,
the analysis sections).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from coalition_desk.store.engine import Database
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.workers import BEHIND_PRIORITY, Task, start

log = logging.getLogger(__name__)
T = TypeVar("T")


class PaneLoader(QObject):
    """Runs ``fetch`` on a pool thread and hands its result to ``apply`` on the GUI thread."""

    def __init__(self, hub: Hub, pane: QWidget) -> None:
        super().__init__(pane)
        self._hub = hub
        self._generation = 0

    def invalidate(self) -> None:
        """Drop whatever is in flight: the pane has just been filled another way."""
        self._generation += 1

    def start(
        self, fetch: Callable[[], Any], apply: Callable[[Any], None], *, behind: bool = False
    ) -> None:
        """``behind``: nothing on screen waits for it, so it is not counted as a load
        (the window is filled without it; ``hub.working_behind`` until it ends) and
        goes after every read that is."""
        self._generation += 1
        generation = self._generation
        task = Task(lambda _progress, _cancelled: fetch())
        hub = self._hub
        began, ended = (
            (hub.behind_started, hub.behind_finished) if behind
            else (hub.load_started, hub.load_finished)
        )  # fmt: skip
        began()
        # Bound to this object's slots, so nothing is delivered to a pane already gone.
        task.finished.connect(lambda result: self._deliver(generation, apply, result))
        task.failed.connect(lambda error: shiboken6.isValid(self) and self._report_failure(error))
        task.done.connect(lambda: shiboken6.isValid(hub) and ended())
        start(task, at_once=True, priority=BEHIND_PRIORITY if behind else 0)

    def _deliver(self, generation: int, apply: Callable[[Any], None], result: Any) -> None:
        # The window may have closed while the rows were read.
        if shiboken6.isValid(self) and generation == self._generation:
            apply(result)

    def _report_failure(self, error: object) -> None:
        log.error("A pane could not be filled: %s", error)
        self._hub.status_message.emit(f"Could not read the register: {error}")


class PaneFill(Generic[T]):
    """One pane's data: what to read and how to show it, and when it has been shown.

    ``read`` is called on the GUI thread, takes what it needs from the widgets and returns
    the read itself, which runs on a pool thread (first fill, reload) or at once
    (``now``); ``show`` gets its result on the GUI thread. The first fill starts on the
    turn after the pane's first paint; a result overtaken by a newer request is dropped.
    """

    def __init__(
        self,
        hub: Hub,
        pane: QWidget,
        read: Callable[[], Callable[[], T]],
        show: Callable[[T], None],
    ) -> None:
        self._loader = PaneLoader(hub, pane)
        self._read = read
        self._show = show
        self._loaded = False
        self._started = False

    @property
    def is_loaded(self) -> bool:
        """The pane holds its data: shown once, at least."""
        return self._loaded

    def after_paint(self) -> None:
        """Called from the pane's paintEvent: fills it once, on the turn after the first
        paint.

        Not from the paint itself: a read on a pool thread holds the interpreter, and
        the rest of the window's first paint (some 60 widgets, each paint calling into
        Python) then waits for it at every turn, 5 ms at a time: 30-170 ms of the cold
        start at L. The timeline's chart is started on that same turn
        (ui/panes/timeline_pane.py), at a higher pool priority.
        """
        if not self._started:
            self._started = True
            # The loader as the timer's context: nothing runs for a pane already gone.
            QTimer.singleShot(0, self._loader, self._first_fill)

    def in_background(self) -> None:
        """Read again on a pool thread; the pane keeps what it shows until then."""
        self._loader.start(self._read(), self._deliver)

    def now(self) -> None:
        """Read again on this thread and show it, dropping any read still in flight."""
        self._loader.invalidate()
        self._deliver(self._read()())

    def _first_fill(self) -> None:
        if not self._loaded:
            self.in_background()

    def _deliver(self, result: T) -> None:
        self._loaded = True
        self._show(result)


class BackgroundLookup(Generic[T]):
    """What a pane narrows its rows by on every selection (the meetings each nation took
    part in, say), read for every nation at once on a pool thread each time the pane's
    rows are read. Until it has arrived (``value`` None) the pane asks the register for
    the one nation selected, as it did before.

    It is read once no pane's rows are still being read, not beside them: nothing on
    screen waits for it, and at a cold start at scale L its ~0.1 s of reading competed
    with the panes' own reads for the interpreter and the two cores, and the window
    was filled that much later (docs/performance.md, "Round 2, the lookups behind").
    """

    def __init__(self, hub: Hub, pane: QWidget, read: Callable[[Database], T]) -> None:
        self._hub = hub
        self._loader = PaneLoader(hub, pane)
        self._read = read
        self._value: T | None = None
        # A read asked for and not begun: it waits until the panes' loads have settled,
        # counted as work behind (``hub.working_behind``) from the moment it is asked for.
        self._wanted = False
        loader = self._loader
        hub.loads_settled.connect(lambda: shiboken6.isValid(loader) and self._begin_if_wanted())

    @property
    def value(self) -> T | None:
        return self._value

    def reload(self) -> None:
        """Forget what was read (the register changed, or is read again) and read anew,
        once the panes' reads have ended (on a later turn: the pane whose read asked for
        this starts that read first)."""
        self._value = None
        self._loader.invalidate()
        if not self._wanted:
            self._wanted = True
            self._hub.behind_started()
        QTimer.singleShot(0, self._loader, self._begin_if_wanted)

    def _begin_if_wanted(self) -> None:
        if not self._wanted or self._hub.loading:
            return
        self._wanted = False
        database, read = self._hub.database, self._read
        self._loader.start(lambda: read(database), self._land, behind=True)
        self._hub.behind_finished()  # the read is counted now, from its start to its end

    def _land(self, value: T) -> None:
        self._value = value
