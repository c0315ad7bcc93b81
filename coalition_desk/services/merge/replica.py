"""One side of a merge as plain data: its records, tombstones, redirects and past states.

A register file and a register workbook both become a ``Replica``; the engine compares
two of them and never touches a database itself until ``apply``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services import bulk
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS, EntitySpec
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.versions import REGISTER_ID_KEY, split

PAST_BATCH = 500


@dataclass(frozen=True, slots=True)
class Tombstone:
    uuid: str
    entity: str
    deleted_at: dt.datetime | None
    register_id: str
    revisions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Redirect:
    old_uuid: str
    new_uuid: str
    entity: str
    register_id: str = ""


@dataclass
class Replica:
    """What a merge needs of one register (or of a workbook exported from one)."""

    name: str
    register_id: str
    records: dict[str, dict[str, rec.Record]]
    tombstones: dict[str, Tombstone] = field(default_factory=dict)
    redirects: dict[str, Redirect] = field(default_factory=dict)
    # (record uuid, revision) -> the record's values in that state, read on demand.
    past: dict[tuple[str, str], dict[str, typing.Any]] = field(default_factory=dict)
    database: Database | None = None
    # A workbook's rows may have been edited after export without their revision
    # changing: the engine then checks each row against the state it names.
    from_workbook: bool = False

    def record(self, uuid: str) -> rec.Record | None:
        for by_uuid in self.records.values():
            found = by_uuid.get(uuid)
            if found is not None:
                return found
        return None

    def load_past(self, uuids: Iterable[str]) -> None:
        """Read the past states of these records from the audit trail."""
        if self.database is None:
            return
        wanted = sorted(set(uuids))
        if not wanted:
            return
        audit = models.AuditRow.__table__
        with self.database.session() as session:
            for start in range(0, len(wanted), PAST_BATCH):
                chunk = wanted[start:start + PAST_BATCH]
                rows = session.execute(
                    select(audit.c.record_uuid, audit.c.revision, audit.c.parent,
                           audit.c.before, audit.c.after)
                    .where(audit.c.record_uuid.in_(chunk))
                ).all()
                for uuid, revision, parent, before, after in rows:
                    if revision and after:
                        self.past.setdefault((uuid, revision), json.loads(after))
                    if parent and before:
                        self.past.setdefault((uuid, parent), json.loads(before))

    def state(self, entity: str, uuid: str, revision: str) -> rec.Record | None:
        """The record as it was in ``revision``, if this side knows it."""
        current = self.records.get(entity, {}).get(uuid)
        if current is not None and split(current.revisions)[:1] == [revision]:
            return current
        values = self.past.get((uuid, revision))
        if values is None:
            return None
        return record_from_json(SPEC_BY_NAME[entity], values)


def record_from_json(spec: EntitySpec, values: dict[str, typing.Any]) -> rec.Record:
    """A record from its audit JSON; fields the entry predates keep their defaults."""
    hints = typing.get_type_hints(spec.record_type)
    given: dict[str, typing.Any] = {}
    for f in dataclasses.fields(spec.record_type):
        if f.name not in values or f.name == "revisions":
            continue
        value = values[f.name]
        hint = hints[f.name]
        base = set(typing.get_args(hint)) - {type(None)} or {hint}
        if value is None:
            given[f.name] = None
        elif typing.get_origin(hint) is tuple:
            given[f.name] = tuple(value)
        elif dt.datetime in base:
            given[f.name] = dt.datetime.fromisoformat(value)
        elif dt.date in base:
            given[f.name] = dt.date.fromisoformat(value)
        elif float in base and isinstance(value, int):
            given[f.name] = float(value)
        else:
            given[f.name] = value
    for f in dataclasses.fields(spec.record_type):
        if f.name not in given and f.default is dataclasses.MISSING:
            given[f.name] = "" if hints[f.name] is str else None
    return spec.record_type(**given)


def read_records(session: Session) -> dict[str, dict[str, rec.Record]]:
    found: dict[str, dict[str, rec.Record]] = {}
    for spec in SPECS:
        names = [f.name for f in dataclasses.fields(spec.record_type)]
        at = names.index("uuid")
        found[spec.name] = {
            values[at]: spec.record_type(*values)
            for values in bulk.field_values(session, spec.name)
        }
    return found


def read_replica(database: Database, name: str | None = None) -> Replica:
    """Everything a merge compares, read from an open register."""
    with database.session() as session:
        records = read_records(session)
        tombstones = {
            row.uuid: Tombstone(row.uuid, row.entity, row.deleted_at, row.register_id,
                                tuple(split(row.revisions)))
            for row in session.scalars(select(models.TombstoneRow))
        }
        redirects = {
            row.old_uuid: Redirect(row.old_uuid, row.new_uuid, row.entity, row.register_id)
            for row in session.scalars(select(models.RedirectRow))
        }
        register = session.scalar(
            select(models.SettingRow.value).where(models.SettingRow.key == REGISTER_ID_KEY)
        ) or ""
    return Replica(
        name=name or database.display_name,
        register_id=register,
        records=records,
        tombstones=tombstones,
        redirects=redirects,
        database=database,
    )
