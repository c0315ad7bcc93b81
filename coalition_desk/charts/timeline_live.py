"""A timeline kept on screen: its frame is drawn once, a new selection redraws only markers.

Selecting one nation after another with an issue chosen changes nothing but the markers
(the rows, dates and meeting lines stay), yet clearing and drawing the whole chart with
its 5,000 meeting lines took ~300 ms at scale L (tests/benchmarks, select). So the
markers, the ring round the selected one and the "nothing recorded" message are
*animated* artists: a full draw leaves them out and keeps a copy of the picture
(``copy_from_bbox``), and a change of markers restores that copy and draws just them
("Faster rendering by using blitting" in the matplotlib docs). Works on any canvas; on
one that cannot blit (a bare Agg canvas), the next full draw shows the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

from coalition_desk.charts.timeline import TimelineData
from coalition_desk.charts.timeline_draw import (
    MARKER_SIZE,
    RING_STYLE,
    TimelineDrawing,
    draw_frame,
    frame_key,
    marker_style,
    with_points,
    write_empty_message,
)

MARKERS_PER_SET = 250


class LiveTimeline:
    def __init__(
        self,
        axes: Axes,
        *,
        show_title: bool = True,
        present: Callable[[Bbox], None] | None = None,
    ) -> None:
        """``present``: puts the blitted region on screen; by default ``canvas.blit``.

        A window may pass one that only schedules a paint, so that several changes in one
        turn of its event loop reach the screen once.
        """
        self.axes = axes
        self.show_title = show_title
        # Settable: a chart drawn on a pool thread is shown by a window that takes it over.
        self.present = present
        self.drawing = TimelineDrawing(axes=axes)
        # How many times the frame was drawn afresh (the costly path).
        self.frames_drawn = 0
        self._frame: tuple[Any, ...] | None = None
        self._background: Any = None
        self._background_bounds: tuple[float, ...] = ()
        self._animated: list[Any] = []
        # The markers, in sets of at most MARKERS_PER_SET: drawing one set is one call that
        # holds the interpreter, and 2,000 markers in one took up to 85 ms on a busy machine
        # (a chart drawn on a pool thread then held the window that long).
        self._marker_sets: list[Any] = []
        self._ring: Any = None
        self._empty: Any = None
        # The markers last set, and the picture with them drawn: a change of the ring alone
        # (a click, ←/→ among 2,000 markers) restores that picture and draws just the ring.
        self._points_set: Any = None
        self._with_markers: Any = None
        axes.figure.canvas.mpl_connect("draw_event", self._on_draw)
        self._keyed: tuple[TimelineData, tuple[Any, ...]] | None = None

    def draws_same_frame(self, data: TimelineData) -> bool:
        """``show(data)`` would redraw only the markers (the quick path)."""
        return self._frame == self._frame_key(data)

    def _frame_key(self, data: TimelineData) -> tuple[Any, ...]:
        # Asked twice for the same data on a selection (draws_same_frame, then show):
        # at scale L the key (every meeting's day) took 0.8 ms each time.
        if self._keyed is None or self._keyed[0] is not data:
            key = frame_key(data, show_title=self.show_title, always_explain_stale=True)
            self._keyed = (data, key)
        return self._keyed[1]

    @property
    def canvas(self) -> Any:
        return self.axes.figure.canvas

    def show(self, data: TimelineData) -> TimelineDrawing:
        """Show ``data``; the frame is drawn again only if something other than markers changed."""
        # The legend always explains the stale mark (as the nations pane's does): had it
        # come and gone with the nation shown, every other selection redrew the frame.
        frame = self._frame_key(data)
        if frame != self._frame:
            self._frame = frame
            self._draw_frame(data)
            self._update_markers(data)
            self._background = None
            self.canvas.draw_idle()
        else:
            self._update_markers(data)
            self._blit()
        return self.drawing

    def _draw_frame(self, data: TimelineData) -> None:
        self.frames_drawn += 1
        ax = self.axes
        self.drawing = draw_frame(ax, data, show_title=self.show_title, always_explain_stale=True)
        if not data.rows:
            self._animated = []
            return
        self._marker_sets = []
        self._ring = ax.scatter(np.empty(0), np.empty(0), **RING_STYLE)
        self._empty = write_empty_message(ax, "")
        self._animated = [self._ring, self._empty]
        self._points_set = self._with_markers = None
        for artist in self._animated:
            artist.set_animated(True)

    def _update_markers(self, data: TimelineData) -> None:
        if not self._animated:
            return
        if data.points is not self._points_set:
            offsets, faces, edges, widths = marker_style(data.points)
            self._set_markers(offsets, faces, edges, widths)
            self.drawing = with_points(self.drawing, data, offsets)
            self._points_set, self._with_markers = data.points, None
        offsets = self.drawing.offsets
        uuids = self.drawing.point_uuids
        ring = (
            offsets[[uuids.index(data.selected_uuid)]]
            if data.selected_uuid in uuids
            else np.empty((0, 2))
        )
        self._ring.set_offsets(ring)
        self._empty.set_text("" if data.points else data.empty_message)
        self._empty.set_visible(not data.points)

    def _set_markers(self, offsets: np.ndarray, faces: list[str], edges: list[str],
                     widths: list[float]) -> None:  # fmt: skip
        wanted = max(1, -(-len(offsets) // MARKERS_PER_SET))
        while len(self._marker_sets) < wanted:
            markers = self.axes.scatter(np.empty(0), np.empty(0), s=MARKER_SIZE, zorder=3)
            markers.set_animated(True)
            self._marker_sets.append(markers)
        for index, markers in enumerate(self._marker_sets):
            part = slice(index * MARKERS_PER_SET, (index + 1) * MARKERS_PER_SET)
            markers.set_offsets(offsets[part] if len(offsets) else np.empty((0, 2)))
            markers.set_facecolor(faces[part])
            markers.set_edgecolor(edges[part])
            markers.set_linewidth(widths[part] or [0.8])

    def _blit(self) -> None:
        canvas = self.canvas
        if self._background is None or self._background_bounds != self._figure_bounds():
            # No picture of this frame at this size yet: the coming full draw shows all.
            canvas.draw_idle()
            return
        if self._with_markers is not None:
            canvas.restore_region(self._with_markers)
            self._draw_animated(markers=False)
        else:
            canvas.restore_region(self._background)
            self._draw_animated()
        if self.present is None:
            canvas.blit(self.axes.bbox)
        else:
            self.present(self.axes.bbox)

    def _figure_bounds(self) -> tuple[float, ...]:
        return tuple(self.axes.figure.bbox.bounds)

    def _draw_animated(self, *, markers: bool = True) -> None:
        if not self._animated:
            return
        if markers:
            for marker_set in self._marker_sets:
                self.axes.draw_artist(marker_set)
            canvas = self.canvas
            if hasattr(canvas, "copy_from_bbox"):
                self._with_markers = canvas.copy_from_bbox(self.axes.figure.bbox)
        for artist in self._animated:
            self.axes.draw_artist(artist)

    def _on_draw(self, event: Any) -> None:
        canvas = event.canvas
        if canvas is not self.canvas or canvas.is_saving():
            return
        if hasattr(canvas, "copy_from_bbox"):
            self._background = canvas.copy_from_bbox(self.axes.figure.bbox)
            self._background_bounds = self._figure_bounds()
        self._draw_animated()
