"""Keeping the garbage collector off the register's rows once the window is filled.

At a large register the panes hold some 180,000 long-lived objects. Python's full
collection walks all of them, 0.4-0.6 s with the interpreter held, and the chart drawn on
a pool thread (thousands of short-lived matplotlib objects) set one off every few issues
chosen: the window froze for that long (tests/benchmarks, choosing an issue). Once the
window is first filled, what is alive is moved out of the collector's sight
(``gc.freeze``); later collections walk only what was made since.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from coalition_desk.ui.hub import Hub


def freeze_once_filled(hub: Hub, is_filled: Callable[[], bool]) -> None:
    """``gc.freeze()`` the first time the hub's loads settle with the window filled."""

    def settled() -> None:
        if is_filled():
            hub.loads_settled.disconnect(settled)
            gc.freeze()

    hub.loads_settled.connect(settled)
