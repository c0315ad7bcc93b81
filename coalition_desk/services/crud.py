"""Create, update and delete any register record: validated, audited, one transaction."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import AuditAction
from coalition_desk.domain.errors import BadInput
from coalition_desk.domain.validation import FieldProblem, ValidationError, problems_of
from coalition_desk.services.entities import (
    SPEC_BY_NAME,
    EntitySpec,
    dependents_of,
    encode_json_field,
    record_as_dict,
    spec_for,
)
from coalition_desk.services.record_rules import semantic_problems
from coalition_desk.services.rowmap import UuidCache, current_user, row_to_record
from coalition_desk.services.versions import (
    StaleRecordError,
    Stamp,
    claim_version,
    joined,
    new_revision,
    register_id,
    split,
    take_tombstone,
    write_tombstone,
)
from coalition_desk.store import models
from coalition_desk.store.engine import Database


class NotFound(LookupError, BadInput):
    """No record answers to the UUID, date or name the user gave."""


class HasDependents(Exception):
    """A delete would orphan other records; ``dependents`` says which, for the user."""

    def __init__(self, entity: str, label: str, dependents: Sequence[str]) -> None:
        self.entity = entity
        self.dependents = tuple(dependents)
        super().__init__(f"{entity} {label!r} is referred to by {', '.join(self.dependents)}")


def _resolve_references(
    session: Session, record: rec.Record, spec: EntitySpec
) -> tuple[dict[str, int | None], list[FieldProblem]]:
    ids: dict[str, int | None] = {}
    problems: list[FieldProblem] = []
    for ref in spec.references:
        value = getattr(record, ref.field)
        if not value:
            ids[ref.column] = None
            if ref.required:
                problems.append(FieldProblem(ref.field, "is required"))
            continue
        row_id = UuidCache.of(session).id_of(ref.target, value)
        if row_id is None:
            problems.append(FieldProblem(ref.field, f"no {ref.target_entity} with UUID {value}"))
        ids[ref.column] = row_id
    return ids, problems


def _apply(row: models.Tracked, record: rec.Record, spec: EntitySpec, ids: dict) -> None:
    references = spec.reference_by_field
    for f in dataclasses.fields(spec.record_type):
        if f.name in rec.SYSTEM_FIELDS:
            continue
        if f.name in references:
            setattr(row, references[f.name].column, ids[references[f.name].column])
        elif f.name in spec.json_fields:
            setattr(row, f.name, encode_json_field(getattr(record, f.name)))
        else:
            setattr(row, f.name, getattr(record, f.name))


def normalised(record: rec.Record) -> rec.Record:
    """Leading and trailing blanks of names, codes and titles are never meant."""
    changes = {
        name: getattr(record, name).strip()
        for name in ("name", "code", "title")
        if isinstance(getattr(record, name, None), str)
    }
    if isinstance(record, rec.Issue):
        changes["stances"] = tuple(s.strip() for s in record.stances)
    return dataclasses.replace(record, **changes) if changes else record


def _audit(
    session: Session,
    *,
    spec: EntitySpec,
    action: AuditAction,
    uuid: str,
    before: rec.Record | None,
    after: rec.Record | None,
    origin: str,
    revision: str | None = None,
    parent: str | None = None,
) -> None:
    def dump(record: rec.Record | None) -> str | None:
        return None if record is None else json.dumps(record_as_dict(record), ensure_ascii=False)

    session.add(
        models.AuditRow(
            at=models.utc_now(),
            os_user=current_user(),
            action=action.value,
            entity=spec.name,
            record_uuid=uuid,
            before=dump(before),
            after=dump(after),
            origin=origin,
            revision=revision,
            parent=parent,
        )
    )


def _row_by_uuid(session: Session, spec: EntitySpec, uuid: str) -> models.Tracked:
    row = session.scalar(select(spec.row_type).where(spec.row_type.uuid == uuid))
    if row is None:
        raise NotFound(f"no {spec.name} with UUID {uuid}")
    return row


def create_in(
    session: Session, record: rec.Record, origin: str, stamp: Stamp | None = None
) -> rec.Change:
    record = normalised(record)
    spec = spec_for(record)
    problems = problems_of(record)
    ids, ref_problems = _resolve_references(session, record, spec)
    problems += ref_problems
    if record.uuid and UuidCache.of(session).id_of(spec.row_type, record.uuid) is not None:
        problems.append(FieldProblem("uuid", f"another {spec.name} already has this UUID"))
    if not problems:
        problems += semantic_problems(session, record, spec, None)
    if problems:
        raise ValidationError(spec.name, problems)
    row = spec.row_type()
    if record.uuid:
        row.uuid = record.uuid
    else:
        row.uuid = models.new_uuid()
    now = models.utc_now()
    row.created_at = record.created_at or now
    row.updated_at = now
    _apply(row, record, spec, ids)
    # A record re-created under a deleted UUID (an undone delete) descends from the
    # deletion, so a later merge does not take the deletion for newer.
    past = take_tombstone(session, row.uuid)
    if stamp is None:
        stamp = Stamp(1, joined([new_revision(), *past]))
    row.version = stamp.version
    row.revisions = stamp.revisions
    row.written_by = stamp.written_by or register_id(session)
    session.add(row)
    session.flush()
    UuidCache.of(session).added(spec.row_type, row.id, row.uuid)
    after = dataclasses.replace(
        record, uuid=row.uuid, created_at=row.created_at, updated_at=row.updated_at,
        version=row.version, revisions=row.revisions,
    )
    _audit(
        session,
        spec=spec,
        action=AuditAction.CREATE,
        uuid=row.uuid,
        before=None,
        after=after,
        origin=origin,
        revision=stamp.revision,
    )
    return rec.Change(spec.name, AuditAction.CREATE.value, row.uuid, None, after)


def update_in(
    session: Session, record: rec.Record, origin: str, stamp: Stamp | None = None
) -> rec.Change | None:
    """Write ``record`` over the stored one, which must still be the version it was read
    at (``record.version``; 0 when the caller read none): else ``StaleRecordError``."""
    record = normalised(record)
    spec = spec_for(record)
    row = _row_by_uuid(session, spec, record.uuid)
    cache = UuidCache.of(session)
    before = row_to_record(row, spec, cache)
    if record.version and record.version != row.version:
        raise StaleRecordError(
            spec.name, _label(row, spec), read_version=record.version,
            stored_version=row.version, differences=_differences(record, before),
        )
    if _same_content(before, record):
        return None
    problems = problems_of(record)
    ids, ref_problems = _resolve_references(session, record, spec)
    problems += ref_problems
    if not problems:
        problems += semantic_problems(session, record, spec, row.id)
    if problems:
        raise ValidationError(spec.name, problems)
    parent = split(row.revisions)[:1]
    claim_version(
        session, row, before.version, _label(row, spec), spec.name, mine=record, theirs=before,
        next_version=None if stamp is None else stamp.version,
    )
    if stamp is None:
        stamp = Stamp(row.version, joined([new_revision(), *split(row.revisions)]))
    _apply(row, record, spec, ids)
    row.revisions = stamp.revisions
    row.written_by = stamp.written_by or register_id(session)
    row.updated_at = models.utc_now()
    session.flush()
    session.info.get("issue_stances", {}).pop(row.uuid, None)
    after = dataclasses.replace(
        record, created_at=row.created_at, updated_at=row.updated_at, version=row.version,
        revisions=row.revisions,
    )
    _audit(
        session,
        spec=spec,
        action=AuditAction.UPDATE,
        uuid=row.uuid,
        before=before,
        after=after,
        origin=origin,
        revision=stamp.revision,
        parent=parent[0] if parent else None,
    )
    return rec.Change(spec.name, AuditAction.UPDATE.value, row.uuid, before, after)


def _label(row: models.Tracked, spec: EntitySpec) -> str:
    return str(getattr(row, spec.label_field, "") or row.uuid)


def _differences(mine: rec.Record, theirs: rec.Record) -> list[tuple[str, object, object]]:
    return [
        (name, getattr(mine, name), getattr(theirs, name))
        for name in rec.editable_field_names(type(mine))
        if getattr(mine, name) != getattr(theirs, name)
    ]


def _same_content(before: rec.Record, record: rec.Record) -> bool:
    return all(
        getattr(before, name) == getattr(record, name)
        for name in rec.editable_field_names(type(record))
    )


def dependents_in(session: Session, entity: str, uuid: str) -> list[tuple[str, str, bool]]:
    """(entity, uuid, required) for every record that refers to this one."""
    spec = SPEC_BY_NAME[entity]
    row = _row_by_uuid(session, spec, uuid)
    found: list[tuple[str, str, bool]] = []
    for other, ref in dependents_of(spec):
        column = getattr(other.row_type, ref.column)
        for dep_uuid in session.scalars(select(other.row_type.uuid).where(column == row.id)):
            found.append((other.name, dep_uuid, ref.required))
    return found


def describe_dependents(dependents: Iterable[tuple[str, str, bool]]) -> list[str]:
    counts: dict[tuple[str, bool], int] = {}
    for entity, _uuid, required in dependents:
        counts[(entity, required)] = counts.get((entity, required), 0) + 1
    lines = []
    for (entity, required), count in sorted(counts.items()):
        noun = entity if count == 1 else SPEC_BY_NAME[entity].plural
        effect = "deleted too" if required else "unlinked"
        lines.append(f"{count} {noun} ({effect})")
    return lines


def delete_in(
    session: Session, entity: str, uuid: str, origin: str, cascade: bool, *,
    read_version: int = 0, tombstone: str | None = None,
) -> list[rec.Change]:
    """Delete a record (still at ``read_version`` when one is given), leaving a
    tombstone that travels; ``tombstone`` gives its revisions (a merge does)."""
    spec = SPEC_BY_NAME[entity]
    row = _row_by_uuid(session, spec, uuid)
    if read_version and read_version != row.version:
        raise StaleRecordError(
            spec.name, _label(row, spec), read_version=read_version,
            stored_version=row.version,
        )
    dependents = dependents_in(session, entity, uuid)
    if dependents and not cascade:
        label = str(getattr(row, spec.label_field, "") or uuid)
        raise HasDependents(entity, label, describe_dependents(dependents))
    changes: list[rec.Change] = []
    for dep_entity, dep_uuid, required in dependents:
        dep_spec = SPEC_BY_NAME[dep_entity]
        if required:
            # The dependent may already be gone through another path of the cascade.
            if session.scalar(
                select(dep_spec.row_type.id).where(dep_spec.row_type.uuid == dep_uuid)
            ):
                changes += delete_in(session, dep_entity, dep_uuid, origin, cascade=True)
        else:
            dep_row = _row_by_uuid(session, dep_spec, dep_uuid)
            current = row_to_record(dep_row, dep_spec, UuidCache.of(session))
            unlinked = dataclasses.replace(
                current,
                **{
                    ref.field: None
                    for ref in dep_spec.references
                    if ref.target is spec.row_type and getattr(current, ref.field) == uuid
                },
            )
            change = update_in(session, unlinked, origin)
            if change is not None:
                changes.append(change)
    before = row_to_record(row, spec, UuidCache.of(session))
    claim_version(session, row, before.version, _label(row, spec), spec.name)
    row_id = row.id
    parent = split(row.revisions)[:1]
    register = register_id(session)
    if tombstone is None:
        write_tombstone(session, spec.name, uuid, row.revisions, register)
    else:
        existing = session.get(models.TombstoneRow, uuid)
        if existing is not None:
            session.delete(existing)
            session.flush()
        session.add(models.TombstoneRow(
            uuid=uuid, entity=spec.name, deleted_at=models.utc_now(),
            register_id=register, revisions=tombstone,
        ))
    session.delete(row)
    session.flush()
    UuidCache.of(session).removed(spec.row_type, row_id, uuid)
    _audit(
        session,
        spec=spec,
        action=AuditAction.DELETE,
        uuid=uuid,
        before=before,
        after=None,
        origin=origin,
        parent=parent[0] if parent else None,
    )
    changes.append(rec.Change(spec.name, AuditAction.DELETE.value, uuid, before, None))
    return changes


@dataclass
class Writer:
    """Write access to one database; every public call is one transaction."""

    database: Database
    origin: str = "window"

    def create(self, record: rec.Record) -> rec.ChangeSet:
        with self.database.session() as session:
            return rec.ChangeSet((create_in(session, record, self.origin),))

    def update(self, record: rec.Record) -> rec.ChangeSet:
        with self.database.session() as session:
            change = update_in(session, record, self.origin)
            return rec.ChangeSet(() if change is None else (change,))

    def delete(
        self, entity: str, uuid: str, cascade: bool = False, version: int = 0
    ) -> rec.ChangeSet:
        """Delete the record, which must still be at ``version`` when one is given."""
        with self.database.session() as session:
            return rec.ChangeSet(
                tuple(delete_in(session, entity, uuid, self.origin, cascade, read_version=version))
            )

    def dependents(self, entity: str, uuid: str) -> list[str]:
        with self.database.session() as session:
            return describe_dependents(dependents_in(session, entity, uuid))

    def revert(self, changes: rec.ChangeSet) -> rec.ChangeSet:
        """Undo a change set exactly, as one transaction (itself audited).

        Each record must still hold what the change left (``StaleRecordError`` if an
        import or merge has changed it since): an undo never overwrites a newer edit.
        """
        done: list[rec.Change] = []
        with self.database.session() as session:
            for change in reversed(changes.changes):
                if change.action == AuditAction.CREATE:
                    assert change.after is not None
                    _still_as(session, change.after)
                    done += delete_in(
                        session, change.entity, change.uuid, self.origin, cascade=True
                    )
                elif change.action == AuditAction.DELETE:
                    assert change.before is not None
                    done.append(create_in(session, change.before, self.origin))
                else:
                    assert change.before is not None and change.after is not None
                    current = _still_as(session, change.after)
                    result = update_in(
                        session, dataclasses.replace(change.before, version=current),
                        self.origin,
                    )
                    if result is not None:
                        done.append(result)
        return rec.ChangeSet(tuple(done))

    def apply(self, changes: rec.ChangeSet) -> rec.ChangeSet:
        """Redo a change set that ``revert`` undid, keeping every UUID."""
        done: list[rec.Change] = []
        with self.database.session() as session:
            for change in changes.changes:
                if change.action == AuditAction.CREATE:
                    assert change.after is not None
                    done.append(create_in(session, change.after, self.origin))
                elif change.action == AuditAction.DELETE:
                    assert change.before is not None
                    _still_as(session, change.before)
                    done += delete_in(
                        session, change.entity, change.uuid, self.origin, cascade=True
                    )
                else:
                    assert change.after is not None and change.before is not None
                    current = _still_as(session, change.before)
                    result = update_in(
                        session, dataclasses.replace(change.after, version=current),
                        self.origin,
                    )
                    if result is not None:
                        done.append(result)
        return rec.ChangeSet(tuple(done))


def _still_as(session: Session, expected: rec.Record) -> int:
    """The stored version of a record that must still hold ``expected``'s values."""
    spec = spec_for(expected)
    row = _row_by_uuid(session, spec, expected.uuid)
    stored = row_to_record(row, spec, UuidCache.of(session))
    if not _same_content(stored, expected):
        raise StaleRecordError(
            spec.name, _label(row, spec), read_version=expected.version,
            stored_version=row.version, differences=_differences(expected, stored),
        )
    return row.version
