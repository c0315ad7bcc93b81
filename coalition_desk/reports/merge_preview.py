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

STEPS = 4


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


def preview_merge(
    database: Database, other: Path, progress: Callable[[int, int], None] | None = None
) -> MergePreview:
    """Plan merging ``other`` into ``database``; ``progress`` may raise to stop."""
    step = progress or _no_progress
    step(0, STEPS)
    mine = read_replica(database)
    step(1, STEPS)
    if other.suffix.lower() == ".xlsx":
        with database.session() as session:
            theirs = workbook_replica(session, other)
        step(2, STEPS)
        plan = plan_merge(mine, theirs)
    else:
        with register_file(other, database) as theirs:
            step(2, STEPS)
            plan = plan_merge(mine, theirs)
    step(3, STEPS)
    seen = {(d.keep_uuid, d.other_uuid) for d in plan.duplicates}
    own = [d for d in duplicates_within(mine)
           if (d.keep_uuid, d.other_uuid) not in seen and (d.other_uuid, d.keep_uuid) not in seen]
    step(STEPS, STEPS)
    return MergePreview(other, plan, (*plan.duplicates, *own))
