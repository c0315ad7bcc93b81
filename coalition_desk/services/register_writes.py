"""Adding a workbook's new records to the register in bulk: one row and one audit entry each.

``bulk.write_batch`` does this record by record through ``dataclasses.replace`` and
generic per-value conversion; at 200,000 new positions an import spent more time there
than SQLite spent inserting. Here each field gets its conversion once, up front, and the
full-text index is filled by one statement per table (``fulltext.indexed_in_bulk``)
instead of one trigger call per row. What is written is the same: the same column
values, the same audit entry (action "create", the record as JSON), all in the caller's
one transaction.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import operator
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import AuditAction
from coalition_desk.services.bulk import write_batch
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS, EntitySpec, encode_json_field
from coalition_desk.services.rowmap import UuidCache, current_user
from coalition_desk.store import fulltext, models
from coalition_desk.store.versions import new_revision, register_id

Convert = Callable[[object], object]
# json.dumps(..., ensure_ascii=False) builds an encoder per call; the audit's JSON is the same.
_JSON = json.JSONEncoder(ensure_ascii=False)
WRITE_BATCH = 5_000
# (uuid, entity, deleted_at, register id, revisions): a deletion that travels with a workbook.
DeletionRow = tuple[str, str, dt.datetime | None, str, str]


# SQLite's page cache while an import writes (negative: KiB). The default 2 MB holds a
# small fraction of an L register's indexes, and each random uuid or (issue, nation,
# date) key then costs a page read: 25 s -> 17 s of writing 200,000 positions.
IMPORT_CACHE_KIB = 64 * 1024


@contextlib.contextmanager
def wide_page_cache(session: Session) -> Iterator[None]:
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


def register_is_empty(session: Session) -> bool:
    """Nothing was ever written here: no record, deletion, redirect or audit entry."""
    tables = [
        *(spec.row_type.__table__ for spec in SPECS),
        models.TombstoneRow.__table__, models.RedirectRow.__table__, models.AuditRow.__table__,
    ]
    return all(session.execute(select(table).limit(1)).first() is None for table in tables)


def add_everything(
    session: Session, records: Mapping[str, Sequence[rec.Record]],
    deletions: Sequence[DeletionRow], origin: str,
) -> None:
    """Write what merging these records and deletions into an empty register writes
    (services/merge/apply.py: deletions first, then each entity's records in their
    order, each keeping its revisions or given a new one, audited with ``origin``), in
    the caller's transaction."""
    for uuid, entity, deleted_at, register, revisions in deletions:
        session.add(models.TombstoneRow(
            uuid=uuid, entity=entity, deleted_at=deleted_at or models.utc_now(),
            register_id=register, revisions=revisions))
    session.flush()
    for spec in SPECS:
        found = records.get(spec.name, ())
        for start in range(0, len(found), WRITE_BATCH):
            chunk = found[start:start + WRITE_BATCH]
            insert_new_records(session, spec.name, chunk, origin,
                               [record.revisions or new_revision() for record in chunk])


def insert_new_records(
    session: Session, entity: str, records: Sequence[rec.Record], origin: str,
    revisions: Sequence[str] | None = None,
) -> None:
    """Insert records already normalised and checked (as the import's validator leaves
    them), keeping the UUID and timestamps they carry and auditing each one.
    ``revisions`` gives each record's revision list (a merge); else each gets a new one.

    Other databases than SQLite take ``bulk.write_batch``.
    """
    if not records:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        write_batch(session, entity, records, (), origin, already_checked=True,
                    revisions=revisions)
        return
    spec = SPEC_BY_NAME[entity]
    cache = UuidCache.of(session)
    plan = _plan(spec, cache)
    now = models.utc_now()
    user = current_user()
    writer = register_id(session)
    fields_of = operator.attrgetter(*plan.names)
    # Only the fields that need it are converted, each by index.
    to_column = [(i, convert) for i, convert in enumerate(plan.to_column) if convert is not None]
    to_json = [(name, convert) for name, convert in zip(plan.names, plan.to_json, strict=True)
               if convert is not None and name != "revisions"]
    rows: list[tuple] = []
    audit: list[tuple] = []
    action = AuditAction.CREATE.value
    at = _stamp(now)
    for number, record in enumerate(records):
        values = list(fields_of(record))
        values[plan.version_at] = values[plan.version_at] or 1
        history = (
            revisions[number] if revisions is not None
            else values[plan.revisions_at] or new_revision()
        )
        values[plan.revisions_at] = history
        uuid = values[plan.uuid_at] or models.new_uuid()
        created = values[plan.created_at] or now
        values[plan.uuid_at] = uuid
        values[plan.updated_at] = values[plan.updated_at] or created
        values[plan.created_at] = created
        after = dict(zip(plan.names, values, strict=True))
        del after["revisions"]
        for name, convert in to_json:
            value = after[name]
            if value is not None:
                after[name] = convert(value)
        for index, convert in to_column:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        values.append(writer)
        rows.append(tuple(values))
        audit.append((at, user, action, spec.name, uuid, None, _JSON.encode(after), origin,
                      history.split(" ", 1)[0]))
    table = spec.row_type.__table__.name
    columns = [*plan.columns, "written_by"]
    marks = ", ".join("?" for _ in columns)
    with fulltext.indexed_in_bulk(connection, table):
        connection.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )
    connection.exec_driver_sql(
        "INSERT INTO audit (at, os_user, action, entity, record_uuid, \"before\", \"after\", "
        "origin, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        audit,
    )
    by_id, by_uuid = cache._tables()
    by_id.pop(spec.row_type, None)
    by_uuid.pop(spec.row_type, None)
    session.info.pop("issue_stances", None)


@dataclasses.dataclass
class _Plan:
    names: list[str]
    columns: list[str]
    to_column: list[Convert | None]
    to_json: list[Convert | None]
    uuid_at: int
    created_at: int
    updated_at: int
    version_at: int
    revisions_at: int


def _stamp(value: dt.datetime) -> str:
    # SQLAlchemy's SQLite DATETIME storage format (as bulk._sqlite_value); isoformat gives
    # the same text for a naive time from year 1000 on, at a fifth of strftime's cost.
    if value.tzinfo is None and value.year >= 1000:
        return value.isoformat(" ", "microseconds")
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _day(value: dt.date) -> str:
    return value.isoformat()


def _spaced(value: dt.datetime) -> str:
    return value.isoformat(sep=" ")


def _plan(spec: EntitySpec, cache: UuidCache) -> _Plan:
    hints = typing.get_type_hints(spec.record_type)
    names = [f.name for f in dataclasses.fields(spec.record_type)]
    columns: list[str] = []
    to_column: list[Convert | None] = []
    to_json: list[Convert | None] = []
    references = spec.reference_by_field
    for name in names:
        base = set(typing.get_args(hints[name])) - {type(None)} or {hints[name]}
        if name in references:
            ref = references[name]
            columns.append(ref.column)
            ids = cache._load(ref.target)[1]
            # An empty reference is no reference (as bulk._row_values).
            to_column.append(lambda uuid, ids=ids: ids.get(uuid) if uuid else None)  # type: ignore[misc]
            to_json.append(None)
            continue
        columns.append(name)
        if name in spec.json_fields:
            to_column.append(encode_json_field)  # type: ignore[arg-type]
            to_json.append(list)
        elif dt.datetime in base:
            to_column.append(_stamp)  # type: ignore[arg-type]
            to_json.append(_spaced)  # type: ignore[arg-type]
        elif dt.date in base:
            to_column.append(_day)  # type: ignore[arg-type]
            to_json.append(_day)  # type: ignore[arg-type]
        elif typing.get_origin(hints[name]) is tuple:
            to_column.append(None)
            to_json.append(list)
        else:
            to_column.append(None)
            to_json.append(None)
    return _Plan(
        names, columns, to_column, to_json,
        names.index("uuid"), names.index("created_at"), names.index("updated_at"),
        names.index("version"), names.index("revisions"),
    )
