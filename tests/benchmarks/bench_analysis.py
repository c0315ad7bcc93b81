"""Analysis at scale: from showing a section's tab to its first result on screen.

In the real window, offscreen, with the event loop running: the Analysis tab is brought
forward, then each of its sections (forecast, heatmap, capability gap, what moved) is
shown in turn, once the window has read ahead what each section shows first (it does so
when it has been filled and left alone a moment; "read_ahead_seconds" is how long from
the window filled until then, information). A section's first result is on screen when it no longer says it is
computing (``first_result_shown``) and the window has painted since. Reported: the
slowest section ("first_result"), each section's own time, and the time until each
section is complete, its chart drawn ("complete", information); the next tab is shown
once the last one is complete. No floor: the goal is absolute (≤ 100 ms).
"""

from __future__ import annotations

import argparse
import time

from common import Missing, main
from window import open_window

TIMEOUT_S = 120.0
SECTIONS = ("forecast", "heatmap", "gap", "moved")


def ours(args: argparse.Namespace) -> dict[str, float]:
    from PySide6.QtCore import QTimer

    app, window = open_window(args.db, args.work)
    from coalition_desk.ui.analysis.analysis_pane import AnalysisPane

    if not hasattr(AnalysisPane, "first_result_shown"):
        raise Missing("the analysis sections do not say when their first result is shown")
    firsts: dict[str, float] = {}
    completes: dict[str, float] = {}
    started = time.perf_counter()

    def show(index: int) -> None:
        if index == len(SECTIONS):
            app.quit()
            return
        name = SECTIONS[index]
        since = time.perf_counter()
        if index == 0:
            # Bringing the Analysis forward builds it and computes the section in front.
            window.panes.bring_forward("analysis")
        pane = window.analysis_tab.ensure_built()
        pane.tabs.setCurrentIndex(index)

        def check() -> None:
            if time.perf_counter() - started > TIMEOUT_S:
                raise SystemExit(f"the {name} section showed nothing in time")
            if name not in firsts and pane.first_result_shown(name):
                pane.repaint()  # the result painted, chart included
                firsts[name] = time.perf_counter() - since
            drawing = getattr(pane, "charts_in_flight", lambda: False)()
            if name in firsts and not window.hub.loading and not drawing:
                completes[name] = time.perf_counter() - since
                QTimer.singleShot(50, lambda: show(index + 1))
                return
            QTimer.singleShot(1, check)

        QTimer.singleShot(0, check)

    filled = time.perf_counter()
    reads = getattr(window.analysis_tab, "reads", None)
    ahead: dict[str, float] = {}

    def wait_for_reads_ahead() -> None:
        if reads is None or reads.done or time.perf_counter() - filled > TIMEOUT_S:
            ahead["seconds"] = time.perf_counter() - filled
            QTimer.singleShot(100, lambda: show(0))
        else:
            QTimer.singleShot(10, wait_for_reads_ahead)

    QTimer.singleShot(0, wait_for_reads_ahead)
    app.exec()
    values = {f"{name}_first": firsts[name] for name in SECTIONS}
    values |= {"first_result": max(firsts.values()), "complete": max(completes.values()),
               "read_ahead_seconds": ahead["seconds"]}
    return values


if __name__ == "__main__":
    main(ours)
