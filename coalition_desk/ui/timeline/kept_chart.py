"""The timeline's picture kept in the register from one start to the next.

At a cold start the chart's own chain, matplotlib's import (~0.6 s of the interpreter)
and the first frame's drawing (~0.3 s), competed with the panes' reads for the one
interpreter (docs/performance.md). A window instead shows the picture it drew at its
last start, at once, when that picture is exactly what it would draw now, and draws the
real chart behind it once every pane is filled (same pixels, swapped in).

"Exactly what it would draw now" is a digest (``picture_key``) of everything the drawing
takes: the chart's data as read from the register now (every marker, tooltip, meeting,
row, title and the selection's ring: ``TimelineData``, which needs no matplotlib), the
canvas size and device pixel ratio, and what draws it (this app's version, the drawing
modules' source, matplotlib's version, any matplotlibrc that would style it). Whatever
wrote the register (this window, another one, the command line, a merge, an import),
the data read now is what the digest is of, so a change that alters the chart alters
the key; one that does not (a note on a meeting) leaves the same picture, rightly.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer

from coalition_desk.charts.canvas_size import CanvasSize
from coalition_desk.store import kept_pictures
from coalition_desk.store.engine import Database
from coalition_desk.store.kept_pictures import KeptPicture
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.workers import BEHIND_PRIORITY, Task, start

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData
    from coalition_desk.charts.timeline_image import RenderedTimeline
    from coalition_desk.ui.timeline.chart_reads import ChartRead

log = logging.getLogger(__name__)

# The picture of the chart a window starts on (the selection it opens with).
START_SLOT = "timeline:start"
# How often a start on a kept picture looks whether the window is filled yet.
FILLED_POLL_MS = 20
# The modules whose code decides the picture's pixels.
DRAWING_MODULES = (
    "timeline.py", "timeline_draw.py", "timeline_axis.py", "timeline_image.py",
    "timeline_live.py", "colours.py", "canvas_size.py",
)  # fmt: skip


def picture_key(data: TimelineData, size: CanvasSize) -> str:
    """A digest of everything that decides the chart's pixels (see the module's text).

    ``repr`` of the frozen data classes is canonical (dates, floats and strings as
    written), so equal data gives equal keys; two different data never do."""
    hashed = hashlib.sha256()
    hashed.update(_drawer_digest().encode())
    hashed.update(_style_digest().encode())
    hashed.update(repr((size.width, size.height, size.ratio)).encode())
    hashed.update(repr(data).encode())
    return hashed.hexdigest()


@functools.cache
def _drawer_digest() -> str:
    from importlib import metadata

    import coalition_desk
    from coalition_desk import charts

    hashed = hashlib.sha256(coalition_desk.__version__.encode())
    try:
        hashed.update(metadata.version("matplotlib").encode())
    except metadata.PackageNotFoundError:
        hashed.update(b"matplotlib ?")
    here = Path(charts.__file__).parent
    for name in DRAWING_MODULES:
        source = here / name
        # A bundled build has no sources: its version then stands for them.
        hashed.update(source.read_bytes() if source.exists() else name.encode())
    return hashed.hexdigest()


def _style_digest() -> str:
    """Every matplotlibrc that matplotlib would read, as it stands now (not cached: an
    officer may add one between two starts)."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    candidates = [
        os.environ.get("MATPLOTLIBRC", ""),
        "matplotlibrc",
        str(Path(os.environ.get("MPLCONFIGDIR", "") or Path(config) / "matplotlib") /
            "matplotlibrc"),
        str(Path.home() / ".matplotlib" / "matplotlibrc"),
    ]  # fmt: skip
    hashed = hashlib.sha256()
    for candidate in candidates:
        path = Path(candidate) if candidate else None
        if path is not None and path.exists():
            target = path / "matplotlibrc" if path.is_dir() else path
            hashed.update(str(path).encode())
            hashed.update(target.read_bytes() if target.is_file() else b"?")
    return hashed.hexdigest()


def read_and_look_up(
    read: ChartRead, size: CanvasSize, database: Database, cancelled: Callable[[], bool]
) -> tuple[TimelineData, KeptPicture | None]:
    """On a pool thread: the start's chart data, and the picture kept of exactly it
    (the read stops at its next chunk once ``cancelled()``, as ``read_and_draw``'s)."""
    data = read(cancelled)
    if cancelled():
        return data, None
    return data, kept_pictures.find(database, START_SLOT, picture_key(data, size))


def fits(picture: KeptPicture | None, size: CanvasSize) -> bool:
    return picture is not None and (picture.width, picture.height, picture.ratio) == (
        size.width, size.height, size.ratio
    )


class StartKeeper:
    """The start's real chart, made ready to keep on a pool thread (its key and packed
    pixels, no register access) and written when the window closes.

    Not written while the window runs: an officer's save that had begun to read when
    another connection committed cannot take the write lock in WAL mode and is refused
    at once ("the database is locked"), so a keeping written just as the look for damage
    let writes through made such a save fail. At close no save is under way; the write
    is one short transaction that gives up if another program holds the register, and
    none is made while writes are held (a damaged register is left as it was) or in a
    window that may not write."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub
        self.ready: tuple[KeptPicture, bytes] | None = None
        # (data, size, pixels) of the chart to keep, until it is kept.
        self._shown: tuple | None = None

    def prepare(self, rendered: RenderedTimeline) -> None:
        if not kept_pictures.can_keep(self._hub.database) or self._hub.read_only:
            return
        shown = (rendered.shown, rendered.size, rendered.pixels)
        self._shown = shown
        task = Task(lambda _progress, _cancelled: _prepared(*shown))
        task.finished.connect(lambda prepared: self._ready(shown, prepared))
        start(task, priority=BEHIND_PRIORITY)

    def _ready(self, shown: tuple, prepared: tuple[KeptPicture, bytes]) -> None:
        if self._shown is shown:
            self.ready = prepared

    def keep_now(self) -> bool:
        """At the window's close: write what is ready (made ready now, ~20 ms at L, if
        the pool has not done it yet), if writes are let through."""
        prepared, self.ready = self.ready, None
        shown, self._shown = self._shown, None
        if shown is None or not shiboken6.isValid(self._hub) or not self._hub.may_write_now:
            return False
        if prepared is None:
            prepared = _prepared(*shown)
        try:
            return kept_pictures.keep(self._hub.database, START_SLOT, *prepared)
        except Exception as error:  # noqa: BLE001 - a courtesy: never felt if it fails
            log.debug("The timeline's picture was not kept: %s", error)
            return False


def _prepared(data: TimelineData, size: CanvasSize, pixels: bytes
              ) -> tuple[KeptPicture, bytes]:  # fmt: skip
    picture = KeptPicture(picture_key(data, size), data.title, size.width, size.height,
                          size.ratio, pixels)  # fmt: skip
    return picture, kept_pictures.pack(pixels)


def once_filled(hub: Hub, filled: Callable[[], bool], then: Callable[[], None]) -> QTimer:
    """``then()`` once ``filled()`` (the window's every pane holds its rows) and no load
    is under way. Watched, not taken from ``hub.loads_settled``: the panes' loads come
    in turns, so the count of loads under way falls to none between them."""
    timer = QTimer()
    timer.setInterval(FILLED_POLL_MS)

    def check() -> None:
        if not hub.loading and filled():
            timer.stop()
            then()

    timer.timeout.connect(check)
    timer.start()
    return timer
