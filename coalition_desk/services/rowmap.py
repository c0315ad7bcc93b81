"""Between table rows and plain records: the id ↔ UUID look-ups that references need."""

from __future__ import annotations

import dataclasses
import getpass
import json
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import AuditAction
from coalition_desk.domain.validation import FieldProblem
from coalition_desk.services.entities import (
    EntitySpec,
    decode_json_field,
    encode_json_field,
    record_as_dict,
)
from coalition_desk.store import models
from coalition_desk.store.versions import StaleRecordError, differences


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (service account, odd OS): still audit
        return "unknown"


class UuidCache:
    """Id ↔ UUID look-ups within one session, each table loaded at most once.

    Kept on the session so that a bulk write (an import of 200,000 positions) resolves
    its references from memory instead of one query per reference.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    @classmethod
    def of(cls, session: Session) -> UuidCache:
        cache = session.info.get("uuid_cache")
        if cache is None:
            cache = session.info["uuid_cache"] = cls(session)
        return cache

    def _tables(self) -> tuple[dict, dict]:
        return (
            self.session.info.setdefault("uuid_by_id", {}),
            self.session.info.setdefault("id_by_uuid", {}),
        )

    def _load(self, row_type: type[models.Tracked]) -> tuple[dict[int, str], dict[str, int]]:
        by_id, by_uuid = self._tables()
        if row_type not in by_id:
            pairs = self.session.execute(select(row_type.id, row_type.uuid)).all()
            by_id[row_type] = {row_id: uuid for row_id, uuid in pairs}
            by_uuid[row_type] = {uuid: row_id for row_id, uuid in pairs}
        return by_id[row_type], by_uuid[row_type]

    def uuid_of(self, row_type: type[models.Tracked], row_id: int | None) -> str | None:
        if row_id is None:
            return None
        return self._load(row_type)[0].get(row_id)

    def id_of(self, row_type: type[models.Tracked], uuid: str) -> int | None:
        return self._load(row_type)[1].get(uuid)

    def added(self, row_type: type[models.Tracked], row_id: int, uuid: str) -> None:
        by_id, by_uuid = self._tables()
        if row_type in by_id:
            by_id[row_type][row_id] = uuid
            by_uuid[row_type][uuid] = row_id

    def removed(self, row_type: type[models.Tracked], row_id: int, uuid: str) -> None:
        by_id, by_uuid = self._tables()
        if row_type in by_id:
            by_id[row_type].pop(row_id, None)
            by_uuid[row_type].pop(uuid, None)


def row_to_record(row: models.Tracked, spec: EntitySpec, cache: UuidCache) -> rec.Record:
    values: dict[str, object] = {}
    references = spec.reference_by_field
    for f in dataclasses.fields(spec.record_type):
        if f.name in references:
            ref = references[f.name]
            values[f.name] = cache.uuid_of(ref.target, getattr(row, ref.column))
        elif f.name in spec.json_fields:
            values[f.name] = decode_json_field(getattr(row, f.name))
        else:
            values[f.name] = getattr(row, f.name)
    return spec.record_type(**values)


def resolve_references(
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


def apply_record(row: models.Tracked, record: rec.Record, spec: EntitySpec, ids: dict) -> None:
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


def raise_stale(
    session: Session, spec: EntitySpec, updates: Sequence[tuple[rec.Record, rec.Record]]
) -> None:
    table = spec.row_type.__table__
    stored = dict(session.execute(
        select(table.c.uuid, table.c.version).where(
            table.c.uuid.in_([before.uuid for before, _ in updates])
        )
    ).all())
    for before, given in updates:
        if stored.get(before.uuid) != before.version:
            raise StaleRecordError(
                spec.name, str(getattr(given, spec.label_field, "") or given.uuid),
                read_version=before.version, stored_version=stored.get(before.uuid, 0),
                differences=differences(given, before),
            )
    raise StaleRecordError(spec.name, "?", read_version=0, stored_version=0)


def audit_entry(
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
