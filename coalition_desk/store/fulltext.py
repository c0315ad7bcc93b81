"""Full-text search: the one place that knows SQLite's FTS5.

Triggers keep the index in step with every write, whatever path makes it (window,
import, command line). PostgreSQL (team mode) has an index of its own that finds the same
records (fulltext_pg, from migration 0007); another database gets the plain LIKE
fallback below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select, text
from sqlalchemy.orm import Session

from coalition_desk.store import fulltext_pg, models

INDEX_TABLE = "search_index"

# kind, table, rowid block, title expression, body expression. The schema of these
# statements is frozen by migration 0002: change it only through a new migration.
_SOURCES: tuple[tuple[str, str, int, str, str], ...] = (
    ("nation", "nations", 1, "{t}.name", "{t}.code || ' ' || {t}.constraints || ' ' || {t}.notes"),
    ("person", "people", 2, "{t}.name", "{t}.office || ' ' || {t}.notes"),
    (
        "meeting",
        "meetings",
        3,
        "{t}.title",
        "{t}.place || ' ' || {t}.chair || ' ' || {t}.summary || ' ' || {t}.objectives"
        " || ' ' || {t}.points_to_make",
    ),
    ("issue", "issues", 4, "{t}.name", "{t}.description"),
    (
        "position",
        "positions",
        5,
        "coalesce({t}.stance, '')",
        "{t}.quote || ' ' || {t}.summary || ' ' || {t}.source",
    ),
    ("pledge", "pledges", 6, "{t}.capability", "{t}.caveats || ' ' || {t}.notes"),
    ("question", "questions", 7, "{t}.text", "{t}.answer"),
)
ROWID_BLOCK = 1 << 40


def _rowid(block: int, alias: str) -> str:
    return f"({block} * {ROWID_BLOCK} + {alias}.id)"


def sqlite_schema_statements() -> list[str]:
    statements = [
        f"CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5("
        "kind UNINDEXED, uuid UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    ]
    for kind, table, block, title, body in _SOURCES:
        new_title, new_body = title.format(t="new"), body.format(t="new")
        insert = (
            f"INSERT INTO {INDEX_TABLE}(rowid, kind, uuid, title, body) VALUES "
            f"({_rowid(block, 'new')}, '{kind}', new.uuid, {new_title}, {new_body});"
        )
        delete = f"DELETE FROM {INDEX_TABLE} WHERE rowid = {_rowid(block, 'old')};"
        statements += [
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN "
            f"{delete} {insert} END",
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {delete} END",
        ]
    return statements


def sqlite_rebuild_statement() -> str:
    parts = [
        f"SELECT {_rowid(block, table)}, '{kind}', {table}.uuid, "
        f"{title.format(t=table)}, {body.format(t=table)} FROM {table}"
        for kind, table, block, title, body in _SOURCES
    ]
    return f"INSERT INTO {INDEX_TABLE}(rowid, kind, uuid, title, body) " + " UNION ALL ".join(parts)


def indexed_tables() -> list[tuple[str, str, int]]:
    """(kind, table, rowid block) of every table the search index covers."""
    return [(kind, table, block) for kind, table, block, _title, _body in _SOURCES]


def postgresql_schema_statements() -> list[str]:
    return fulltext_pg.schema_statements(_SOURCES, ROWID_BLOCK)


def postgresql_rebuild_statements() -> list[str]:
    return fulltext_pg.rebuild_statements(_SOURCES, ROWID_BLOCK)


def postgresql_drop_statements() -> list[str]:
    return fulltext_pg.drop_statements(_SOURCES)


def sqlite_drop_statements() -> list[str]:
    statements = [f"DROP TABLE IF EXISTS {INDEX_TABLE}"]
    for _kind, table, *_ in _SOURCES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_search_{event}"
            for event in ("insert", "update", "delete")
        ]
    return statements


# An insert trigger as sqlite_schema_statements writes it: one INSERT ... VALUES (...).
_INSERT_TRIGGER = re.compile(
    r"CREATE TRIGGER (?P<name>\w+) AFTER INSERT ON (?P<table>\w+) BEGIN "
    r"(?P<insert>INSERT INTO \w+\([\w, ]+\)) VALUES \((?P<values>.*)\); END",
    re.DOTALL,
)


@contextmanager
def indexed_in_bulk(connection: Connection, table: str) -> Iterator[None]:
    """Rows inserted into ``table`` inside the block are indexed by one statement at its end.

    One trigger call per row costs FTS5 several times what the inserts themselves cost
    (20,000 positions: 6.8 s against 0.9 s); one INSERT ... SELECT of the same values
    costs a tenth of that. The insert trigger is dropped for the block and created again
    from its own stored SQL, all inside the caller's transaction, so a failure or a crash
    rolls the drop back with everything else. The SELECT reuses the trigger's own value
    expressions, with the table aliased ``new``. A trigger of any other shape is left alone
    (and indexes row by row). SQLite only.
    """
    trigger = f"{table}_search_insert"
    stored = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
    ).scalar()
    shape = _INSERT_TRIGGER.fullmatch(stored) if isinstance(stored, str) else None
    if shape is None or shape["table"] != table:
        yield
        return
    after = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
    connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
    try:
        yield
        connection.exec_driver_sql(
            f"{shape['insert']} SELECT {shape['values']} FROM {table} AS new WHERE new.id > ?",
            (after,),
        )
    finally:
        connection.exec_driver_sql(stored)


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str
    uuid: str
    title: str
    snippet: str


_WORD = re.compile(r"\w+", re.UNICODE)


def _fts_query(user_text: str) -> str | None:
    """Every word must appear (as a prefix); FTS5 operators typed by a user are inert."""
    words = _WORD.findall(user_text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def search(session: Session, user_text: str, limit: int = 200) -> list[Hit]:
    query = _fts_query(user_text)
    if query is None:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        words = _WORD.findall(user_text)
        return [Hit(*hit) for hit in fulltext_pg.search(session, words, limit)]
    if dialect != "sqlite":
        return _search_like(session, user_text, limit)
    rows = session.execute(
        text(
            f"SELECT kind, uuid, title, snippet({INDEX_TABLE}, 3, '[', ']', ' … ', 12) "
            f"FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :q ORDER BY rank LIMIT :n"
        ),
        {"q": query, "n": limit},
    )
    return [Hit(kind, uuid, title, snippet or "") for kind, uuid, title, snippet in rows]


def _search_like(session: Session, user_text: str, limit: int) -> list[Hit]:
    pattern = f"%{user_text.strip()}%"
    hits: list[Hit] = []
    plain: tuple[tuple[str, type[models.Tracked], str, tuple[str, ...]], ...] = (
        ("nation", models.NationRow, "name", ("name", "code", "constraints", "notes")),
        ("person", models.PersonRow, "name", ("name", "office", "notes")),
        ("meeting", models.MeetingRow, "title", ("title", "place", "summary")),
        ("issue", models.IssueRow, "name", ("name", "description")),
        ("position", models.PositionRow, "stance", ("quote", "summary", "source")),
        ("question", models.QuestionRow, "text", ("text", "answer")),
    )
    for kind, row_type, title_column, columns in plain:
        condition = or_(*(getattr(row_type, c).ilike(pattern) for c in columns))
        for row in session.scalars(select(row_type).where(condition).limit(limit)):
            hits.append(Hit(kind, row.uuid, str(getattr(row, title_column) or ""), ""))
    return hits[:limit]
