"""What a merge tells the officer: the plan's lines, for the command line and the log."""

from __future__ import annotations

from coalition_desk.services.merge.plan import MergePlan

MAX_LISTED = 200


def plan_lines(plan: MergePlan, *, dry_run: bool) -> list[str]:
    lines = plan.summary_lines()
    if dry_run:
        for title, items in (("Added", plan.added), ("Changed", plan.changed),
                             ("Deleted", plan.deleted)):
            for item in items[:MAX_LISTED]:
                lines.append(f"  {title}: {item.line()}")
            if len(items) > MAX_LISTED:
                lines.append(f"  {title}: ... and {len(items) - MAX_LISTED:,} more")
        for duplicate in plan.duplicates[:MAX_LISTED]:
            lines.append(f"  Likely duplicate: {duplicate.line()}")
    return lines


def conflict_lines(plan: MergePlan) -> list[str]:
    return [f"Conflict: {conflict.line()}" for conflict in plan.conflicts]
