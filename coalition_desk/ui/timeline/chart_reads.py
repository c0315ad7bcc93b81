"""What the timeline reads from the register, and what it keeps between selections.

Issues, nations, meetings, the stale threshold and the register's first and last
statement are kept until a change touches them; a selection then reads only the
positions. ``prepare`` runs on the GUI thread and returns the read itself, which is safe
to run on a pool thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from coalition_desk.domain.records import ChangeSet, Issue
from coalition_desk.services import positions, records, settings
from coalition_desk.services.meetings import meeting_headings
from coalition_desk.services.nations import nation_names
from coalition_desk.store.engine import Database
from coalition_desk.ui.hub import SelectionContext

if TYPE_CHECKING:
    from coalition_desk.charts.timeline import TimelineData
    from coalition_desk.charts.timeline_data import TimelineBasis


class ChartReads:
    def __init__(self, database: Database) -> None:
        self._database = database
        self.issues: list[Issue] = []
        self._basis: TimelineBasis | None = None
        # The register's first and last statement day; read again after a position changes.
        self._span: tuple[dt.date, dt.date] | None = None
        self._span_read = False
        self._stale_days: int | None = None
        # Moves on whenever the basis is forgotten: a basis read before then is not kept.
        self._basis_generation = 0

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
        if changes.touches("position"):
            self._span_read = False

    def basis(self) -> TimelineBasis:
        """Issues, nations and meetings as the chart needs them, kept until one changes."""
        if self._basis is None:
            self._basis = read_basis(self._database, self.issues)
        return self._basis

    def has_basis(self) -> bool:
        return self._basis is not None

    def basis_reader(self) -> Callable[[object], tuple[int, TimelineBasis]]:
        """The basis's read, ``read(cancelled)`` on a pool thread, for the first frame
        (5,000 meetings at scale L; matplotlib is loaded with the chart's modules, not on
        the GUI thread just after the first paint); hand its result to ``keep_basis``."""
        database, issues, generation = self._database, self.issues, self._basis_generation
        return lambda _cancelled: (generation, read_basis(database, issues))

    def keep_basis(self, read: tuple[int, TimelineBasis]) -> None:
        """Keep a basis read on a pool thread, unless a change since made it out of date."""
        generation, basis = read
        if generation == self._basis_generation and self._basis is None:
            self._basis = basis

    def issue_name(self, uuid: str) -> str:
        return next((issue.name for issue in self.issues if issue.uuid == uuid), "")

    def _stale_after_days(self) -> int:
        if self._stale_days is None:
            self._stale_days = settings.stale_after_days(self._database)
        return self._stale_days

    def prepare(self, context: SelectionContext, limit: int) -> Callable[[], TimelineData]:
        """The read of the selection's chart data (at most ``limit`` positions)."""
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


def read_basis(database: Database, issues: list[Issue]) -> TimelineBasis:
    """Nations by name and every meeting, read as plain columns (0.27 s of building
    records at scale L, ~0.03 s so), as ``TimelineBasis`` takes them."""
    from coalition_desk.charts.timeline_data import TimelineBasis

    nations = sorted(nation_names(database), key=lambda pair: pair[1].lower())
    return TimelineBasis(issues, meeting_headings(database), nations)
