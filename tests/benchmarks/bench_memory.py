"""Resident memory with the register open in the window, every pane shown and drawn.

Started like the cold start benchmark (``coalition_desk.ui.app.run``); once the window
has painted and every pane is filled (their rows are read after the first paint) and the
timeline drawn, events are delivered for another second, then VmRSS is read. The peak
(VmHWM) is reported too.
"""

from __future__ import annotations

import os
import sys

from common import Missing, emit, peak_rss_mb, require, rss_mb

SETTLE_MS = 1000


def ours(db: str) -> None:
    import qtprobe
    from PySide6.QtCore import QTimer

    app = qtprobe.application()
    keep: dict[str, object] = {}

    def painted() -> None:
        # Settled: the timeline's real chart drawn (matplotlib loaded) behind a picture
        # kept from the last start, as it soon is in any session.
        keep["poller"] = qtprobe.when_filled(
            app, lambda: QTimer.singleShot(SETTLE_MS, report), until=qtprobe.is_settled
        )

    def report() -> None:
        emit({"values": {"rss_mb": rss_mb(), "peak_mb": peak_rss_mb()}})
        os._exit(0)

    watcher = qtprobe.watch_first_paint(app, painted)  # noqa: F841 - kept alive
    launch = require("coalition_desk.ui.app", "run")
    launch(db)


if __name__ == "__main__":
    database = sys.argv[sys.argv.index("--db") + 1]
    try:
        ours(database)
    except Missing as missing:
        emit({"missing": str(missing)})
        sys.exit(0)
    emit({"missing": "the window closed before it was painted"})
