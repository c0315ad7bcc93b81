"""The window's merge preview: the dry-run plan of OTHER (a register file or a register
workbook) and this register's own likely duplicates, read in steps that report progress
(and stop at the next step once the officer cancels). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coalition_desk.reports.merge_source import workbook_replica
from coalition_desk.services.merge import (
    Duplicate,
    MergePlan,
    duplicates_within,
    plan_merge,
    read_replica,
    register_file,
)
from coalition_desk.services.merge.report import plan_lines
from coalition_desk.store.engine import Database

# Progress is reported on this scale: reading OTHER, then the comparison kind by kind and
# chunk by chunk (most of the work), then this register's own likely duplicates.
STEPS = 1_000
_READ, _PLANNED = 50, 900


@dataclass(frozen=True)
class MergePreview:
    path: Path
    plan: MergePlan
    # Likely duplicates: those the merge would bring in, then this register's own.
    duplicates: tuple[Duplicate, ...]

    def lines(self) -> list[str]:
        return plan_lines(self.plan, dry_run=True)


def _no_progress(_done: int, _total: int) -> None:
    return None


def _within(step: Callable[[int, int], None], low: int, high: int) -> Callable[[int, int], None]:
    """A part's own (done, total) as a stretch of the whole bar."""
    def report(done: int, total: int) -> None:
        step(low + (high - low) * min(done, total) // max(total, 1), STEPS)
    return report


def preview_merge(
    database: Database, other: Path, progress: Callable[[int, int], None] | None = None
) -> MergePreview:
    """Plan merging ``other`` into ``database``; ``progress`` may raise to stop (it is
    called every few thousand records, so a cancel is honoured within moments)."""
    step = progress or _no_progress
    step(0, STEPS)
    mine = read_replica(database)
    comparing = _within(step, _READ, _PLANNED)
    if other.suffix.lower() == ".xlsx":
        with database.session() as session:
            theirs = workbook_replica(session, other)
        step(_READ, STEPS)
        plan = plan_merge(mine, theirs, comparing)
    else:
        with register_file(other, database, _within(step, 0, _READ)) as theirs:
            step(_READ, STEPS)
            plan = plan_merge(mine, theirs, comparing)
    step(_PLANNED, STEPS)
    seen = {(d.keep_uuid, d.other_uuid) for d in plan.duplicates}
    own = [d for d in duplicates_within(mine, _within(step, _PLANNED, STEPS))
           if (d.keep_uuid, d.other_uuid) not in seen and (d.other_uuid, d.keep_uuid) not in seen]
    step(STEPS, STEPS)
    return MergePreview(other, plan, (*plan.duplicates, *own))
