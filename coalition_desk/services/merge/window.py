"""What the window adds to the merge core: combines applied with the merge, and a stale
save seen as a three-way merge of one record.

- ``apply_with_combines`` writes a plan, the officer's decisions and the duplicates
  they chose to combine in ONE transaction, after one backup copy: all or nothing.
- ``stale_conflicts`` / ``resolve_stale`` turn a ``StaleRecordError`` (a save over a
  record changed elsewhere) into the same ``Conflict`` items the conflicts dialog shows
  for a merge (base: the record as the form read it; mine: what the officer typed;
  theirs: what is stored now), and back into the record to save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services.entities import spec_for
from coalition_desk.services.merge.apply import (
    MergeResult,
    UndecidedConflicts,
    apply_plan_in,
    backup_before_merge,
)
from coalition_desk.services.merge.combine import combine_records
from coalition_desk.services.merge.plan import (
    FREE_TEXT_FIELDS,
    Choice,
    Conflict,
    Decisions,
    Duplicate,
    MergePlan,
)
from coalition_desk.store.engine import Database


@dataclass(frozen=True, slots=True)
class WindowMergeResult:
    merge: MergeResult
    combined: tuple[Duplicate, ...]
    backup: Path | None
    changes: rec.ChangeSet

    def summary(self) -> str:
        text = self.merge.summary()
        if self.combined:
            text += f" {len(self.combined)} likely duplicate(s) combined."
        if self.backup is not None:
            text += f" A copy from before the merge is at {self.backup}."
        return text


class _InTransaction:
    """A Database stand-in whose ``session()`` is the caller's open transaction, so that
    ``combine_records`` writes inside the merge's own transaction (rolled back with it)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def session(self) -> Iterator[Session]:
        yield self._session


def apply_with_combines(
    database: Database,
    plan: MergePlan,
    decisions: Decisions,
    combines: Sequence[Duplicate] = (),
    *,
    backup: bool = True,
    checked: bool = False,
) -> WindowMergeResult:
    """Apply ``plan`` with ``decisions``, then combine each chosen pair of likely
    duplicates (the kept record takes the other's references; a redirect remains).

    ``checked``: every new record was validated already (an import's dry run)."""
    undecided = [c.key for c in plan.conflicts if c.key not in decisions]
    if undecided:
        raise UndecidedConflicts(undecided)
    backup_path = None
    if backup and (not plan.is_empty or combines):
        backup_path = backup_before_merge(database)
    done: list[rec.Change] = []
    with database.session() as session:
        result = apply_plan_in(session, plan, decisions, checked=checked)
        done += result.changes.changes
        shim = _InTransaction(session)
        folded_into: dict[str, str] = {}
        combined_pairs: list[Duplicate] = []
        for pair in combines:
            # A record already folded into another (A~B then B~C) is followed to it.
            keep, drop = _followed(pair.keep_uuid, folded_into), _followed(pair.other_uuid,
                                                                           folded_into)
            if keep == drop:
                continue
            combined = combine_records(shim, pair.entity, keep, drop,  # type: ignore[arg-type]
                                       origin=plan.origin)
            folded_into[drop] = keep
            combined_pairs.append(pair)
            done += combined.changes
    changes = rec.ChangeSet(tuple(done))
    return WindowMergeResult(dataclasses.replace(result, backup=backup_path, changes=changes),
                             tuple(combined_pairs), backup_path, changes)


def _followed(uuid: str, folded_into: Mapping[str, str]) -> str:
    while uuid in folded_into:
        uuid = folded_into[uuid]
    return uuid


def combine_now(database: Database, pair: Duplicate, origin: str = "combine") -> rec.ChangeSet:
    """Combine one pair of this register's likely duplicates (its own transaction)."""
    return combine_records(database, pair.entity, pair.keep_uuid, pair.other_uuid, origin)


# -- a stale save as a merge of one record ----------------------------------------------


def _label(record: rec.Record) -> str:
    spec = spec_for(record)
    return str(getattr(record, spec.label_field, "") or record.uuid)


def stale_conflicts(
    base: rec.Record | None, mine: rec.Record, stored: rec.Record
) -> tuple[list[Conflict], Decisions]:
    """Every field where what the officer typed differs from what is stored now.

    A field changed on one side only comes with its answer already chosen (the side that
    changed it); a field both changed to different values is left for the officer.
    """
    entity = spec_for(mine).name
    conflicts: list[Conflict] = []
    preset: Decisions = {}
    for name in rec.editable_field_names(type(mine)):
        mv, tv = getattr(mine, name), getattr(stored, name)
        if mv == tv:
            continue
        bv = getattr(base, name) if base is not None else None
        key = f"{entity}:{mine.uuid}:{name}"
        conflicts.append(Conflict(key, "field", entity, mine.uuid, _label(stored), name,
                                  bv, mv, tv))
        if base is not None and mv == bv:
            preset[key] = "theirs"  # only changed elsewhere
        elif base is not None and tv == bv:
            preset[key] = "mine"  # only changed here
    return conflicts, preset


def resolve_stale(
    mine: rec.Record, stored: rec.Record, conflicts: Sequence[Conflict],
    decisions: Mapping[str, Choice], other_name: str = "the stored copy",
) -> rec.Record:
    """The record to save: the stored version, with each field as the officer chose."""
    values: dict[str, object] = {}
    for conflict in conflicts:
        assert conflict.field is not None
        choice = decisions[conflict.key]
        if choice == "mine":
            values[conflict.field] = conflict.mine
        elif choice == "theirs":
            values[conflict.field] = conflict.theirs
        elif conflict.field in FREE_TEXT_FIELDS:
            values[conflict.field] = kept_both(conflict.mine, conflict.theirs, other_name)
        else:
            raise ValueError(f"{conflict.field} is not free text; choose mine or theirs")
    return dataclasses.replace(mine, version=stored.version, **values)


def kept_both(mine: object, theirs: object, other: str) -> str:
    """Both texts, marked, in the form the merge core writes them."""
    from coalition_desk.services.merge.apply import _both_texts

    return _both_texts(mine, theirs, other)


def stored_copy(database: Database, record: rec.Record) -> rec.Record:
    """The record as it is stored now (raises ``NotFound`` if it was deleted)."""
    from coalition_desk.services import records

    return records.get(database, type(record), record.uuid)


__all__ = [
    "WindowMergeResult",
    "apply_with_combines",
    "combine_now",
    "kept_both",
    "resolve_stale",
    "stale_conflicts",
    "stored_copy",
]
