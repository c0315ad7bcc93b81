"""Reading a register for a merge a little at a time, never every record at once.

A merge first compares each record's revision list (one narrow query per kind, in
chunks); only records whose lists differ are read whole. Two identical 200,000-record
registers are compared without building a single record, and a 2% divergence builds
about 2% of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS, decode_json_field
from coalition_desk.services.rowmap import UuidCache
from coalition_desk.store.engine import Database

# Rows per narrow query: small enough that a progress report (and a cancel) comes
# every few tens of milliseconds, large enough that the round trips do not count.
INDEX_CHUNK = 5_000
# UUIDs per IN (...) list: far under SQLite's and PostgreSQL's parameter limits.
IN_CHUNK = 500


class RegisterReader:
    """Narrow and subset reads of one register's records (each in a short session)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def count(self, entity: str) -> int:
        table = SPEC_BY_NAME[entity].row_type.__table__
        with self.database.session() as session:
            return int(session.scalar(select(func.count()).select_from(table)) or 0)

    def index_chunks(self, entity: str) -> Iterator[list[tuple[str, str]]]:
        """(uuid, revisions) of every record of a kind, in the order they were stored.

        Through the driver's cursor: SQLAlchemy's rows cost as much again as the query
        for the hundreds of thousands of rows of a large register (names are our tables'
        own, the one value an integer)."""
        table = SPEC_BY_NAME[entity].row_type.__table__
        last_id = 0
        while True:
            statement = (f"SELECT id, uuid, revisions FROM {table.name} WHERE id > "
                         f"{int(last_id)} ORDER BY id LIMIT {INDEX_CHUNK}")
            with self.database.engine.connect() as connection:
                cursor = connection.connection.cursor()
                try:
                    cursor.execute(statement)
                    rows = cursor.fetchall()
                finally:
                    cursor.close()
            if not rows:
                return
            last_id = rows[-1][0]
            yield [(uuid, revisions or "") for _id, uuid, revisions in rows]

    def fetch(
        self, entity: str, uuids: Iterable[str], tick: Callable[[], None] | None = None
    ) -> dict[str, rec.Record]:
        """These records whole, in the order they were stored (missing ones left out);
        ``tick`` is called after each chunk (it may raise to stop)."""
        wanted = list(dict.fromkeys(uuids))
        if not wanted:
            return {}
        table = SPEC_BY_NAME[entity].row_type.__table__
        found: list[tuple[int, rec.Record]] = []
        with self.database.session() as session:
            build = _RowBuilder(session, entity)
            for start in range(0, len(wanted), IN_CHUNK):
                chunk = wanted[start:start + IN_CHUNK]
                found += build.rows(table.c.uuid.in_(chunk))
                if tick is not None:
                    tick()
        found.sort(key=lambda pair: pair[0])
        return {record.uuid: record for _id, record in found}

    def matching(self, entity: str, column: str, values: Iterable[object]) -> list[rec.Record]:
        """The records of a kind whose plain ``column`` holds one of ``values``."""
        wanted = list(dict.fromkeys(v for v in values if v is not None))
        table = SPEC_BY_NAME[entity].row_type.__table__
        found: list[tuple[int, rec.Record]] = []
        with self.database.session() as session:
            build = _RowBuilder(session, entity)
            for start in range(0, len(wanted), IN_CHUNK):
                found += build.rows(table.c[column].in_(wanted[start:start + IN_CHUNK]))
        found.sort(key=lambda pair: pair[0])
        return [record for _id, record in found]

    def all_of(self, entity: str) -> dict[str, rec.Record]:
        with self.database.session() as session:
            build = _RowBuilder(session, entity)
            table = SPEC_BY_NAME[entity].row_type.__table__
            return {record.uuid: record for _id, record in build.rows(table.c.id > 0)}

    def repeated(self, entity: str, fields: tuple[str, ...]) -> list[str]:
        """UUIDs of the records that share their values of ``fields`` with another."""
        spec = SPEC_BY_NAME[entity]
        table = spec.row_type.__table__
        references = spec.reference_by_field
        columns = [references[f].column if f in references else f for f in fields]
        groups = (select(*(table.c[c] for c in columns)).group_by(*(table.c[c] for c in columns))
                  .having(func.count() > 1).subquery())
        joined_on = and_(*(table.c[c] == groups.c[c] for c in columns))
        with self.database.session() as session:
            return list(session.scalars(
                select(table.c.uuid).join(groups, joined_on).order_by(table.c.id)))

    def existing(self, uuids: Iterable[str]) -> set[str]:
        """Which of ``uuids`` are records here, of any kind."""
        wanted = list(dict.fromkeys(uuids))
        found: set[str] = set()
        if not wanted:
            return found
        with self.database.session() as session:
            for spec in SPECS:
                table = spec.row_type.__table__
                for start in range(0, len(wanted), IN_CHUNK):
                    chunk = wanted[start:start + IN_CHUNK]
                    found.update(session.scalars(
                        select(table.c.uuid).where(table.c.uuid.in_(chunk))))
        return found

    def referrers(self, targets: Iterable[str]) -> list[tuple[str, str]]:
        """(target, referring record's uuid) once per reference held to each target."""
        wanted = list(dict.fromkeys(targets))
        found: list[tuple[str, str]] = []
        if not wanted:
            return found
        with self.database.session() as session:
            cache = UuidCache.of(session)
            for spec in SPECS:
                table = spec.row_type.__table__
                for ref in spec.references:
                    ids_of = cache._load(ref.target)[1]
                    uuid_by_id = cache._load(ref.target)[0]
                    ids = [ids_of[t] for t in wanted if t in ids_of]
                    for start in range(0, len(ids), IN_CHUNK):
                        column = table.c[ref.column]
                        rows = session.execute(
                            select(table.c.uuid, column)
                            .where(column.in_(ids[start:start + IN_CHUNK]))).all()
                        found += [(uuid_by_id[target], uuid) for uuid, target in rows]
        return found


class _RowBuilder:
    """Records from rows, references as UUIDs and list fields as tuples (as bulk reads)."""

    def __init__(self, session: Session, entity: str) -> None:
        spec = SPEC_BY_NAME[entity]
        self.session = session
        self.spec = spec
        self.table = spec.row_type.__table__
        cache = UuidCache.of(session)
        references = spec.reference_by_field
        self.columns = []
        self.maps: list[dict[int, str] | None] = []
        for f in dataclasses.fields(spec.record_type):
            if f.name in references:
                ref = references[f.name]
                self.columns.append(self.table.c[ref.column])
                self.maps.append(cache._load(ref.target)[0])
            else:
                self.columns.append(self.table.c[f.name])
                self.maps.append(None)
        self.json_index = [
            index for index, f in enumerate(dataclasses.fields(spec.record_type))
            if f.name in spec.json_fields
        ]

    def rows(self, where: object) -> list[tuple[int, rec.Record]]:
        built: list[tuple[int, rec.Record]] = []
        result = self.session.execute(
            select(self.table.c.id, *self.columns).where(where)  # type: ignore[arg-type]
        )
        for row in result:
            values = list(row[1:])
            for index, mapping in enumerate(self.maps):
                if mapping is not None and values[index] is not None:
                    values[index] = mapping.get(values[index])
            for index in self.json_index:
                values[index] = decode_json_field(values[index])
            built.append((row[0], self.spec.record_type(*values)))
        return built
