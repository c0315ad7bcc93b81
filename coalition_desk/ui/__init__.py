"""The Qt window. Everything here talks to data only through coalition_desk.services."""

import os

# Qt's raster engine hands every fill of 96 or more lines (a scroll bar, a pane's
# background) to a thread pool and waits for it. For the window's widgets the hand-off
# costs more than the fill, and on a busy two-core laptop the GUI thread then waits for
# a core: at scale L a selection took 34 ms of GUI time with the pool and 27 ms without,
# a sort 9 and 7 (docs/performance.md, "Round 2, branch frame"). Read by Qt once, when
# it first paints; set before any window exists. An officer's own setting is kept.
os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
