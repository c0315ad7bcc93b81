"""The interpreter once the window is filled: the collector kept off the register's rows,
and the GUI thread's turn at the interpreter coming sooner; and the memory the start
leaves behind.

At a large register the panes hold some 180,000 long-lived objects. Python's full
collection walks all of them, 0.4-0.6 s with the interpreter held, and the chart drawn on
a pool thread (thousands of short-lived matplotlib objects) set one off every few issues
chosen: the window froze for that long (tests/benchmarks, choosing an issue). Once the
window is first filled, what is alive is moved out of the collector's sight
(``gc.freeze``); later collections walk only what was made since.

The timeline and the Analysis read and draw on pool threads in Python, and the GUI thread
must take the interpreter from them each time it answers (a key, a repaint, a timer).
Python hands it over only after the waiting thread has waited a whole switch interval
(5 ms by default), and on a busy 2-core machine a hand-over often came much later: the
window stalled 120-140 ms choosing issues at scale L. At 1 ms the same choices stalled
25-64 ms (tests/benchmarks/stall_probe.py, A/B in the same minutes); the pool threads pay
a few more hand-overs.

After that first freeze each chart drawn on a pool thread is some 22,000 objects, alive
while it is shown; collections that came while one was drawn walked them, a full one
30-60 ms at scale L with the interpreter held, and so did a full collection before a
freeze once it was drawn (20-50 ms). So a chart is drawn with full collections held off
(``collections_held``: the young generations, a few milliseconds each, still run), and
once drawn the young generations are collected and what is alive is frozen
(``freeze_survivors``, ~1 ms). The figure is taken apart when a later frame replaces it
(charts/timeline_image.RenderedTimeline.retire), so reference counting frees it although
frozen. What a freeze cannot free is cyclic garbage already in the old generation:
matplotlib leaves ~12 marker styles so (each names a method of itself), ~16 KB per frame.
They are freed when the application is left for another (``sweep_frozen``: everything
unfrozen, one full collection, 0.4-0.6 s at scale L, frozen again), while nobody waits.

PySide6 reads the source text of every module imported after it (``SourcesLetGo``): let
go of at the next import, and what filling the window freed handed back to the system
once it is filled (``give_back_freed_memory``).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib.abc
import linecache
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:  # not imported with this module: it is loaded before the libraries
    from coalition_desk.ui.hub import Hub

SWITCH_INTERVAL_S = 0.001
# A full collection waits for this many young ones (Python's own: 10).
NO_FULL_COLLECTION = 1 << 30


class _Holds:
    """How many blocks hold the collector now, and whether it ran before the first."""

    lock = threading.Lock()
    count = 0
    thresholds: tuple[int, ...] = gc.get_threshold()
    # Frames frozen since the last sweep (each may have frozen some cyclic garbage).
    frozen_since_sweep = 0


# The window is filled and what it holds frozen: later freezes walk only what is new.
_settled = threading.Event()


def settle_once_filled(hub: Hub, is_filled: Callable[[], bool]) -> None:
    """The first time the hub's loads settle with the window filled: ``gc.freeze()`` and
    the shorter switch interval (the cold start and the first fill keep Python's own)."""

    def settled() -> None:
        if is_filled():
            hub.loads_settled.disconnect(settled)
            gc.freeze()
            sys.setswitchinterval(SWITCH_INTERVAL_S)
            if not _settled.is_set():
                _settled.set()
                application = QGuiApplication.instance()
                if isinstance(application, QGuiApplication):
                    application.applicationStateChanged.connect(_sweep_when_left)

    hub.loads_settled.connect(settled)


@contextlib.contextmanager
def collections_held() -> Iterator[None]:
    """No automatic full collection, on any thread, until the block ends (the outermost
    block, when several threads hold it); the young generations are still collected."""
    with _Holds.lock:
        if _Holds.count == 0:
            _Holds.thresholds = gc.get_threshold()
            gc.set_threshold(*_Holds.thresholds[:2], NO_FULL_COLLECTION)
        _Holds.count += 1
    try:
        yield
    finally:
        with _Holds.lock:
            _Holds.count -= 1
            if _Holds.count == 0:
                gc.set_threshold(*_Holds.thresholds)


def freeze_survivors() -> None:
    """Once the window is settled: collect the garbage made since the last freeze and
    freeze what is alive (see the module's note); before then, nothing."""
    if _settled.is_set():
        gc.collect(1)
        gc.freeze()
        with _Holds.lock:
            _Holds.frozen_since_sweep += 1


def sweep_frozen() -> None:
    """Free the cyclic garbage frozen since the last sweep: a full collection of
    everything (0.4-0.6 s at scale L), then all that is alive is frozen again."""
    with _Holds.lock:
        if _Holds.frozen_since_sweep == 0:
            return
        _Holds.frozen_since_sweep = 0
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _sweep_when_left(state: Qt.ApplicationState) -> None:
    if state != Qt.ApplicationState.ApplicationActive:
        sweep_frozen()


def give_back_freed_memory() -> None:
    """Hand the memory freed since the start back to the system (glibc's ``malloc_trim``).

    Filling the window allocates far more than it keeps (rows read, converted and
    dropped; the first chart drawn; module sources read at import), and glibc keeps what
    is freed for later, so the process stayed at its peak: ~200 MB at scale L where
    ~150 MB is in use. Elsewhere (another C library, Windows, macOS) nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, say): nothing to trim with
        return
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)


def forget_imported_sources() -> None:
    """Drop the source text of every imported module from ``linecache``.

    PySide6 replaces ``__import__`` and reads each module imported after it with
    ``inspect.getsource`` (to see whether it uses PySide's features), which leaves the
    whole text of ~740 modules in ``linecache``: 16 million characters, about 35 MB with
    the register open. A traceback reads the lines it shows again when it needs them;
    generated code's entries (``<...>``), which cannot be read again, are kept.
    """
    # The names copied in one step (``list`` of a dict holds the interpreter): a pool
    # thread importing meanwhile adds entries, and a loop over the dict itself would fail.
    for filename in list(linecache.cache):
        if not filename.startswith("<"):
            linecache.cache.pop(filename, None)


class SourcesLetGo(importlib.abc.MetaPathFinder):
    """Asked first about every module not imported yet, it finds none, and drops the
    source text PySide6 read of the modules imported before (``forget_imported_sources``).

    Kept until the window was filled, those lines (~250,000 strings; 19 MB of them
    matplotlib's, numpy's and pyparsing's, imported on a pool thread during the fill)
    lay among the modules' code and the panes' rows in Python's small-object arenas, and
    their holes, once they were freed, stayed resident: 80-86 arenas for 64 MB in use,
    194-201 MB with the register open at scale L. Let go of at the next import, a
    module's lines are reused by the next one's: 64-71 arenas, 177-185 MB
    (docs/performance.md, "Round 2, branch chunk6").
    """

    def __init__(self) -> None:
        # How many of linecache's first entries are generated code's, kept: entries are
        # added at the end, so only the ones after them are looked at (at ~600 imports,
        # 8 ms of the start when all ~200 were looked at every time).
        self._kept = 0

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        names = list(linecache.cache)  # in one step: see forget_imported_sources
        kept = self._kept if len(names) >= self._kept else 0
        for filename in names[kept:]:
            if filename.startswith("<"):
                kept += 1
            else:
                linecache.cache.pop(filename, None)
        self._kept = kept
        return None

    @classmethod
    def install(cls) -> None:
        """First in ``sys.meta_path``, from now on (installing it again changes nothing)."""
        if not any(isinstance(finder, cls) for finder in sys.meta_path):
            sys.meta_path.insert(0, cls())
