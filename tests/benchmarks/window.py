"""Building the real main window offscreen on a register, for the in-window benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from common import require


def open_window(db: Path, work: Path) -> tuple[Any, Any]:
    """(application, main window) shown and drained, the timeline pane built."""
    require("coalition_desk.ui.main_window", "MainWindow")
    build_window = require("coalition_desk.ui.app", "build_window")
    import qtprobe
    from PySide6.QtCore import QSettings

    from coalition_desk.store.engine import open_database

    app = qtprobe.application()
    settings = QSettings(str(work / "window-settings.ini"), QSettings.Format.IniFormat)
    window = build_window(open_database(db), settings)
    window.show()
    qtprobe.drain(app)
    qtprobe.wait_until_filled(app, window)
    qtprobe.drain(app)
    return app, window


def settle(app: Any, window: Any) -> None:
    """Deliver every queued event (timers of 0 ms included), wait for any pane still
    reading in the background, and paint the window now."""
    import qtprobe

    qtprobe.drain(app)
    qtprobe.wait_until_filled(app, window)
    window.repaint()
