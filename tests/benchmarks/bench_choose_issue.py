"""Choosing an issue in the window: the longest the GUI thread is blocked meanwhile.

In the real window, offscreen, with the event loop running as for an officer: a 1 ms
heartbeat timer notes when it gets to run, and the longest gap between two beats is the
longest the window could not answer (a key press, a repaint). The officer chooses issues
in the timeline's chooser one after another, waiting for each to be drawn, then three in
quick succession (the last one counts). Reported: the longest gap ("stall"), and the
median time from a choice until its chart is on screen ("drawn_seconds", information).
No floor: the goal is absolute (no stall over 50 ms).
"""

from __future__ import annotations

import argparse
import itertools
import time

from common import main, median
from window import open_window

CHOICES = 6
QUICK_CHOICES = 3
QUICK_GAP_MS = 40
PAUSE_MS = 150
TIMEOUT_S = 300.0


def _issue_indexes(chooser, count: int) -> list[int]:
    # Index 0 is "All issues"; the others spread over the list, busiest and quietest alike.
    indexes = list(range(1, chooser.count()))
    step = max(1, len(indexes) // count)
    return indexes[::step][:count]


def ours(args: argparse.Namespace) -> dict[str, float]:
    from PySide6.QtCore import Qt, QTimer

    app, window = open_window(args.db, args.work)
    pane = window.timeline_pane
    chooser = pane.issue_chooser
    picks = _issue_indexes(chooser, CHOICES + QUICK_CHOICES)
    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    drawn: list[float] = []
    started = time.perf_counter()

    def shown(issue_uuid: str) -> bool:
        current = getattr(pane, "shows_current_selection", None)
        return (
            window.hub.context.issue_uuid == issue_uuid
            and window.is_filled()
            and (current is None or bool(current()))
        )

    def choose(index: int) -> None:
        chooser.setCurrentIndex(index)

    def wait_drawn(issue_uuid: str, since: float, then) -> None:
        def check() -> None:
            if time.perf_counter() - started > TIMEOUT_S:
                raise SystemExit("the timeline was not drawn in time")
            if shown(issue_uuid):
                drawn.append(time.perf_counter() - since)
                QTimer.singleShot(PAUSE_MS, then)
            else:
                QTimer.singleShot(2, check)

        QTimer.singleShot(0, check)

    def one_by_one(remaining: list[int]) -> None:
        if not remaining:
            quick(picks[CHOICES:])
            return
        index = remaining[0]
        since = time.perf_counter()
        choose(index)
        wait_drawn(chooser.itemData(index), since, lambda: one_by_one(remaining[1:]))

    def quick(indexes: list[int]) -> None:
        since = time.perf_counter()
        for offset, index in enumerate(indexes):
            QTimer.singleShot(offset * QUICK_GAP_MS, lambda i=index: choose(i))
        last = indexes[-1]
        QTimer.singleShot(
            (len(indexes) - 1) * QUICK_GAP_MS + 1,
            lambda: wait_drawn(chooser.itemData(last), since, app.quit),
        )

    heartbeat.start(1)
    QTimer.singleShot(PAUSE_MS, lambda: one_by_one(picks[:CHOICES]))
    app.exec()
    heartbeat.stop()
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    return {"stall": max(gaps), "drawn_seconds": median(drawn)}


if __name__ == "__main__":
    main(ours)
