"""Between table rows and plain records: the id ↔ UUID look-ups that references need."""

from __future__ import annotations

import dataclasses
import getpass

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services.entities import EntitySpec, decode_json_field
from coalition_desk.store import models


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
