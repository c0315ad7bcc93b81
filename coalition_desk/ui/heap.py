"""The interpreter once the window is filled: the collector kept off the register's rows,
and the GUI thread's turn at the interpreter coming sooner.

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
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable

from coalition_desk.ui.hub import Hub

SWITCH_INTERVAL_S = 0.001


def settle_once_filled(hub: Hub, is_filled: Callable[[], bool]) -> None:
    """The first time the hub's loads settle with the window filled: ``gc.freeze()`` and
    the shorter switch interval (the cold start and the first fill keep Python's own)."""

    def settled() -> None:
        if is_filled():
            hub.loads_settled.disconnect(settled)
            gc.freeze()
            sys.setswitchinterval(SWITCH_INTERVAL_S)

    hub.loads_settled.connect(settled)


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
