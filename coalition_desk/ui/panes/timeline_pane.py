"""Positions timeline pane: a matplotlib chart of stances over time.

matplotlib is imported only when the pane is first shown, so a window whose timeline is
hidden starts without paying for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QKeyEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import ChangeSet, Issue, Meeting, Nation
from coalition_desk.services import positions, records, settings
from coalition_desk.ui.hub import Hub, SelectionContext
from coalition_desk.ui.loading import PaneLoader

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData, TimelineDrawing
    from coalition_desk.charts.timeline_data import TimelineBasis
    from coalition_desk.charts.timeline_live import LiveTimeline

SHOWS = ("position", "nation", "issue", "meeting", "settings")
ALL_ISSUES = "All issues"
# Nobody reads 200,000 markers, and drawing them took 600 MB at scale L: with no nation
# and every issue the chart shows the latest positions and says how many there are in all.
OVERVIEW_LIMIT = 2_000
# A chosen issue or nation is far below this at scale L (~5,000 and ~1,000): a safety net.
NARROWED_LIMIT = 10_000


FOCUS_STYLE = "QFrame#timeline_frame { border: 2px solid palette(highlight); }"
UNFOCUSED_STYLE = "QFrame#timeline_frame { border: 2px solid transparent; }"

class TimelinePane(QWidget):
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
        self._issues: list[Issue] = []
        self._basis: TimelineBasis | None = None
        # The register's first and last statement day; read again after a position changes.
        self._span: tuple[dt.date, dt.date] | None = None
        self._span_read = False
        self._stale_days: int | None = None
        self.canvas: Any = None
        self.chart: LiveTimeline | None = None
        self.figure: Any = None
        self.data: TimelineData | None = None
        self.drawing: TimelineDrawing | None = None
        self._loader = PaneLoader(hub, self)

        self.issue_chooser = QComboBox(self)
        self.issue_chooser.setObjectName("issue_chooser")
        self.issue_chooser.setAccessibleName("Issue shown on the timeline and in the stances")
        self.issue_chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        issue_label = QLabel("&Issue:", self)
        issue_label.setBuddy(self.issue_chooser)
        self.hint = QLabel(
            "Hover a marker for the quote; click it (or ←/→ then Enter) to open it.", self
        )
        self.hint.setStyleSheet("color: #607d8b;")
        self.title = QLabel(self)
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
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        from coalition_desk.charts.timeline_live import LiveTimeline

        self.figure = Figure(figsize=(6, 3), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        # A scheduled paint rather than blit's immediate repaint: a selection changes
        # several panes at once, and the window then paints them together.
        self.chart = LiveTimeline(
            self.figure.add_subplot(1, 1, 1),
            show_title=False,
            present=lambda _region: self.canvas.update(),
        )
        self.canvas.setParent(self.frame)
        self.frame.layout().addWidget(self.canvas)
        self.canvas.setObjectName("timeline_canvas")
        self.canvas.setAccessibleName("Positions timeline chart")
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.canvas.installEventFilter(self)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self._layout.replaceWidget(self.placeholder, self.frame)
        self.frame.show()
        self.placeholder.deleteLater()
        self._dirty = True
        self.redraw()

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
        self._issues = [
            i for i in records.list_all(self._hub.database, Issue) if isinstance(i, Issue)
        ]
        self._syncing = True
        try:
            self.issue_chooser.clear()
            self.issue_chooser.addItem(ALL_ISSUES, None)
            for issue in self._issues:
                self.issue_chooser.addItem(issue.name, issue.uuid)
            self._show_issue(self._hub.context.issue_uuid)
        finally:
            self._syncing = False

    def _show_issue(self, uuid: str | None) -> None:
        index = self.issue_chooser.findData(uuid) if uuid else 0
        self.issue_chooser.setCurrentIndex(max(index, 0))

    def timeline_basis(self) -> TimelineBasis:
        """Issues, nations and meetings as the chart needs them, kept until one changes."""
        if self._basis is None:
            from coalition_desk.charts.timeline_data import TimelineBasis

            database = self._hub.database
            nations = [
                (n.uuid, n.name)
                for n in records.list_all(database, Nation)
                if isinstance(n, Nation)
            ]
            nations.sort(key=lambda pair: pair[1].lower())
            meetings = [m for m in records.list_all(database, Meeting) if isinstance(m, Meeting)]
            self._basis = TimelineBasis(self._issues, meetings, nations)
        return self._basis

    def _stale_after_days(self) -> int:
        if self._stale_days is None:
            self._stale_days = settings.stale_after_days(self._hub.database)
        return self._stale_days

    def timeline_data(self) -> TimelineData:
        """What the chart shows for the hub's selection, read now on this thread."""
        return self._prepare_read()()

    def _prepare_read(self) -> Callable[[], TimelineData]:
        """The read of the selection's chart data, safe to run on a pool thread.

        What the pane keeps (issues, nations, meetings, the stale threshold, the register's
        span) is worked out here, on the GUI thread; the returned function only reads the
        positions and turns them into chart data.
        """
        from coalition_desk.charts.timeline_data import TimelineRequest, timeline_data_from

        context = self._hub.context
        basis = self.timeline_basis()
        stale_days = self._stale_after_days()
        request = TimelineRequest(
            nation_uuid=context.nation_uuid,
            nation_name=basis.nation_name(context.nation_uuid),
            issue_uuid=context.issue_uuid,
            meeting_uuid=context.meeting_uuid,
            position_uuid=context.position_uuid,
            stale_after_days=stale_days,
        )
        if not self._span_read:
            self._span = positions.date_span(self._hub.database)
            self._span_read = True
        span = self._span
        database = self._hub.database
        limit = NARROWED_LIMIT if context.nation_uuid or context.issue_uuid else OVERVIEW_LIMIT

        def read() -> TimelineData:
            rows, recorded = positions.latest_positions(
                database,
                limit,
                nation_uuid=request.nation_uuid,
                issue_uuid=request.issue_uuid,
                stale_days=stale_days,
            )
            return timeline_data_from(basis, request, rows, recorded=recorded, span=span)

        return read

    def redraw(self) -> None:
        if not self.is_built or not self.isVisible():
            self._dirty = True
            self._drawn_for = None
            return
        context = self._hub.context
        self._drawn_for = (
            context.nation_uuid,
            context.issue_uuid,
            context.meeting_uuid,
            context.position_uuid,
        )
        read_for = self._drawn_for[:3]
        if read_for == self._reading_for:
            # That read is still on its way; it rings the selected position when it lands.
            return
        self._loader.invalidate()
        self._reading_for = None
        if self.data is not None and read_for == self._read_for:
            # Only the selected position moved (a click, ←/→): the same markers, re-ringed.
            self._present(replace(self.data, selected_uuid=context.position_uuid))
        elif context.nation_uuid is None:
            # Every nation's positions (up to 10,000 on one issue at 200 nations): read on
            # a pool thread, so choosing an issue leaves the window answering meanwhile.
            self._reading_for = read_for
            self.title.setText("<b>Reading the positions…</b>")
            self._loader.start(self._prepare_read(), lambda data: self._land(read_for, data))
        else:
            # One nation's positions: a few hundred, read at once so a selection shows in
            # a single repaint.
            self._read_for = read_for
            self._present(self.timeline_data())

    def _land(self, read_for: tuple[str | None, ...], data: TimelineData) -> None:
        """A read from the pool thread arrives: shown with the position selected now."""
        self._reading_for = None
        self._read_for = read_for
        self._present(replace(data, selected_uuid=self._hub.context.position_uuid))

    def _present(self, data: TimelineData) -> None:
        if not self.is_built:
            return
        self.data = data
        self.drawing = self.chart.show(data)
        self.title.setText(f"<b>{data.title}</b>")
        self._dirty = False

    # --- reacting to the officer ---------------------------------------------------
    def _on_issue_chosen(self, _index: int) -> None:
        if not self._syncing:
            self._hub.select_issue(self.issue_chooser.currentData())

    def _on_motion(self, event: Any) -> None:
        tip = self.drawing.tooltip_at(event.x, event.y) if self.drawing else None
        if tip:
            QToolTip.showText(QCursor.pos(), tip, self.canvas)
        else:
            QToolTip.hideText()

    def _on_press(self, event: Any) -> None:
        if event.button != 1 or self.drawing is None:
            return
        uuid = self.drawing.point_at(event.x, event.y)
        if uuid is not None:
            self.choose_position(uuid)

    def choose_position(self, uuid: str) -> None:
        self._hub.select_position(uuid)
        self._hub.open_requested.emit("position", uuid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.canvas and event.type() in (QEvent.Type.FocusIn,
                                                       QEvent.Type.FocusOut):
            self._show_focus(event.type() == QEvent.Type.FocusIn)
        if watched is self.canvas and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._on_key(event.key()):
                return True
        return super().eventFilter(watched, event)

    def _show_focus(self, focused: bool) -> None:
        """A frame round the chart while it has the keyboard: ←/→ and Enter act on it."""
        self.frame.setProperty("focused", focused)
        self.frame.setStyleSheet(FOCUS_STYLE if focused else UNFOCUSED_STYLE)

    @property
    def has_visible_focus(self) -> bool:
        return bool(self.frame.property("focused"))

    def _on_key(self, key: int) -> bool:
        """Left/Right walk the markers in time order; Enter opens the selected one."""
        if self.data is None or not self.data.points:
            return False
        ordered = sorted(self.data.points, key=lambda p: (p.date, p.y))
        uuids = [p.uuid for p in ordered]
        current = self._hub.context.position_uuid
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            if current in uuids:
                index = (uuids.index(current) + step) % len(uuids)
            else:
                index = 0 if step == 1 else len(uuids) - 1
            self._hub.select_position(uuids[index])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current in uuids:
            self._hub.open_requested.emit("position", current)
            return True
        return False

    def _on_context(self, context: SelectionContext) -> None:
        if self.issue_chooser.currentData() != context.issue_uuid:
            self._syncing = True
            try:
                self._show_issue(context.issue_uuid)
            finally:
                self._syncing = False
        shown = (
            context.nation_uuid,
            context.issue_uuid,
            context.meeting_uuid,
            context.position_uuid,
        )
        if shown != self._drawn_for:
            self.redraw()

    def _on_data(self, changes: ChangeSet) -> None:
        if changes.touches("issue", "nation", "meeting"):
            self._basis = None
        if changes.touches("settings"):
            self._stale_days = None
        if changes.touches("position"):
            self._span_read = False
        if changes.touches("issue"):
            self._fill_issue_chooser()
        if changes.touches(*SHOWS):
            # Whatever was read, or is being read, predates this write.
            self._read_for = self._reading_for = None
            self.redraw()
