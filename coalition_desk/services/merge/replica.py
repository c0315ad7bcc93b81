"""One side of a merge as plain data: its records, tombstones, redirects and past states.

A register file and a register workbook both become a ``Replica``; the engine compares
two of them and never touches a database itself until ``apply``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services import bulk
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS, EntitySpec
from coalition_desk.services.merge.register_reader import INDEX_CHUNK, RegisterReader
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


class LazyRecords(Mapping[str, dict[str, rec.Record]]):
    """A register's records by kind, each kind read whole only when asked for.

    The merge engine itself never asks (it reads narrow, then the records that differ);
    this is for callers that want a whole kind (a register's own likely duplicates)."""

    def __init__(self, reader: RegisterReader) -> None:
        self._reader = reader
        self._loaded: dict[str, dict[str, rec.Record]] = {}

    def __getitem__(self, entity: str) -> dict[str, rec.Record]:
        if entity not in SPEC_BY_NAME:
            raise KeyError(entity)
        if entity not in self._loaded:
            self._loaded[entity] = self._reader.all_of(entity)
        return self._loaded[entity]

    def __iter__(self) -> Iterator[str]:
        return iter(spec.name for spec in SPECS)

    def __len__(self) -> int:
        return len(SPECS)

    def loaded(self, entity: str) -> dict[str, rec.Record] | None:
        return self._loaded.get(entity)


@dataclass
class Replica:
    """What a merge needs of one register (or of a workbook exported from one).

    A workbook's records are in memory (``records`` is a plain dict); a register's are
    read as needed (``records`` is a ``LazyRecords``), so that the engine holds only the
    records that differ. Either way the engine reads through the methods below."""

    name: str
    register_id: str
    records: Mapping[str, dict[str, rec.Record]]
    tombstones: dict[str, Tombstone] = field(default_factory=dict)
    redirects: dict[str, Redirect] = field(default_factory=dict)
    # (record uuid, revision) -> the record's values in that state, read on demand.
    past: dict[tuple[str, str], dict[str, typing.Any]] = field(default_factory=dict)
    database: Database | None = None
    # A workbook's rows may have been edited after export without their revision
    # changing: the engine then checks each row against the state it names.
    from_workbook: bool = False
    # Records read whole so far, by kind (a register's; a workbook's are all in records).
    fetched: dict[str, dict[str, rec.Record]] = field(default_factory=dict)

    @property
    def _reader(self) -> RegisterReader | None:
        if isinstance(self.records, LazyRecords):
            return self.records._reader
        return None

    def record(self, uuid: str) -> rec.Record | None:
        for spec in SPECS:
            found = self.fetch(spec.name, [uuid]).get(uuid)
            if found is not None:
                return found
        return None

    def count(self, entity: str) -> int:
        reader = self._reader
        return reader.count(entity) if reader else len(self.records.get(entity, {}))

    def index_chunks(self, entity: str) -> Iterator[list[tuple[str, str]]]:
        """(uuid, revisions) of every record of a kind, in chunks, in stored order."""
        reader = self._reader
        if reader is not None:
            yield from reader.index_chunks(entity)
            return
        pairs = [(u, r.revisions or "") for u, r in self.records.get(entity, {}).items()]
        for start in range(0, len(pairs), INDEX_CHUNK):
            yield pairs[start:start + INDEX_CHUNK]

    def fetch(
        self, entity: str, uuids: Iterable[str], tick: Callable[[], None] | None = None
    ) -> dict[str, rec.Record]:
        """These records whole (those that exist), in stored order; kept for ``state``.
        ``tick`` is called as chunks are read (it may raise to stop)."""
        reader = self._reader
        wanted = list(uuids)
        if reader is None:
            by_uuid = self.records.get(entity, {})
            return {u: by_uuid[u] for u in wanted if u in by_uuid}
        whole = self.records.loaded(entity)  # type: ignore[attr-defined]
        if whole is not None:
            return {u: whole[u] for u in wanted if u in whole}
        cache = self.fetched.setdefault(entity, {})
        missing = [u for u in wanted if u not in cache]
        cache.update(reader.fetch(entity, missing, tick))
        found = {u: cache[u] for u in wanted if u in cache}
        return found

    def forget(self, entity: str) -> None:
        """Drop the records of a kind read so far (the plan keeps those it needs)."""
        self.fetched.pop(entity, None)

    def matching(self, entity: str, column: str, values: Iterable[object]) -> list[rec.Record]:
        reader = self._reader
        if reader is not None and self.records.loaded(entity) is None:  # type: ignore[attr-defined]
            return reader.matching(entity, column, values)
        wanted = set(values)
        return [r for r in self.records.get(entity, {}).values()
                if getattr(r, column) in wanted]

    def repeated(
        self, entity: str, fields: tuple[str, ...], tick: Callable[[], None] | None = None
    ) -> dict[str, rec.Record]:
        """The records of a kind that share their values of ``fields`` with another."""
        reader = self._reader
        if reader is not None and self.records.loaded(entity) is None:  # type: ignore[attr-defined]
            return self.fetch(entity, reader.repeated(entity, fields), tick)
        by_key: dict[tuple, list[rec.Record]] = {}
        for record in self.records.get(entity, {}).values():
            by_key.setdefault(tuple(getattr(record, f) for f in fields), []).append(record)
        return {r.uuid: r for group in by_key.values() if len(group) > 1 for r in group}

    def existing(self, uuids: Iterable[str]) -> set[str]:
        """Which of ``uuids`` are records here, of any kind."""
        reader = self._reader
        if reader is not None:
            return reader.existing(uuids)
        wanted = set(uuids)
        return {u for by_uuid in self.records.values() for u in by_uuid if u in wanted}

    def referrers(self, targets: Iterable[str]) -> list[tuple[str, str]]:
        """(target, referring record's uuid), once per reference held to each target."""
        reader = self._reader
        if reader is not None:
            return reader.referrers(targets)
        wanted = set(targets)
        found: list[tuple[str, str]] = []
        for spec in SPECS:
            for uuid, record in self.records.get(spec.name, {}).items():
                for ref in spec.references:
                    target = getattr(record, ref.field)
                    if target in wanted:
                        found.append((target, uuid))
        return found

    def load_past(
        self, uuids: Iterable[str], tick: Callable[[], None] | None = None
    ) -> None:
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
                if tick is not None:
                    tick()

    def state(self, entity: str, uuid: str, revision: str) -> rec.Record | None:
        """The record as it was in ``revision``, if this side knows it."""
        current = self.fetch(entity, [uuid]).get(uuid)
        if current is not None and split(current.revisions)[:1] == [revision]:
            return current
        return self.past_state(entity, uuid, revision)

    def past_state(self, entity: str, uuid: str, revision: str) -> rec.Record | None:
        """The record as it was in ``revision``, from the audit trail read so far."""
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
    """Every record of every kind (for callers that want them all, not for a merge)."""
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
    """What a merge compares, from an open register: its tombstones, redirects and
    register id now; its records as the engine asks for them."""
    with database.session() as session:
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
        records=LazyRecords(RegisterReader(database)),
        tombstones=tombstones,
        redirects=redirects,
        database=database,
    )
