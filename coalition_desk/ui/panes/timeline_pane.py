"""Positions timeline pane: a matplotlib chart of stances over time.

matplotlib is imported only when the pane is first shown, so a window whose timeline is
hidden starts without paying for it. The chart is drawn onto an image
(charts/timeline_image.py): a new frame that is costly to draw (a large register's every
nation, thousands of meetings) is drawn on a pool thread while the window answers, and a
later selection that changes only the markers redraws them at once on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QPaintEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from coalition_desk.domain.records import ChangeSet
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.panes.heading import Heading
from coalition_desk.ui.timeline.chart_keys import FOCUS_STYLE, UNFOCUSED_STYLE, ChartKeys
from coalition_desk.ui.timeline.chart_reads import ChartRead, ChartReads
from coalition_desk.ui.timeline.render_jobs import RenderJobs, draw, read_and_draw, retire
from coalition_desk.ui.timeline.start_picture import HINT, StartPicture

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData
    from coalition_desk.charts.timeline_data import TimelineBasis
    from coalition_desk.charts.timeline_draw import TimelineDrawing
    from coalition_desk.charts.timeline_image import CanvasSize, RenderedTimeline
    from coalition_desk.charts.timeline_live import LiveTimeline
    from coalition_desk.ui.timeline.chart_image import ChartImage
    from coalition_desk.ui.timeline.chart_menu import ChartMenu

__all__ = ["FOCUS_STYLE", "TimelinePane"]

SHOWS = ("position", "nation", "issue", "meeting", "settings")
ALL_ISSUES = "All issues"
# Nobody reads 200,000 markers, and drawing them took 600 MB at scale L: with no nation
# and every issue the chart shows the latest positions and says how many there are in all.
OVERVIEW_LIMIT = 2_000
# A chosen issue or nation is far below this at scale L (~5,000 and ~1,000): a safety net.
NARROWED_LIMIT = 10_000
# A new frame costing more than this (charts.timeline_image.drawing_cost) is drawn on a
# pool thread; a demo-sized chart (~120) is drawn at once. A new figure took 0.1 s to lay
# out and draw on a quiet machine, 0.5-0.7 s on a busy one, at any size (scale S: 500).
DRAW_OFF_THREAD_COST = 200
RESIZE_SETTLE_MS = 80
ISSUE_CHOOSER_CHARS = 28


class TimelinePane(StartPicture, ChartKeys, QWidget):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_pane")
        self.setAccessibleName("Positions timeline pane")
        self._hub = hub
        self._syncing = False
        self._dirty = True
        self._build_scheduled = False
        self._drawn_for: tuple[str | None, ...] | None = None
        # The (nation, issue, meeting) that self.data was read for.
        self._read_for: tuple[str | None, ...] | None = None
        # The (nation, issue, meeting) being read on a pool thread, if any.
        self._reading_for: tuple[str | None, ...] | None = None
        self._reads = ChartReads(hub.database)
        self.canvas: ChartImage | None = None
        self.menu: ChartMenu | None = None
        # The picture on screen and the figure it came from; None until first drawn.
        self._render: RenderedTimeline | None = None
        self.data: TimelineData | None = None
        self.drawing: TimelineDrawing | None = None
        self._jobs = RenderJobs(hub, self)
        self._init_start_picture()
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.timeout.connect(self._follow_size)
        # Tests replace this to see the right-click menu without running it.
        self.present_menu: Callable[[Any, QPoint], None] = lambda menu, at: menu.exec(at)

        self.issue_chooser = QComboBox(self)
        self.issue_chooser.setObjectName("issue_chooser")
        self.issue_chooser.setAccessibleName("Issue shown on the timeline and in the stances")
        # A long issue name is cut at its end ("Dependence on peace-deal te…") rather than
        # widening the chooser over the hint; the list that drops down shows it whole.
        self.issue_chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.issue_chooser.setMinimumContentsLength(ISSUE_CHOOSER_CHARS)
        self.issue_chooser.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        issue_label = QLabel("&Issue:", self)
        issue_label.setBuddy(self.issue_chooser)
        self.hint = QLabel(HINT, self)
        self.hint.setStyleSheet("color: #607d8b;")
        self.title = Heading(self)
        self.title.setObjectName("timeline_title")
        bar = QHBoxLayout()
        bar.addWidget(issue_label)
        bar.addWidget(self.issue_chooser)
        bar.addStretch(1)
        bar.addWidget(self.hint)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 4, 4, 4)
        self._layout.addLayout(bar)
        self._layout.addWidget(self.title)
        self.frame = QFrame(self)
        self.frame.setObjectName("timeline_frame")
        self.frame.setStyleSheet(UNFOCUSED_STYLE)
        frame_layout = QVBoxLayout(self.frame)
        frame_layout.setContentsMargins(2, 2, 2, 2)
        self.frame.hide()
        self.placeholder = QLabel("The timeline is drawn when this pane is shown.", self)
        self._layout.addWidget(self.placeholder, 1)

        self._fill_issue_chooser()
        self.issue_chooser.currentIndexChanged.connect(self._on_issue_chosen)
        hub.context_changed.connect(self._on_context)
        hub.data_changed.connect(self._on_data)

    # --- building and drawing --------------------------------------------------------
    @property
    def is_built(self) -> bool:
        return self.canvas is not None

    def ensure_built(self) -> None:
        if self.canvas is not None:
            return
        from coalition_desk.ui.timeline.chart_image import ChartImage
        from coalition_desk.ui.timeline.chart_menu import ChartMenu

        self.canvas = ChartImage(self.frame)
        self.frame.layout().addWidget(self.canvas)
        self.canvas.setObjectName("timeline_canvas")
        self.canvas.setAccessibleName("Positions timeline chart")
        self.canvas.installEventFilter(self)
        self.canvas.hovered.connect(self._on_motion)
        self.canvas.left_pressed.connect(self._on_press)
        self.canvas.menu_requested.connect(self._on_menu)
        self.canvas.resized.connect(lambda: self._resize_timer.start(RESIZE_SETTLE_MS))
        self.canvas.draw_pending = self._draw_now
        self.menu = ChartMenu(
            self._hub, self, self.canvas.image,
            nation_name=lambda uuid: self.timeline_basis().nation_name(uuid),
            issue_name=self._reads.issue_name, open_position=self.choose_position,
        )  # fmt: skip
        self._layout.replaceWidget(self.placeholder, self.frame)
        self.frame.show()
        self.placeholder.deleteLater()
        # Laid out now, so the first picture is drawn at the size it is shown at.
        self._layout.activate()
        self.frame.layout().activate()
        self._dirty = True
        # The first frame's nations, meetings and matplotlib are loaded on the pool.
        self._watch_window_close()
        self._jobs.after_basis(self._reads, self.redraw)

    @property
    def chart(self) -> LiveTimeline | None:
        """The chart behind the picture on screen (it redraws the markers in place)."""
        return None if self._render is None else self._render.chart

    @property
    def figure(self) -> Any:
        return None if self._render is None else self._render.figure

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.is_built and self._dirty:
            self.redraw()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.is_built and not self._build_scheduled:
            # Built once the window has painted: importing matplotlib and the first draw
            # were over half of the cold start (tests/benchmarks, cold start).
            self._build_scheduled = True
            QTimer.singleShot(0, self._build_if_shown)

    def _build_if_shown(self) -> None:
        self._build_scheduled = False
        if self.isVisible():
            self.ensure_built()

    def _fill_issue_chooser(self) -> None:
        issues = self._reads.read_issues()
        self._syncing = True
        try:
            self.issue_chooser.clear()
            self.issue_chooser.addItem(ALL_ISSUES, None)
            for issue in issues:
                self.issue_chooser.addItem(issue.name, issue.uuid)
            self._show_issue(self._hub.context.issue_uuid)
        finally:
            self._syncing = False

    def _show_issue(self, uuid: str | None) -> None:
        index = self.issue_chooser.findData(uuid) if uuid else 0
        self.issue_chooser.setCurrentIndex(max(index, 0))

    def timeline_basis(self) -> TimelineBasis:
        return self._reads.basis()

    def timeline_data(self) -> TimelineData:
        """What the chart shows for the hub's selection, read now on this thread."""
        return self._prepare_read()()

    def _prepare_read(self) -> ChartRead:
        context = self._hub.context
        limit = NARROWED_LIMIT if context.nation_uuid or context.issue_uuid else OVERVIEW_LIMIT
        return self._reads.prepare(context, limit)

    def redraw(self) -> None:
        if not self.is_built or not self.isVisible():
            self._dirty = True
            self._drawn_for = None
            return
        context = self._hub.context
        self._kept_shows = None  # whatever is drawn next is not the start's kept picture
        self._drawn_for = (context.nation_uuid, context.issue_uuid, context.meeting_uuid,
                           context.position_uuid)  # fmt: skip
        read_for = self._drawn_for[:3]
        if read_for == self._reading_for:
            # That read is still on its way; it rings the selected position when it lands.
            return
        self._jobs.cancel()
        self._reading_for = None
        if self.data is not None and read_for == self._read_for:
            # Only the selected position moved (a click, ←/→): the same markers, re-ringed.
            self._present(replace(self.data, selected_uuid=context.position_uuid))
        elif context.nation_uuid is None:
            # Every nation's positions (up to 10,000 on one issue at 200 nations): read, and
            # drawn if that is costly, on a pool thread while the window answers.
            self._reading_for = read_for
            self.title.set_text("Reading the positions…", bold=True)
            read, size, cost = self._prepare_read(), self._size(), DRAW_OFF_THREAD_COST
            if self._look_up_start_picture(read_for, read, size):
                return
            self._jobs.start(
                lambda cancelled: read_and_draw(read, size, cost, cancelled),
                lambda result: self._land(read_for, *result),
            )
        else:
            # One nation's positions: a few hundred, read at once so a selection shows in
            # a single repaint.
            self._read_for = read_for
            self._present(self.timeline_data())

    def _land(self, read_for: tuple[str | None, ...], data: TimelineData,
              rendered: RenderedTimeline | None) -> None:  # fmt: skip
        """A read from the pool thread arrives: shown with the position selected now."""
        self._reading_for = None
        self._read_for = read_for
        self._present(replace(data, selected_uuid=self._hub.context.position_uuid), rendered)

    def _size(self) -> CanvasSize:
        assert self.canvas is not None
        return self.canvas.canvas_size()

    def _present(self, data: TimelineData, rendered: RenderedTimeline | None = None) -> None:
        """Show ``data``: markers redrawn in place if the frame is the same, else drawn anew
        (on a pool thread if costly; the picture on screen stays until then)."""
        from coalition_desk.charts.timeline import drawing_cost
        from coalition_desk.charts.timeline_image import render_timeline

        if not self.is_built:
            return
        self._kept_shows = None
        self.data = data
        self.title.set_text(data.title, bold=True)
        self._dirty = False
        size = self._size()
        if rendered is not None:
            self._take(rendered) if rendered.size == size else retire(rendered)
        current = self._render
        if current is not None and current.size == size and current.chart.draws_same_frame(data):
            self._jobs.cancel()
            current.show(data)
            self._shown()
        elif drawing_cost(data) > DRAW_OFF_THREAD_COST:
            self.drawing = None  # the picture on screen is not of this data: no hover
            self._jobs.start(
                lambda cancelled: draw(data, size, cancelled),
                lambda result: self._land_drawing(data, result),
            )
        else:
            self._jobs.cancel()
            self._take(render_timeline(data, size))
            self._shown()

    def _land_drawing(self, data: TimelineData, rendered: RenderedTimeline | None) -> None:
        if rendered is None:
            return
        self._take(rendered)
        if self.data is data:
            self._shown()
        elif self.data is not None:
            self._present(self.data)

    def _take(self, rendered: RenderedTimeline | None) -> None:
        """``rendered`` is now behind the picture; the figure it replaces is taken apart."""
        old, self._render = self._render, rendered
        if old is not None and old is not rendered:
            if self.drawing is old.drawing:
                self.drawing = None
            retire(old)

    def _shown(self) -> None:
        assert self._render is not None and self.canvas is not None
        self.drawing = self._render.drawing
        self.canvas.show_pixels(self._render.pixels, self._render.size)
        if self.hint.text() != HINT:
            self.hint.setText(HINT)
        if self._keep_start is not None and self._drawn_for is not None \
                and self._drawn_for[:3] == self._keep_start:
            # The start's chart, drawn because none was kept of it: kept for the next.
            self._keep_start = None
            self._keeper.prepare(self._render)

    def _follow_size(self) -> None:
        """The chart was resized: drawn again at its new size once the resizing settles."""
        if self._kept_follow_size():
            return
        if self.data is not None and self._render is not None and self.isVisible() \
                and self._render.size != self._size() and not self._jobs.in_flight:
            self._present(self.data)

    def _draw_now(self) -> None:
        """A drawing still pending is done at once, on this thread (a read is left to land)."""
        from coalition_desk.charts.timeline_image import render_timeline

        if self.data is None or self._reading_for is not None:
            return
        self._kept_shows = None
        size = self._size()
        current = self._render
        if current is None or current.size != size or not current.chart.draws_same_frame(
            self.data
        ):
            self._jobs.cancel()
            self._take(render_timeline(self.data, size))
        assert self._render is not None
        self._render.show(self.data)
        self._shown()

    def shows_current_selection(self) -> bool:
        """The picture on screen is of the hub's selection (nothing read or drawn in flight)."""
        context = self._hub.context
        wanted = (context.nation_uuid, context.issue_uuid, context.meeting_uuid,
                  context.position_uuid)  # fmt: skip
        return (
            self.drawing is not None
            and not self._jobs.in_flight
            and self._drawn_for == wanted
            and self.data is not None
            and self.data.selected_uuid == context.position_uuid
        )

    # --- reacting to the officer ---------------------------------------------------
    def _on_issue_chosen(self, _index: int) -> None:
        if not self._syncing:
            self._hub.select_issue(self.issue_chooser.currentData())

    def choose_position(self, uuid: str) -> None:
        self._hub.select_position(uuid)
        self._hub.open_requested.emit("position", uuid)

    def _on_context(self, context: SelectionContext) -> None:
        if self.issue_chooser.currentData() != context.issue_uuid:
            self._syncing = True
            try:
                self._show_issue(context.issue_uuid)
            finally:
                self._syncing = False
        shown = (context.nation_uuid, context.issue_uuid, context.meeting_uuid,
                 context.position_uuid)  # fmt: skip
        if shown != self._drawn_for:
            self.redraw()

    def _on_data(self, changes: ChangeSet) -> None:
        self._reads.forget(changes)
        if changes.touches("issue"):
            self._fill_issue_chooser()
        if changes.touches(*SHOWS):
            # Whatever was read, or is being read, predates this write.
            self._read_for = self._reading_for = None
            self.redraw()

