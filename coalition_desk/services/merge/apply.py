"""Apply a merge plan with the officer's decisions: one transaction, after a backup copy.

Every write goes through the same checked, audited paths as an edit (origin "merge from
<name> <id>"), and each update still checks the version the plan read: a register
changed since its plan was made refuses the merge (``StaleRecordError``) and keeps
everything as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services import bulk, crud
from coalition_desk.services.backup import make_backup
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS, spec_for
from coalition_desk.services.merge.plan import Choice, Decisions, MergePlan, RecordChange
from coalition_desk.services.register_writes import insert_new_records
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.versions import (
    Stamp,
    joined,
    new_revision,
    register_id,
    split,
    write_tombstone,
)

WRITE_BATCH = 5_000


class UndecidedConflicts(Exception):
    """Apply was called with conflicts left open; nothing was written."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        super().__init__(f"{len(keys)} conflicts need a decision; nothing was merged")


@dataclass(frozen=True, slots=True)
class MergeResult:
    added: int
    changed: int
    deleted: int
    conflicts_decided: int
    combined: int
    backup: Path | None
    origin: str
    changes: rec.ChangeSet

    def summary(self) -> str:
        return (f"Merged: {self.added} added, {self.changed} changed, {self.deleted} deleted, "
                f"{self.conflicts_decided} conflicts decided, {self.combined} combined.")


def backup_before_merge(database: Database) -> Path | None:
    if database.path is None:
        return None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    path = database.path
    target = path.with_name(f"{path.stem}.before-merge-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.before-merge-{stamp}-{counter}{path.suffix}")
        counter += 1
    return make_backup(database, target)


def apply_plan(
    database: Database, plan: MergePlan, decisions: Decisions | None = None, *,
    backup: bool = True,
) -> MergeResult:
    """Write ``plan`` with ``decisions`` (conflict key -> mine / theirs / both)."""
    decisions = decisions or {}
    undecided = [c.key for c in plan.conflicts if c.key not in decisions]
    if undecided:
        raise UndecidedConflicts(undecided)
    backup_path = backup_before_merge(database) if backup and not plan.is_empty else None
    with database.session() as session:
        result = apply_plan_in(session, plan, decisions)
    return dataclasses.replace(result, backup=backup_path)


def apply_plan_in(
    session: Session, plan: MergePlan, decisions: Decisions, *, checked: bool = False
) -> MergeResult:
    """Apply within the caller's transaction (an import's); ``checked`` says every new
    record was validated already (the import's validator), so adds take the fast path."""
    undecided = [c.key for c in plan.conflicts if c.key not in decisions]
    if undecided:
        raise UndecidedConflicts(undecided)
    run = _Run(session, plan, decisions, checked)
    run.all()
    return MergeResult(run.added, run.changed, run.deleted, len(plan.conflicts), run.combined,
                       None, plan.origin, rec.ChangeSet(tuple(run.done)))


class _Run:
    def __init__(
        self, session: Session, plan: MergePlan, decisions: Decisions, checked: bool = False
    ) -> None:
        self.checked = checked
        self.session = session
        self.plan = plan
        self.decisions = decisions
        self.origin = plan.origin
        self.remap: dict[str, str] = {}
        self.done: list[rec.Change] = []
        self.added = self.changed = self.deleted = self.combined = 0
        self.register = register_id(session)

    def choice(self, change: RecordChange) -> Choice:
        return self.decisions[change.conflicts[0].key]

    def all(self) -> None:
        self._copy_metadata()
        by_entity: dict[str, list[RecordChange]] = {}
        for change in self.plan.changes:
            by_entity.setdefault(change.entity, []).append(change)
        for spec in SPECS:
            self._creates(spec.name, by_entity.get(spec.name, []))
        for spec in SPECS:
            for change in by_entity.get(spec.name, []):
                if change.kind == "change":
                    self._change(change)
        for spec in reversed(SPECS):
            for change in by_entity.get(spec.name, []):
                if change.kind == "delete":
                    self._delete(change)
        for entity, uuid, revisions in self.plan.revisions_only:
            self._set_revisions(entity, uuid, revisions)

    # -- metadata that travels ------------------------------------------------------------

    def _copy_metadata(self) -> None:
        for redirect in self.plan.redirects:
            if self.session.get(models.RedirectRow, redirect.old_uuid) is None:
                self.session.add(models.RedirectRow(
                    old_uuid=redirect.old_uuid, new_uuid=redirect.new_uuid,
                    entity=redirect.entity, at=models.utc_now(),
                    register_id=redirect.register_id))
        for tombstone in self.plan.tombstones:
            if self.session.get(models.TombstoneRow, tombstone.uuid) is None:
                self.session.add(models.TombstoneRow(
                    uuid=tombstone.uuid, entity=tombstone.entity,
                    deleted_at=tombstone.deleted_at or models.utc_now(),
                    register_id=tombstone.register_id,
                    revisions=joined(tombstone.revisions)))
        self.session.flush()

    def _remapped(self, record: rec.Record) -> rec.Record:
        changes = {
            ref.field: self.remap[getattr(record, ref.field)]
            for ref in spec_for(record).references
            if getattr(record, ref.field) in self.remap
        }
        return dataclasses.replace(record, **changes) if changes else record

    # -- additions ----------------------------------------------------------------------

    def _creates(self, entity: str, changes: list[RecordChange]) -> None:
        plain: list[RecordChange] = []
        for change in changes:
            if change.kind not in ("add", "restore"):
                continue
            if not change.conflicts and change.kind == "add":
                plain.append(change)
            elif not change.conflicts or (self.choice(change) == "theirs" and \
                    change.conflicts[0].kind == "deleted_here"):
                self._create_one(change, change.revisions)
            else:
                self._decided_create(change)
        if plain:
            records = [self._remapped(c.theirs) for c in plain]  # type: ignore[arg-type]
            revisions = [c.revisions or new_revision() for c in plain]
            for start in range(0, len(records), WRITE_BATCH):
                chunk = slice(start, start + WRITE_BATCH)
                if self.checked:
                    insert_new_records(self.session, entity, records[chunk], self.origin,
                                       revisions[chunk])
                else:
                    bulk.write_batch(self.session, entity, records[chunk], (), self.origin,
                                     revisions=revisions[chunk])
            self.added += len(plain)
            self.done += [rec.Change(entity, "create", r.uuid, None, r) for r in records]

    def _create_one(self, change: RecordChange, revisions: str) -> None:
        assert change.theirs is not None
        record = self._remapped(change.theirs)
        stamp = Stamp(change.theirs.version or 1, revisions or new_revision(),
                      self.plan.other_id)
        self.done.append(crud.create_in(self.session, record, self.origin, stamp))
        self.added += 1

    def _decided_create(self, change: RecordChange) -> None:
        conflict = change.conflicts[0]
        choice = self.choice(change)
        assert change.theirs is not None
        if conflict.kind == "deleted_here":  # mine: it stays deleted, after their edit too
            tombstone = self.session.get(models.TombstoneRow, change.uuid)
            if tombstone is not None:
                tombstone.revisions = joined([*split(tombstone.revisions),
                                              *split(change.theirs.revisions)])
        elif conflict.kind == "same_key":
            assert change.duplicate_of is not None
            self._fold(change.entity, change.uuid, change.duplicate_of)
            if choice == "theirs":
                spec = SPEC_BY_NAME[change.entity]
                row = self.session.scalar(
                    select(spec.row_type).where(spec.row_type.uuid == change.duplicate_of))
                assert row is not None
                current = crud.row_to_record(row, spec, crud.UuidCache.of(self.session))
                taken = dataclasses.replace(
                    self._remapped(change.theirs), uuid=current.uuid, version=current.version)
                result = crud.update_in(self.session, taken, self.origin)
                if result is not None:
                    self.done.append(result)
        elif conflict.kind == "refers_to_deleted":
            if choice == "theirs":
                for needed in change.requires:
                    needed_change = RecordChange(
                        "restore", spec_for(needed).name, needed.uuid, needed.uuid, None,
                        needed, None)
                    self._create_one(needed_change, joined([new_revision(),
                                                            *split(needed.revisions)]))
                self._create_one(change, change.revisions)
            else:
                write_tombstone(self.session, change.entity, change.uuid,
                                change.theirs.revisions, self.register)

    def _fold(self, entity: str, old_uuid: str, new_uuid: str) -> None:
        """Their duplicate becomes a redirect to the record here."""
        self.remap[old_uuid] = new_uuid
        if self.session.get(models.RedirectRow, old_uuid) is None:
            self.session.add(models.RedirectRow(
                old_uuid=old_uuid, new_uuid=new_uuid, entity=entity, at=models.utc_now(),
                register_id=self.register))
        self.combined += 1

    # -- changes ------------------------------------------------------------------------

    def _change(self, change: RecordChange) -> None:
        mine, theirs = change.mine, change.theirs
        assert mine is not None and theirs is not None
        values = {name: getattr(theirs, name) for name in change.fields}
        for conflict in change.conflicts:
            choice = self.decisions[conflict.key]
            assert conflict.field is not None
            if choice == "theirs":
                values[conflict.field] = conflict.theirs
            elif choice == "both" and conflict.free_text:
                values[conflict.field] = _both_texts(conflict.mine, conflict.theirs,
                                                     self.plan.other_name)
        result = self._remapped(dataclasses.replace(mine, **values))
        fast_forward = not change.conflicts and split(mine.revisions)[:1] and \
            split(mine.revisions)[0] in split(theirs.revisions)
        revisions = theirs.revisions if fast_forward else joined(
            [new_revision(), *split(change.revisions)])
        stamp = Stamp(max(mine.version, theirs.version) + 1, revisions, self.plan.other_id)
        written = crud.update_in(self.session, result, self.origin, stamp)
        if written is None:
            self._set_revisions(change.entity, change.uuid, revisions)
        else:
            self.done.append(written)
            self.changed += 1

    def _set_revisions(self, entity: str, uuid: str, revisions: str) -> None:
        """The content agrees already: only the record's history grows (not audited)."""
        table = SPEC_BY_NAME[entity].row_type.__table__
        self.session.execute(
            update(table).where(table.c.uuid == uuid).values(revisions=revisions)
            .execution_options(synchronize_session=False))

    # -- deletions ----------------------------------------------------------------------

    def _delete(self, change: RecordChange) -> None:
        mine = change.mine
        assert mine is not None
        spec = SPEC_BY_NAME[change.entity]
        if self.session.scalar(select(spec.row_type.id).where(spec.row_type.uuid == mine.uuid)) \
                is None:
            return  # gone already with a record it depended on
        if change.conflicts and self.choice(change) == "mine":
            self._set_revisions(change.entity, change.uuid,
                                joined([new_revision(), *split(mine.revisions),
                                        *split(change.revisions)]))
            return
        cascade = bool(change.conflicts) and change.conflicts[0].kind == "still_referred"
        done = crud.delete_in(self.session, change.entity, change.uuid, self.origin, cascade,
                              read_version=mine.version, tombstone=change.revisions or None)
        self.done += done
        self.deleted += sum(1 for c in done if c.action == "delete")


def _both_texts(mine: object, theirs: object, other: str) -> str:
    return f"{mine}\n\n[kept both — from {other}:]\n{theirs}"
