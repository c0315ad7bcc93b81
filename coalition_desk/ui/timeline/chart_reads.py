"""What the timeline reads from the register, and what it keeps between selections.

Issues, nations, meetings, the stale threshold and the register's first and last
statement are kept until a change touches them; a selection then reads only the
positions. ``prepare`` runs on the GUI thread and returns the read itself, which is safe
to run on a pool thread and stops between two chunks once its ``cancelled()`` is true
(``ReadCancelled``): a read the officer has already chosen past gives the interpreter
back within a few milliseconds instead of competing with the window for it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from coalition_desk.domain.errors import ReadCancelled
from coalition_desk.domain.records import ChangeSet, Issue
from coalition_desk.domain.views import PositionView
from coalition_desk.services import positions, records, settings
from coalition_desk.services.meetings import meeting_headings
from coalition_desk.services.nations import nation_names
from coalition_desk.store.engine import Database
from coalition_desk.ui.hub import SelectionContext

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData
    from coalition_desk.charts.timeline_data import TimelineBasis

# What a change to any of these makes out of date in a position's view.
POSITION_SOURCES = ("position", "nation", "issue", "meeting", "person", "settings")


def _never() -> bool:
    return False


class ChartRead(Protocol):
    """The chart's read of one selection: ``read()`` on the GUI thread, or
    ``read(cancelled)`` on a pool thread, raising ``ReadCancelled`` once that is true."""

    def __call__(self, cancelled: Callable[[], bool] = _never) -> TimelineData: ...


@dataclass(frozen=True, slots=True)
class IssuePositions:
    """Every nation's positions on one issue, as read for the chart (all of them: the
    read was not capped), on the day and with the stale threshold they were read with."""

    issue_uuid: str
    today: dt.date
    stale_days: int
    # Each nation's rows, in the order a nation's own read gives them (as_of, nation
    # name, id), as the issue's are.
    by_nation: dict[str, list[PositionView]]
    count: int

    @classmethod
    def of(cls, issue_uuid: str, today: dt.date, stale_days: int,
           rows: list[PositionView]) -> IssuePositions:  # fmt: skip
        by_nation: dict[str, list[PositionView]] = {}
        for row in rows:
            by_nation.setdefault(row.nation_uuid, []).append(row)
        return cls(issue_uuid, today, stale_days, by_nation, len(rows))

    def of_nation(self, nation_uuid: str) -> list[PositionView]:
        return list(self.by_nation.get(nation_uuid, ()))


@dataclass(frozen=True, slots=True)
class BasisRead:
    """What ``ChartReads.basis_reader`` read on a pool thread, with the generations of
    its parts when the read began (``keep_basis`` drops a part a change has outdated)."""

    generations: tuple[int, int, int]
    basis: TimelineBasis
    span: tuple[dt.date, dt.date] | None
    stale_days: int


class ChartReads:
    def __init__(self, database: Database) -> None:
        self._database = database
        self.issues: list[Issue] = []
        self._basis: TimelineBasis | None = None
        # The register's first and last statement day; read again after a position changes.
        self._span: tuple[dt.date, dt.date] | None = None
        self._span_read = False
        self._stale_days: int | None = None
        # Each moves on whenever what it names is forgotten: a basis, span or threshold
        # read on a pool thread before then is not kept.
        self._basis_generation = 0
        self._span_generation = 0
        self._stale_generation = 0
        # The last issue-wide read (every nation on the chosen issue), kept so that a
        # nation then chosen on that issue is taken from it instead of read (3 ms at L).
        # Written by a pool thread: a read begun before a change is never kept after it.
        self._issue_positions: IssuePositions | None = None
        self._generation = 0
        self._lock = threading.Lock()

    def read_issues(self) -> list[Issue]:
        self.issues = [
            i for i in records.list_all(self._database, Issue) if isinstance(i, Issue)
        ]
        return self.issues

    def forget(self, changes: ChangeSet) -> None:
        """Drop what ``changes`` made out of date."""
        if changes.touches("issue", "nation", "meeting"):
            self._basis = None
            self._basis_generation += 1
        if changes.touches("settings"):
            self._stale_days = None
            self._stale_generation += 1
        if changes.touches("position"):
            self._span_read = False
            self._span_generation += 1
        if changes.touches(*POSITION_SOURCES):
            with self._lock:
                self._generation += 1
                self._issue_positions = None

    def _keep(self, generation: int, held: IssuePositions) -> None:
        with self._lock:
            if generation == self._generation:
                self._issue_positions = held

    def _held_for(self, issue_uuid: str | None, today: dt.date,
                  stale_days: int) -> IssuePositions | None:  # fmt: skip
        held = self._issue_positions
        if held is None or (held.issue_uuid, held.today, held.stale_days) != (
            issue_uuid, today, stale_days
        ):
            return None
        return held

    def basis(self) -> TimelineBasis:
        """Issues, nations and meetings as the chart needs them, kept until one changes."""
        if self._basis is None:
            self._basis = read_basis(self._database, self.issues)
        return self._basis

    def has_basis(self) -> bool:
        return self._basis is not None

    def basis_reader(self) -> Callable[[object], BasisRead]:
        """The basis's read, ``read(cancelled)`` on a pool thread, for the first frame
        (5,000 meetings at scale L; matplotlib is loaded with the chart's modules, not on
        the GUI thread just after the first paint); hand its result to ``keep_basis``.

        The register's first and last statement day and the stale threshold are read
        with it: read by the first ``prepare``, on the GUI thread, they held it ~26 ms
        at scale L (the day span is a pass over every position) while the panes filled."""
        database, issues = self._database, self.issues
        generations = (self._basis_generation, self._span_generation, self._stale_generation)

        def read(_cancelled: object) -> BasisRead:
            basis = read_basis(database, issues)
            return BasisRead(
                generations, basis, positions.date_span(database),
                settings.stale_after_days(database),
            )  # fmt: skip

        return read

    def keep_basis(self, read: BasisRead) -> None:
        """Keep what was read on a pool thread, each part unless a change since made it
        out of date (or it was read again meanwhile)."""
        basis_generation, span_generation, stale_generation = read.generations
        if basis_generation == self._basis_generation and self._basis is None:
            self._basis = read.basis
        if span_generation == self._span_generation and not self._span_read:
            self._span, self._span_read = read.span, True
        if stale_generation == self._stale_generation and self._stale_days is None:
            self._stale_days = read.stale_days

    def issue_name(self, uuid: str) -> str:
        return next((issue.name for issue in self.issues if issue.uuid == uuid), "")

    def _stale_after_days(self) -> int:
        if self._stale_days is None:
            self._stale_days = settings.stale_after_days(self._database)
        return self._stale_days

    def prepare(self, context: SelectionContext, limit: int) -> ChartRead:
        """The read of the selection's chart data (at most ``limit`` positions). A read
        cancelled on the way returns nothing and keeps nothing (``ReadCancelled``)."""
        from coalition_desk.charts.timeline_data import TimelineRequest, timeline_data_from

        basis = self.basis()
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
            self._span = positions.date_span(self._database)
            self._span_read = True
        span = self._span
        database = self._database
        today = dt.date.today()
        generation = self._generation
        held = self._held_for(request.issue_uuid, today, stale_days)
        if request.nation_uuid and held is not None and held.count <= limit:
            rows = held.of_nation(request.nation_uuid)

            def from_held(cancelled: Callable[[], bool] = _never) -> TimelineData:
                return timeline_data_from(
                    basis, request, rows, recorded=len(rows), span=span, cancelled=cancelled
                )

            return from_held

        def read(cancelled: Callable[[], bool] = _never) -> TimelineData:
            rows, recorded = positions.latest_positions(
                database,
                limit,
                nation_uuid=request.nation_uuid,
                issue_uuid=request.issue_uuid,
                today=today,
                stale_days=stale_days,
                cancelled=cancelled,
            )
            data = timeline_data_from(
                basis, request, rows, recorded=recorded, span=span, cancelled=cancelled
            )
            if cancelled():
                # Whole, but nobody wants it now: neither returned nor kept.
                raise ReadCancelled
            if request.issue_uuid and not request.nation_uuid and recorded == len(rows):
                whole = IssuePositions.of(request.issue_uuid, today, stale_days, rows)
                self._keep(generation, whole)
            return data

        return read


def read_basis(database: Database, issues: list[Issue]) -> TimelineBasis:
    """Nations by name and every meeting, read as plain columns (0.27 s of building
    records at scale L, ~0.03 s so), as ``TimelineBasis`` takes them."""
    from coalition_desk.charts.timeline_data import TimelineBasis

    nations = sorted(nation_names(database), key=lambda pair: pair[1].lower())
    return TimelineBasis(issues, meeting_headings(database), nations)
