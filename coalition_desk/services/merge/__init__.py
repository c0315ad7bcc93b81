"""Three-way merge of registers (docs/merge.md): plan, decide, apply.

The public API, for the command line and the window's conflicts dialog:

- ``read_replica(database)`` / ``register_file(path, database)`` -> ``Replica``
- ``plan_merge(mine, theirs)`` -> ``MergePlan`` (read-only: ``added``, ``changed``,
  ``deleted``, ``conflicts``, ``duplicates``, ``summary_lines()``)
- ``decide_all(plan, "mine" | "theirs")`` -> ``Decisions`` (conflict key -> choice)
- ``apply_plan(database, plan, decisions)`` -> ``MergeResult`` (one transaction, after a
  backup copy; ``UndecidedConflicts`` if a conflict has no decision)
- ``combine_records(database, entity, keep_uuid, drop_uuid)`` -> ``ChangeSet``
- ``duplicates_within(replica)`` -> likely duplicates among one register's records
"""

from coalition_desk.services.merge.apply import MergeResult, UndecidedConflicts, apply_plan
from coalition_desk.services.merge.combine import combine_records
from coalition_desk.services.merge.duplicates import duplicates_within
from coalition_desk.services.merge.engine import plan_merge
from coalition_desk.services.merge.plan import (
    Choice,
    Conflict,
    Decisions,
    Duplicate,
    MergePlan,
    RecordChange,
    decide_all,
)
from coalition_desk.services.merge.replica import Replica, read_replica
from coalition_desk.services.merge.sources import register_file

__all__ = [
    "Choice",
    "Conflict",
    "Decisions",
    "Duplicate",
    "MergePlan",
    "MergeResult",
    "RecordChange",
    "Replica",
    "UndecidedConflicts",
    "apply_plan",
    "combine_records",
    "decide_all",
    "duplicates_within",
    "plan_merge",
    "read_replica",
    "register_file",
]
