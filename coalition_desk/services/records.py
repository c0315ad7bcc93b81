"""Plain reads of whole records by kind and UUID (edit dialogs, export, undo)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from coalition_desk.domain import records as rec
from coalition_desk.services.crud import NotFound
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS, spec_for
from coalition_desk.services.rowmap import UuidCache, row_to_record
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import reading


def get(database: Database, record_type: type, uuid: str) -> rec.Record:
    spec = spec_for(record_type)
    with reading(database) as session:
        row = session.scalar(select(spec.row_type).where(spec.row_type.uuid == uuid))
        if row is None:
            raise NotFound(f"no {spec.name} with UUID {uuid}")
        return row_to_record(row, spec, UuidCache(session))


def list_all(database: Database, record_type: type) -> list[rec.Record]:
    spec = spec_for(record_type)
    with database.session() as session:
        cache = UuidCache(session)
        rows = session.scalars(select(spec.row_type).order_by(spec.row_type.id))
        return [row_to_record(row, spec, cache) for row in rows]


def iter_all(database: Database, entity: str, batch: int = 2000) -> Iterator[rec.Record]:
    """Every record of one kind in id order, fetched in batches (for big exports)."""
    spec = SPEC_BY_NAME[entity]
    last_id = 0
    while True:
        with database.session() as session:
            cache = UuidCache(session)
            rows = session.scalars(
                select(spec.row_type)
                .where(spec.row_type.id > last_id)
                .order_by(spec.row_type.id)
                .limit(batch)
            ).all()
            if not rows:
                return
            last_id = rows[-1].id
            records = [row_to_record(row, spec, cache) for row in rows]
        yield from records


def counts(database: Database) -> dict[str, int]:
    with database.session() as session:
        return {
            spec.plural: session.scalar(select(func.count()).select_from(spec.row_type)) or 0
            for spec in SPECS
        }


def audit_trail(database: Database, uuid: str) -> list[rec.AuditEntry]:
    import json

    with database.session() as session:
        rows = session.scalars(
            select(models.AuditRow)
            .where(models.AuditRow.record_uuid == uuid)
            .order_by(models.AuditRow.id)
        )
        return [
            rec.AuditEntry(
                at=row.at,
                os_user=row.os_user,
                action=row.action,
                entity=row.entity,
                record_uuid=row.record_uuid,
                before=json.loads(row.before) if row.before else None,
                after=json.loads(row.after) if row.after else None,
                origin=row.origin,
                db_user=row.db_user,
            )
            for row in rows
        ]


def is_empty(database: Database) -> bool:
    return not any(counts(database).values())
