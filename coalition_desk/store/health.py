"""What in a register's shape or content the program could not read back.

A register changed behind the program's back (a dropped table or trigger, text in a date
column, an unknown enum value, broken JSON) used to pass ``check`` and then crash the
window, export or import with a ValueError. These checks are cheap enough (one scan per
table, about 0.5 s at 200,000 positions) to run before every command that reads the
whole register, so that it refuses with the record's table, UUID and field instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, Date, DateTime, Float, Integer, text
from sqlalchemy.exc import DBAPIError

from coalition_desk.domain import enums
from coalition_desk.store import fulltext, models
from coalition_desk.store.engine import Database
from coalition_desk.store.errors import DatabaseDamaged
from coalition_desk.store.sqlite.wal_index import ShmLost, commits_the_index_misses


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    message: str
    # True when reading the register's records fails on it (not merely a lost extra).
    blocks_reading: bool = False

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


# The closed vocabularies each column holds (domain/enums.py).
ENUM_COLUMNS: dict[tuple[str, str], type[enums.LabelledEnum]] = {
    ("nations", "kind"): enums.NationKind,
    ("nations", "role"): enums.CoalitionRole,
    ("meetings", "format"): enums.MeetingFormat,
    ("meetings", "date_precision"): enums.DatePrecision,
    ("attendance", "level"): enums.AttendanceLevel,
    ("issues", "kind"): enums.IssueKind,
    ("positions", "confidence"): enums.Confidence,
    ("pledges", "capability"): enums.Capability,
    ("pledges", "status"): enums.PledgeStatus,
    ("questions", "status"): enums.QuestionStatus,
    ("capability_requirements", "capability"): enums.Capability,
    ("audit", "action"): enums.AuditAction,
}
# Columns holding JSON: a list of labels, or an object of field values.
JSON_LIST_COLUMNS = {("issues", "stances")}
JSON_COLUMNS = {("audit", "before"), ("audit", "after")}
_WHY_TABLE = {
    "audit": "the audit trail is gone",
    "search_index": "Find cannot search",
}


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def present_tables(connection: Connection) -> set[str]:
    if connection.dialect.name != "sqlite":
        rows = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        )
        return {name for (name,) in rows}
    rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    return {name for (name,) in rows}


def _triggers(connection: Connection) -> set[str]:
    rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    return {name for (name,) in rows}


def expected_triggers() -> list[tuple[str, str]]:
    """(trigger, table) pairs that keep the search index in step with every write."""
    return [
        (f"{table}_search_{event}", table)
        for _kind, table, *_ in fulltext._SOURCES
        for event in ("insert", "update", "delete")
    ]


def structure_problems(connection: Connection) -> list[Finding]:
    """Tables, columns and search triggers the schema promises but the file lacks."""
    findings: list[Finding] = []
    tables = present_tables(connection)
    expected = [*models.Base.metadata.tables, "alembic_version", fulltext.INDEX_TABLE]
    for table in expected:
        if table not in tables:
            why = _WHY_TABLE.get(table, "its records cannot be read")
            findings.append(
                Finding(
                    "schema",
                    f"the table {table} is missing ({why})",
                    blocks_reading=table not in _WHY_TABLE,
                )
            )
    for table, spec in models.Base.metadata.tables.items():
        if table not in tables:
            continue
        columns = {row[1] for row in connection.execute(text(f"PRAGMA table_info({table})"))}
        for column in spec.columns:
            if column.name not in columns:
                findings.append(
                    Finding(
                        "schema",
                        f"the column {table}.{column.name} is missing",
                        blocks_reading=True,
                    )
                )
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if not revision:
            findings.append(Finding("schema", "no schema revision is recorded (alembic_version)"))
    triggers = _triggers(connection)
    for trigger, table in expected_triggers():
        if trigger not in triggers and table in tables:
            findings.append(
                Finding(
                    "search index",
                    f"the trigger {trigger} is missing: Find misses changes to {table}",
                )
            )
    return findings


def _conditions(table: str) -> list[tuple[str, str, str]]:
    """(column, SQL condition true for an unreadable value, what it should be)."""
    spec = models.Base.metadata.tables[table]
    found: list[tuple[str, str, str]] = []
    for column in spec.columns:
        name = column.name
        if not column.nullable and not column.primary_key:
            found.append((name, f"{name} IS NULL", "a value (it is required)"))
        if isinstance(column.type, DateTime):
            bad = f"typeof({name}) != 'text' OR datetime({name}) IS NULL"
            found.append((name, f"{name} IS NOT NULL AND ({bad})", "a date and time"))
        elif isinstance(column.type, Date):
            bad = f"typeof({name}) != 'text' OR date({name}) IS NOT {name}"
            found.append((name, f"{name} IS NOT NULL AND ({bad})", "a date (YYYY-MM-DD)"))
        elif isinstance(column.type, Integer) and not column.primary_key:
            found.append((name, f"typeof({name}) NOT IN ('integer', 'null')", "a whole number"))
        elif isinstance(column.type, Float):
            found.append(
                (name, f"typeof({name}) NOT IN ('integer', 'real', 'null')", "a number")
            )
        vocabulary = ENUM_COLUMNS.get((table, name))
        if vocabulary is not None:
            allowed = ", ".join(_quote(v) for v in vocabulary.values())
            found.append(
                (name, f"{name} NOT IN ({allowed})", "one of " + ", ".join(vocabulary.values()))
            )
        if (table, name) in JSON_COLUMNS:
            found.append((name, f"{name} IS NOT NULL AND NOT json_valid({name})", "JSON"))
    return found


def _describe_value(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _table_content_problems(connection: Connection, table: str) -> list[Finding]:
    columns = {row[1] for row in connection.execute(text(f"PRAGMA table_info({table})"))}
    conditions = [c for c in _conditions(table) if c[0] in columns]
    findings: list[Finding] = []
    if conditions:
        sums = ", ".join(
            f"coalesce(sum(CASE WHEN {condition} THEN 1 END), 0)"
            for _column, condition, _wanted in conditions
        )
        counts = connection.execute(text(f"SELECT {sums} FROM {table}")).one()
        key = "uuid" if "uuid" in columns else "id"
        for (column, condition, wanted), count in zip(conditions, counts, strict=True):
            if not count:
                continue
            example = connection.execute(
                text(f"SELECT {key}, {column} FROM {table} WHERE {condition} LIMIT 1")
            ).one()
            findings.append(
                Finding(
                    "content",
                    f"{count} {table} row(s) hold in {column} something that is not "
                    f"{wanted}, e.g. {key} {example[0]}: {_describe_value(example[1])}",
                    blocks_reading=True,
                )
            )
    for json_table, column in JSON_LIST_COLUMNS:
        if json_table == table and column in columns:
            findings += _json_list_problems(connection, table, column)
    return findings


def _json_list_problems(connection: Connection, table: str, column: str) -> list[Finding]:
    bad: list[tuple[str, object]] = []
    for uuid, raw in connection.execute(text(f"SELECT uuid, {column} FROM {table}")):
        if not raw:
            continue
        try:
            value = json.loads(raw)
        except (TypeError, ValueError):
            bad.append((uuid, raw))
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad.append((uuid, raw))
    if not bad:
        return []
    uuid, raw = bad[0]
    return [
        Finding(
            "content",
            f"{len(bad)} {table} row(s) hold in {column} something that is not a JSON list "
            f"of labels, e.g. uuid {uuid}: {_describe_value(raw)}",
            blocks_reading=True,
        )
    ]


def content_problems(connection: Connection) -> list[Finding]:
    findings: list[Finding] = []
    tables = present_tables(connection)
    for table in models.Base.metadata.tables:
        if table not in tables:
            continue
        try:
            findings += _table_content_problems(connection, table)
        except DBAPIError as error:
            findings.append(Finding("content", f"{table} could not be read: {error.orig}"))
            connection.rollback()
    return findings


def readable_problems(connection: Connection) -> list[Finding]:
    """Everything that would make reading the register fail half-way (SQLite only)."""
    return structure_problems(connection) + content_problems(connection)


def ensure_readable(database: Database, action: str) -> None:
    """Refuse ``action`` up front, naming the first unreadable record, rather than
    crash half-way through it."""
    engine = database.engine
    if engine.dialect.name != "sqlite":
        return
    label = database.display_name
    missed = commits_the_index_misses(database.path) if database.path is not None else 0
    if missed:
        raise ShmLost(
            f"{label} cannot be read whole: its -shm was deleted or replaced while another "
            f"program had it open, so {action} would miss its {missed} latest committed "
            "change(s). Nothing was written. Close Coalition Desk wherever the register "
            "is open, open it again, then try again."
        )
    try:
        with engine.connect() as connection:
            findings = readable_problems(connection)
    except DBAPIError as error:
        raise DatabaseDamaged(
            f"{label} is damaged and cannot be read ({error.orig}), so {action} did not "
            "start. Nothing was changed; run `coalition-desk check` for the details."
        ) from error
    if findings:
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise DatabaseDamaged(
            f"{label} holds data Coalition Desk cannot read, so {action} did not start: "
            f"{findings[0]}{more}. Nothing was changed; `coalition-desk check` lists every "
            "problem. Restore a backup, or repair those records."
        )


class DamagedRegister(DatabaseDamaged):
    """What the window found wrong at opening; ``showable`` when it can still be shown
    read-only (damaged pages, a lost audit table or search trigger)."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings
        self.showable = not any(f.blocks_reading for f in findings)


def damage_at_opening(database: Database) -> DamagedRegister | None:
    """The window's look before it shows a register: everything ``ensure_readable``
    reads (one scan per table, 35 ms at M), none of SQLite's page-by-page check."""
    if database.engine.dialect.name != "sqlite":
        return None
    try:
        with database.engine.connect() as connection:
            findings = readable_problems(connection)
    except DBAPIError as error:
        findings = [Finding("integrity", f"the file cannot be read: {error.orig}")]
    if not findings:
        return None
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return DamagedRegister(
        f"{database.display_name} is damaged: {findings[0]}{more}. "
        "`coalition-desk check` lists every problem.",
        findings,
    )
