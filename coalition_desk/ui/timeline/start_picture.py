"""The timeline pane's start on a kept picture (ui/timeline/kept_chart.py), as a mixin.

The start's first frame is read on a pool thread as always; with it the picture kept at
the last start is looked up under the key of exactly what would be drawn now. Found (and
at the canvas's size), it is shown at once and the window counts as filled; the real
chart is drawn behind it only once every pane is filled, below every other pool work,
and swapped in (the same pixels). Until then hover and click are inert (no marker is
known where the pointer is, so no tooltip, rather than a wrong one) and the hint says
the markers are on their way; the menu's whole-chart entries (copy, save) work on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent

from coalition_desk.charts.canvas_size import CanvasSize
from coalition_desk.ui.timeline.kept_chart import (
    StartKeeper,
    fits,
    once_filled,
    read_and_look_up,
)
from coalition_desk.ui.timeline.render_jobs import draw, retire
from coalition_desk.ui.workers import BEHIND_PRIORITY

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData
    from coalition_desk.charts.timeline_image import RenderedTimeline
    from coalition_desk.store.kept_pictures import KeptPicture
    from coalition_desk.ui.timeline.chart_reads import ChartRead

HINT = "Hover a marker for the quote; click it (or ←/→ then Enter) to open it."
KEPT_HINT = "Getting the markers ready for hover and click…"

Selection = tuple[str | None, ...]


class StartPicture:
    # Provided by TimelinePane.
    _hub: Any
    _jobs: Any
    canvas: Any
    title: Any
    hint: Any
    data: TimelineData | None
    drawing: Any
    _dirty: bool
    _drawn_for: Selection | None
    _reading_for: Selection | None
    _read_for: Selection | None
    _size: Callable[[], CanvasSize]
    _present: Callable[..., None]
    _land_drawing: Callable[..., None]
    shows_current_selection: Callable[[], bool]

    def _init_start_picture(self) -> None:
        # The next overview read is the start's first frame: look for its kept picture.
        self._look_for_kept = True
        # The selection (nation, issue, meeting, position) the kept picture on screen
        # shows; None once anything else is shown or asked for.
        self._kept_shows: Selection | None = None
        self._kept_size: CanvasSize | None = None
        # The (nation, issue, meeting) of the start, whose real chart is kept once drawn.
        self._keep_start: Selection | None = None
        self._filled_watch: Any = None
        # The start's real chart, kept in the register when the window closes.
        self._keeper = StartKeeper(self._hub)
        self._closing_window: Any = None

    def _watch_window_close(self) -> None:
        """Called once built: the window's close writes the kept picture (StartKeeper)."""
        window = self.window()  # type: ignore[attr-defined]
        if window is not self and window is not self._closing_window:
            self._closing_window = window
            window.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self._closing_window and event.type() == QEvent.Type.Close:
            self._keeper.keep_now()
        return super().eventFilter(watched, event)  # type: ignore[misc]

    @property
    def shows_chart_of_selection(self) -> bool:
        """The picture on screen is the chart of the hub's selection as the register
        holds it, nothing read or drawn for it still in flight (the real chart, or the
        start's kept picture of exactly it): what "the timeline is drawn" means to the
        cold-start benchmark (its canvas existing is not: that is the first paint)."""
        context = self._hub.context
        wanted = (context.nation_uuid, context.issue_uuid, context.meeting_uuid,
                  context.position_uuid)  # fmt: skip
        if self._kept_shows is not None:
            return self._kept_shows == wanted and self._drawn_for == wanted
        return self.shows_current_selection()

    @property
    def shows_kept_picture(self) -> bool:
        return self._kept_shows is not None

    def _look_up_start_picture(
        self, read_for: Selection, read: ChartRead, size: CanvasSize
    ) -> bool:
        """The start's first frame read with its kept picture looked up; False (the
        caller reads and draws as ever) after the start."""
        if not self._look_for_kept:
            return False
        self._look_for_kept = False
        database = self._hub.database
        self._jobs.start(
            lambda cancelled: read_and_look_up(read, size, database, cancelled),
            lambda result: self._land_start(read_for, *result),
        )
        return True

    def _land_start(self, read_for: Selection, read: TimelineData,
                    picture: KeptPicture | None) -> None:  # fmt: skip
        self._reading_for = None
        self._read_for = read_for
        data = replace(read, selected_uuid=self._hub.context.position_uuid)
        size = self._size()
        if not fits(picture, size) or data.selected_uuid != read.selected_uuid:
            self._keep_start = read_for
            self._present(data)
            return
        assert picture is not None
        self.data = data
        self.title.set_text(data.title, bold=True)
        self._dirty = False
        self.drawing = None  # no marker is known under the pointer until the real chart
        self.canvas.show_pixels(picture.pixels, size)
        self.hint.setText(KEPT_HINT)
        self._kept_shows, self._kept_size = self._drawn_for, size
        window = self.window()  # type: ignore[attr-defined]
        filled = getattr(window, "is_filled", lambda: True)
        self._filled_watch = once_filled(
            self._hub, filled, lambda: shiboken6.isValid(self) and self._draw_behind(data)
        )

    def _draw_behind(self, data: TimelineData) -> None:
        """The real chart of the kept picture on screen, drawn on the pool (matplotlib
        loaded there), not counted as a load: nothing the officer sees waits for it."""
        if self._kept_shows is None or self.data is not data:
            return
        size = self._size()
        self._jobs.start(
            lambda cancelled: draw(data, size, cancelled),
            lambda rendered: self._land_behind(data, rendered),
            counted=False, priority=BEHIND_PRIORITY,
        )  # fmt: skip

    def _land_behind(self, data: TimelineData, rendered: RenderedTimeline | None) -> None:
        if rendered is None:
            return
        self._kept_shows = None
        if rendered.size != self._size():
            retire(rendered)
            if self.data is not None:
                self._present(self.data)
            return
        self._land_drawing(data, rendered)

    def _kept_follow_size(self) -> bool:
        """A resize while the kept picture is shown: the chart drawn anew at the new size."""
        if self._kept_shows is None or self.data is None:
            return False
        if self._kept_size != self._size():
            self._kept_shows = None
            self._present(self.data)
        return True
