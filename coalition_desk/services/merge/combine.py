"""Combining two records that are one thing: references re-pointed, a redirect kept."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from coalition_desk.domain import records as rec
from coalition_desk.services import crud
from coalition_desk.services.entities import SPEC_BY_NAME, dependents_of
from coalition_desk.services.rowmap import UuidCache, row_to_record
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.versions import register_id


def combine_records(
    database: Database, entity: str, keep_uuid: str, drop_uuid: str, origin: str = "combine"
) -> rec.ChangeSet:
    """Fold ``drop_uuid`` into ``keep_uuid`` in one transaction, audited.

    Every record referring to the dropped one is re-pointed (an attendance that would then
    repeat one the kept record has is deleted instead); the dropped record is deleted and
    a redirect kept, so a later merge from a laptop that still has it does not bring it
    back.
    """
    if keep_uuid == drop_uuid:
        raise ValueError("A record cannot be combined with itself.")
    spec = SPEC_BY_NAME[entity]
    done: list[rec.Change] = []
    with database.session() as session:
        cache = UuidCache.of(session)
        keep_id = cache.id_of(spec.row_type, keep_uuid)
        drop_id = cache.id_of(spec.row_type, drop_uuid)
        if keep_id is None or drop_id is None:
            missing = keep_uuid if keep_id is None else drop_uuid
            raise crud.NotFound(f"no {entity} with UUID {missing}")
        for other, ref in dependents_of(spec):
            column = getattr(other.row_type, ref.column)
            for row in list(session.scalars(select(other.row_type).where(column == drop_id))):
                record = row_to_record(row, other, cache)
                moved = dataclasses.replace(record, **{ref.field: keep_uuid})
                if other.name == "attendance" and _attendance_exists(session, moved):
                    done += crud.delete_in(session, other.name, record.uuid, origin, True)
                    continue
                change = crud.update_in(session, moved, origin)
                if change is not None:
                    done.append(change)
        done += crud.delete_in(session, entity, drop_uuid, origin, cascade=False)
        existing = session.get(models.RedirectRow, drop_uuid)
        if existing is None:
            session.add(models.RedirectRow(
                old_uuid=drop_uuid, new_uuid=keep_uuid, entity=entity, at=models.utc_now(),
                register_id=register_id(session)))
        for redirect in session.scalars(
            select(models.RedirectRow).where(models.RedirectRow.new_uuid == drop_uuid)
        ):
            redirect.new_uuid = keep_uuid
    return rec.ChangeSet(tuple(done))


def _attendance_exists(session, moved: rec.Attendance) -> bool:  # noqa: ANN001
    A, M, N = models.AttendanceRow, models.MeetingRow, models.NationRow
    found = session.scalar(
        select(A.uuid).join(M, M.id == A.meeting_id).join(N, N.id == A.nation_id)
        .where(M.uuid == moved.meeting_uuid, N.uuid == moved.nation_uuid, A.uuid != moved.uuid)
    )
    return found is not None
