"""Whole-register reads and writes for the workbook export and import.

The record-at-a-time path in ``crud`` flushes and audits one ORM object per call; at
200,000 positions that costs minutes. Here rows are read and written with Core
statements in batches, while keeping the same guarantees: every record is checked with
``domain.validation.problems_of`` before it is written, every created or updated record
leaves its own audit entry, and the caller's one session makes it one transaction.
Cross-record rules (references, unique names, stance scales) are the caller's to check
first, over the whole batch at once: see ``reports.validator``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    Date,
    DateTime,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import AuditAction
from coalition_desk.domain.validation import ValidationError, problems_of
from coalition_desk.services.crud import UuidCache, normalised
from coalition_desk.services.entities import (
    SPEC_BY_NAME,
    EntitySpec,
    decode_json_field,
    encode_json_field,
    record_as_dict,
)
from coalition_desk.services.rowmap import current_user, raise_stale
from coalition_desk.services.settings import capabilities_in
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.versions import (
    new_revision,
    register_id,
)

BATCH = 5_000


def field_values(
    session: Session, entity: str, batch: int = BATCH, *, dates_as_text: bool = False
) -> Iterator[tuple]:
    """Every record of one kind as a tuple of its fields, in record-field order.

    References come out as UUIDs and list fields as tuples, exactly as on the record;
    no ORM objects are built, so a 200,000-row export stays fast and small. With
    ``dates_as_text`` dates come out as "YYYY-MM-DD" and timestamps as
    "YYYY-MM-DD HH:MM:SS" (UTC), unparsed: what a workbook stores anyway.
    """
    spec = SPEC_BY_NAME[entity]
    table = spec.row_type.__table__
    cache = UuidCache.of(session)
    references = spec.reference_by_field
    getters = []
    stamps: list[int] = []
    for index, f in enumerate(dataclasses.fields(spec.record_type)):
        if f.name in references:
            ref = references[f.name]
            getters.append((table.c[ref.column], cache._load(ref.target)[0]))
        elif dates_as_text and isinstance(table.c[f.name].type, Date | DateTime):
            getters.append((type_coerce(table.c[f.name], String), None))
            stamps.append(index)
        else:
            getters.append((table.c[f.name], None))
    json_index = {
        index
        for index, f in enumerate(dataclasses.fields(spec.record_type))
        if f.name in spec.json_fields
    }
    columns = [column for column, _ in getters]
    maps = [mapping for _, mapping in getters]
    last_id = 0
    while True:
        rows = session.execute(
            select(table.c.id, *columns).where(table.c.id > last_id).order_by(table.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        for row in rows:
            values = list(row[1:])
            for index, mapping in enumerate(maps):
                if mapping is not None and values[index] is not None:
                    values[index] = mapping.get(values[index])
            for index in json_index:
                values[index] = decode_json_field(values[index])
            for index in stamps:
                # Stored as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS.000000"; whole seconds.
                # PostgreSQL hands back the date or timestamp itself.
                value = values[index]
                if isinstance(value, dt.datetime):
                    value = value.isoformat(sep=" ")
                elif isinstance(value, dt.date):
                    value = value.isoformat()
                if value is not None:
                    values[index] = value[:19]
            yield tuple(values)


def audit_rows(session: Session, batch: int = BATCH) -> Iterator[tuple]:
    """(at, os_user, db_user, action, entity, record_uuid, origin, before, after), oldest
    first."""
    audit = models.AuditRow.__table__
    last_id = 0
    columns = (audit.c.at, audit.c.os_user, audit.c.db_user, audit.c.action, audit.c.entity,
               audit.c.record_uuid, audit.c.origin, audit.c.before, audit.c.after)
    while True:
        rows = session.execute(
            select(audit.c.id, *columns).where(audit.c.id > last_id).order_by(audit.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        for row in rows:
            yield tuple(row[1:])


def count_audit(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(models.AuditRow)) or 0


def count_rows(session: Session, entity: str) -> int:
    return session.scalar(select(func.count()).select_from(SPEC_BY_NAME[entity].row_type)) or 0


@dataclass
class KnownKeys:
    """What the database already holds that a batch of new records must agree with."""

    uuids: dict[str, set[str]] = field(default_factory=dict)
    nation_codes: dict[str, str] = field(default_factory=dict)  # code folded → uuid
    issue_names: dict[str, str] = field(default_factory=dict)  # name folded → uuid
    issue_stances: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attendance_pairs: dict[tuple[str, str], str] = field(default_factory=dict)
    person_nations: dict[str, str | None] = field(default_factory=dict)  # person → nation
    capabilities: tuple[str, ...] = ()  # the register's setting


def known_keys(session: Session) -> KnownKeys:
    keys = KnownKeys()
    cache = UuidCache.of(session)
    for name, spec in SPEC_BY_NAME.items():
        keys.uuids[name] = set(cache._load(spec.row_type)[1])
    N, Iss, A, M = models.NationRow, models.IssueRow, models.AttendanceRow, models.MeetingRow
    for code, uuid in session.execute(select(N.code, N.uuid)):
        keys.nation_codes[code.casefold()] = uuid
    for name, uuid, stances in session.execute(select(Iss.name, Iss.uuid, Iss.stances)):
        keys.issue_names[name.casefold()] = uuid
        keys.issue_stances[uuid] = decode_json_field(stances)
    pairs = select(M.uuid, N.uuid, A.uuid).join(M, M.id == A.meeting_id).join(
        N, N.id == A.nation_id
    )
    for meeting_uuid, nation_uuid, uuid in session.execute(pairs):
        keys.attendance_pairs[(meeting_uuid, nation_uuid)] = uuid
    people = select(models.PersonRow.uuid, N.uuid).outerjoin(
        N, N.id == models.PersonRow.nation_id)
    for person_uuid, nation_uuid in session.execute(people):
        keys.person_nations[person_uuid] = nation_uuid
    keys.capabilities = capabilities_in(session)
    return keys


def stances_in_use(session: Session, issue_uuid: str) -> list[tuple[str, str]]:
    """(position uuid, stance) of every recorded position on one issue that takes one."""
    P, Iss = models.PositionRow, models.IssueRow
    rows = session.execute(
        select(P.uuid, P.stance)
        .join(Iss, Iss.id == P.issue_id)
        .where(Iss.uuid == issue_uuid, P.stance.is_not(None))
    )
    return [(uuid, stance) for uuid, stance in rows]


def stance_use(database: Database, issue_uuid: str) -> dict[str, int]:
    """How many recorded positions hold each stance of the issue (for its edit form)."""
    with database.session() as session:
        return dict(Counter(stance for _uuid, stance in stances_in_use(session, issue_uuid)))


def existing_records(session: Session, entity: str, uuids: Iterable[str]) -> dict[str, rec.Record]:
    """The stored records among ``uuids``, as plain records, for comparison."""
    wanted = set(uuids)
    if not wanted:
        return {}
    spec = SPEC_BY_NAME[entity]
    names = [f.name for f in dataclasses.fields(spec.record_type)]
    uuid_index = names.index("uuid")
    found = {}
    for values in field_values(session, entity):
        if values[uuid_index] in wanted:
            found[values[uuid_index]] = spec.record_type(*values)
    return found


def same_content(before: rec.Record, after: rec.Record) -> bool:
    return all(
        getattr(before, name) == getattr(after, name)
        for name in rec.editable_field_names(type(after))
    )


def write_batch(
    session: Session,
    entity: str,
    creates: Sequence[rec.Record],
    updates: Sequence[tuple[rec.Record, rec.Record]],
    origin: str,
    *,
    already_checked: bool = False,
    revisions: Sequence[str] | None = None,
) -> None:
    """Insert ``creates`` and apply ``updates`` ((before, after) pairs), auditing each.

    Records are normalised and checked with ``problems_of`` here (unless the caller
    says it has just done exactly that, as the import's validator does), so nothing
    this function writes could have been refused by the record-at-a-time path.
    New records keep their UUID and timestamps when they carry them (records travel
    between laptops); an updated record's ``updated_at`` becomes now.

    Each update must find the record still at the version ``before`` carries: a bulk
    ``update()`` bypasses any ORM version check, so the statement itself checks, and a
    stale one raises ``StaleRecordError`` (the caller's transaction then writes nothing).
    ``revisions`` gives the created records' revision lists (a merge), else new ones.
    """
    spec = SPEC_BY_NAME[entity]
    cache = UuidCache.of(session)
    now = models.utc_now()
    user = current_user()
    writer = register_id(session)
    audit: list[dict] = []
    inserted: list[dict] = []
    check = _normalised if already_checked else _checked
    for number, given in enumerate(creates):
        checked = check(given, spec)
        record = dataclasses.replace(
            checked,
            uuid=checked.uuid or models.new_uuid(),
            created_at=checked.created_at or now,
            updated_at=checked.updated_at or checked.created_at or now,
            version=checked.version or 1,
        )
        history = (
            revisions[number] if revisions is not None else checked.revisions or new_revision()
        )
        inserted.append(
            _row_values(record, spec, cache) | {"revisions": history, "written_by": writer}
        )
        entry = _audit(spec, AuditAction.CREATE, record.uuid, None, record, now, user, origin)
        audit.append(entry | {"revision": history.split(" ", 1)[0], "parent": None})
    if inserted:
        _insert_many(session, spec.row_type.__table__, inserted)
        cache_by_id, cache_by_uuid = cache._tables()
        cache_by_id.pop(spec.row_type, None)
        cache_by_uuid.pop(spec.row_type, None)
    changed: list[dict] = []
    for before, given in updates:
        record = dataclasses.replace(
            check(given, spec), created_at=before.created_at, updated_at=now,
            version=before.version + 1,
        )
        revision = new_revision()
        values = _row_values(record, spec, cache)
        values["b_id"] = cache.id_of(spec.row_type, record.uuid)
        values["b_read"] = before.version
        values["b_revision"] = revision
        values["written_by"] = writer
        del values["uuid"], values["created_at"], values["revisions"]
        changed.append(values)
        entry = _audit(spec, AuditAction.UPDATE, record.uuid, before, record, now, user, origin)
        audit.append(entry | {"revision": revision, "parent": None})
    if changed:
        table = spec.row_type.__table__
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_read"))
            .values(revisions=bindparam("b_revision", type_=String) + " " + table.c.revisions)
        )
        result = session.connection().execute(statement, changed)
        if result.rowcount not in (-1, len(changed)):
            raise_stale(session, spec, updates)
    if audit:
        _insert_many(session, models.AuditRow.__table__, audit)
    session.info.pop("issue_stances", None)


def _insert_many(session: Session, table: Table, rows: list[dict]) -> None:
    """executemany straight to SQLite, values stored exactly as SQLAlchemy stores them.

    SQLAlchemy's per-parameter processing costs more than SQLite's own insert at
    200,000 rows; other databases take the portable statement.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), rows)
        return
    columns = list(rows[0])
    statement = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    connection.exec_driver_sql(
        statement, [tuple(_sqlite_value(row[name]) for name in columns) for row in rows]
    )


def _sqlite_value(value: object) -> object:
    # The formats of SQLAlchemy's SQLite DATE and DATETIME types.
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _normalised(record: rec.Record, _spec: EntitySpec) -> rec.Record:
    return normalised(record)


def _checked(record: rec.Record, spec: EntitySpec) -> rec.Record:
    record = normalised(record)
    problems = problems_of(record)
    if problems:
        raise ValidationError(spec.name, problems)
    return record


def _row_values(record: rec.Record, spec: EntitySpec, cache: UuidCache) -> dict:
    values: dict[str, object] = {}
    references = spec.reference_by_field
    for f in dataclasses.fields(spec.record_type):
        value = getattr(record, f.name)
        if f.name in references:
            ref = references[f.name]
            values[ref.column] = cache.id_of(ref.target, value) if value else None
        elif f.name in spec.json_fields:
            values[f.name] = encode_json_field(value)
        else:
            values[f.name] = value
    return values


def _audit(  # noqa: PLR0917 - one audit row's columns, in their order
    spec: EntitySpec,
    action: AuditAction,
    uuid: str,
    before: rec.Record | None,
    after: rec.Record | None,
    at: object,
    user: str,
    origin: str,
) -> dict:
    def dump(record: rec.Record | None) -> str | None:
        return None if record is None else json.dumps(record_as_dict(record), ensure_ascii=False)

    return {
        "at": at,
        "os_user": user,
        "action": action.value,
        "entity": spec.name,
        "record_uuid": uuid,
        "before": dump(before),
        "after": dump(after),
        "origin": origin,
    }
