"""Cold start: from process start to the first painted main window, on the register.

Floor: a bare PySide6 main window with a table view over a model of every position id,
read with a bare SQLAlchemy engine. Both stop at the same first-paint event.

Ours reads its panes' rows on a pool thread after that first paint, so the time until
every pane is filled and the timeline drawn is reported too ("filled_seconds"); the
floor's table is full at its first paint, so its "filled" time is its first paint.

A start shows the timeline's picture kept at the register's last start when it is exactly
what it would draw (ui/timeline/kept_chart.py), so the first run on a freshly generated
register draws the chart and later runs (the same register, size and code) show it.
"""

from __future__ import annotations

import os
import sys
import time

from common import Missing, emit, require, since_process_start

# How long a finished start may go on with what it queued for later (not measured).
AFTER_MS = 15_000
AFTER_TICK_MS = 50


def ours(db: str) -> None:
    import qtprobe
    from PySide6.QtCore import QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication  # noqa: F401 - the clock runs from the start

    app = qtprobe.application()
    painted: dict[str, float] = {}

    def on_first_paint() -> None:
        painted["seconds"] = since_process_start()
        painted["poller"] = qtprobe.when_filled(app, on_filled)  # type: ignore[assignment]

    def on_filled() -> None:
        seconds = painted["seconds"]
        emit({"values": {"seconds": seconds, "filled_seconds": since_process_start()}})
        # The clock has stopped. Work the window queued for after its start (the
        # timeline's picture made ready to keep) is let finish, the look for damage at
        # opening let end, and the window closed (where the picture is kept for the next
        # start), as in an officer's session that lasts more than a few seconds.
        deadline = time.monotonic() + AFTER_MS / 1000
        waiting = QTimer(app)

        def leave_when_done() -> None:
            hub = getattr(qtprobe.main_window(), "hub", None)
            if getattr(hub, "writes_held", "") and time.monotonic() < deadline:
                return
            waiting.stop()
            QTimer.singleShot(AFTER_TICK_MS, close_and_leave)

        def close_and_leave() -> None:
            QThreadPool.globalInstance().waitForDone(AFTER_MS)
            app.processEvents()  # what the pool handed back (the picture made ready)
            window = qtprobe.main_window()
            if window is not None:
                window.close()  # the officer's session ends: the picture is kept now
            os._exit(0)

        waiting.timeout.connect(leave_when_done)
        waiting.start(AFTER_TICK_MS)
        painted["waiting"] = waiting  # type: ignore[assignment]

    watcher = qtprobe.watch_first_paint(app, on_first_paint)  # noqa: F841 - kept alive
    launch = require("coalition_desk.ui.app", "run")
    launch(db)


def floor(db: str) -> None:
    import qtprobe
    from PySide6.QtWidgets import QMainWindow, QTableView
    from sqlalchemy import create_engine, text

    app = qtprobe.application()
    watcher = qtprobe.watch_first_paint(app, lambda: _done(app))  # noqa: F841 - kept alive
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        ids = list(connection.execute(text("SELECT id FROM positions ORDER BY id")).scalars())
    window = QMainWindow()
    view = QTableView()
    view.setModel(qtprobe.IdModel(ids))
    window.setCentralWidget(view)
    window.resize(1400, 900)
    window.show()
    app.exec()


def _done(app: object) -> None:
    seconds = since_process_start()
    emit({"values": {"seconds": seconds, "filled_seconds": seconds}})
    # Tear-down is not part of a start; leave at once.
    os._exit(0)


if __name__ == "__main__":
    variant = sys.argv[sys.argv.index("--variant") + 1]
    database = sys.argv[sys.argv.index("--db") + 1]
    try:
        (ours if variant == "ours" else floor)(database)
    except Missing as missing:
        emit({"missing": str(missing)})
        sys.exit(0)
    emit({"missing": "the window closed before it was painted"})
