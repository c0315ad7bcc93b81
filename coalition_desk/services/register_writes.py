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

import dataclasses
import datetime as dt
import json
import operator
import typing
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import AuditAction
from coalition_desk.services.bulk import write_batch
from coalition_desk.services.entities import SPEC_BY_NAME, EntitySpec, encode_json_field
from coalition_desk.services.rowmap import UuidCache, current_user
from coalition_desk.store import fulltext, models
from coalition_desk.store.versions import new_revision, register_id

Convert = Callable[[object], object]


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
    rows: list[tuple] = []
    audit: list[tuple] = []
    action = AuditAction.CREATE.value
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
        rows.append((
            *(value if convert is None or value is None else convert(value)
              for value, convert in zip(values, plan.to_column, strict=True)),
            writer,
        ))
        after = json.dumps(
            {
                name: value if convert is None or value is None else convert(value)
                for name, value, convert in zip(plan.names, values, plan.to_json, strict=True)
                if name != "revisions"
            },
            ensure_ascii=False,
        )
        audit.append((_stamp(now), user, action, spec.name, uuid, None, after, origin,
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
    # SQLAlchemy's SQLite DATETIME storage format (as bulk._sqlite_value).
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
