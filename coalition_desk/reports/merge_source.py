"""OTHER of a merge as a register workbook, and the merge command's run.

A workbook is read and checked exactly as an import reads it (every problem listed at
once, nothing written); its rows become the other side of a three-way merge, with the
``version`` and ``revisions`` columns and the Deleted and Redirects sheets of format 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from coalition_desk.reports import importer
from coalition_desk.reports.memory_budget import MemoryBudget, WorkbookTooLarge
from coalition_desk.reports.problems import Problems
from coalition_desk.reports.progress import Ticker
from coalition_desk.reports.safety import UnsafeWorkbook, check_workbook_file
from coalition_desk.reports.sheet_reader import DamagedSheet
from coalition_desk.reports.validator import ParsedSheet, TooManyRows, check_across
from coalition_desk.reports.workbook_replica import replica_from_workbook
from coalition_desk.services import bulk
from coalition_desk.services.merge import (
    MergePlan,
    UndecidedConflicts,
    apply_plan,
    decide_all,
    plan_merge,
    read_replica,
    register_file,
)
from coalition_desk.services.merge.replica import Replica
from coalition_desk.services.merge.report import conflict_lines, plan_lines
from coalition_desk.store.engine import Database
from coalition_desk.store.errors import StoreError

EXIT_OK, EXIT_CONFLICTS = 0, 3


class WorkbookRefused(StoreError):
    """The workbook has problems; every one is listed, nothing was changed."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{path.name} was refused ({len(problems)} problem(s)); nothing was changed: "
            + "; ".join(problems)
        )


def workbook_replica(session: Session, path: Path) -> Replica:
    """The workbook's records, checked as an import checks them, as a replica."""
    problems = Problems()
    parsed: dict[str, ParsedSheet] = {}
    extra: dict[str, list[tuple]] = {}
    about: dict[str, object] = {}
    try:
        scan = check_workbook_file(path)
        budget = MemoryBudget()
        workbook = importer._open(path)
        try:
            importer._check_about(workbook, problems)
            formulas: dict[str, set[tuple[int, str]]] = {}
            if scan.sheets_with_formulas and not problems:
                formulas = importer._report_formulas(workbook, problems)
            if not problems:
                parsed = importer._read_all(workbook, problems, Ticker(1, None, None),
                                            formulas, budget)
            if not problems:
                check_across(parsed, bulk.known_keys(session), session, problems)
            if not problems:
                extra, about = importer._merge_sheets(workbook)
        finally:
            workbook.close()  # type: ignore[attr-defined]
    except (DamagedSheet, UnsafeWorkbook, TooManyRows, WorkbookTooLarge) as error:
        problems.add(getattr(error, "reason", None) or str(error))
    lines = [str(p) for p in problems]
    if problems.more:
        lines.append(f"... and {problems.more:,} more problem(s)")
    if lines:
        raise WorkbookRefused(path, lines)
    return replica_from_workbook(path, parsed, extra, about)


@dataclass
class MergeOutcome:
    exit_code: int
    lines: list[str] = field(default_factory=list)
    error_lines: list[str] = field(default_factory=list)
    plan: MergePlan | None = None


def run_merge(
    database: Database, other: Path, *, dry_run: bool = False, take: str | None = None
) -> MergeOutcome:
    """Plan the merge of ``other`` into ``database`` and, unless it is a dry run or a
    conflict is left undecided, apply it (one transaction, after a backup copy)."""
    mine = read_replica(database)
    if other.suffix.lower() == ".xlsx":
        with database.session() as session:
            theirs = workbook_replica(session, other)
        plan = plan_merge(mine, theirs)
    else:
        with register_file(other, database) as theirs:
            plan = plan_merge(mine, theirs)
    lines = plan_lines(plan, dry_run=dry_run)
    if dry_run:
        return MergeOutcome(EXIT_OK, [*lines, *conflict_lines(plan),
                                      "Dry run: nothing was written."], plan=plan)
    if plan.conflicts and take is None:
        return MergeOutcome(
            EXIT_CONFLICTS, [*lines, *conflict_lines(plan)],
            [f"{len(plan.conflicts)} conflict(s) need a decision (--take mine or --take "
             "theirs); nothing was merged."], plan=plan)
    if plan.is_empty:
        return MergeOutcome(EXIT_OK, [*lines, "Nothing to merge: the registers agree."],
                            plan=plan)
    try:
        result = apply_plan(database, plan, decide_all(plan, take) if take else {})  # type: ignore[arg-type]
    except UndecidedConflicts as error:  # pragma: no cover - decided above
        return MergeOutcome(EXIT_CONFLICTS, lines, [str(error)], plan=plan)
    done = [*lines, *conflict_lines(plan), result.summary()]
    if result.backup is not None:
        done.append(f"A copy from before the merge is at {result.backup}.")
    return MergeOutcome(EXIT_OK, done, plan=plan)


def merge_command(database: Database, other: Path, *, dry_run: bool, take: str | None) -> int:
    import sys

    outcome = run_merge(database, other, dry_run=dry_run, take=take)
    for line in outcome.lines:
        print(line)
    for line in outcome.error_lines:
        print(f"coalition-desk: {line}", file=sys.stderr)
    return outcome.exit_code
