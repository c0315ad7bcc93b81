"""Integrity check of a database: SQLite's own checks (PostgreSQL's own on a server),
schema, orphans, readable content.

Every step runs on its own: a damaged page or a dropped table is a finding of the step
that met it, and the other steps still report theirs (``check`` once crashed on both).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from coalition_desk.store import migrate
from coalition_desk.store.check_pg import postgresql_findings
from coalition_desk.store.engine import Database
from coalition_desk.store.health import (
    Finding,
    content_problems,
    present_tables,
    structure_problems,
)
from coalition_desk.store.sqlite.files import read_only_uri

__all__ = ["Finding", "check_database", "check_unopenable_file"]

# (table, column, referenced table): rows whose reference points nowhere.
_REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("people", "nation_id", "nations"),
    ("attendance", "meeting_id", "meetings"),
    ("attendance", "nation_id", "nations"),
    ("positions", "nation_id", "nations"),
    ("positions", "issue_id", "issues"),
    ("positions", "speaker_id", "people"),
    ("positions", "meeting_id", "meetings"),
    ("pledges", "nation_id", "nations"),
    ("pledges", "meeting_id", "meetings"),
    ("questions", "issue_id", "issues"),
    ("questions", "owner_nation_id", "nations"),
    ("questions", "owner_person_id", "people"),
    ("questions", "raised_at_id", "meetings"),
    ("questions", "resolved_at_id", "meetings"),
)
_UUID_TABLES = (
    "nations",
    "people",
    "meetings",
    "attendance",
    "issues",
    "positions",
    "pledges",
    "questions",
)


def _search_index_problem_in_a_copy(path: Path) -> str | None:
    """FTS5's integrity-check is a write, which a read-only file refuses; a copy in
    memory takes it instead."""
    source = sqlite3.connect(read_only_uri(path), uri=True)
    copy = sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        copy.execute("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as error:
        return str(error).splitlines()[0]
    finally:
        copy.close()
        source.close()
    return None


def _integrity(connection: Connection, _database: Database) -> list[Finding]:
    return _integrity_findings(connection.execute(text("PRAGMA integrity_check")).scalars())


SHOWN_INTEGRITY_PROBLEMS = 5


def _integrity_findings(rows: Iterable[str]) -> list[Finding]:
    """SQLite's own findings, the first few of them: a failing disk yields hundreds of
    page-level lines that bury the one message that matters (restore the backup)."""
    problems = [
        line.strip()
        for row in rows
        for line in row.splitlines()
        if line.strip() and line.strip() not in ("ok", "*** in database main ***")
    ]
    found = [Finding("integrity", line) for line in problems[:SHOWN_INTEGRITY_PROBLEMS]]
    if len(problems) > SHOWN_INTEGRITY_PROBLEMS:
        more = len(problems) - SHOWN_INTEGRITY_PROBLEMS
        found.append(Finding(
            "integrity",
            f"… and {more} more damaged places: the file is damaged; restore the latest backup",
        ))
    return found


def _foreign_keys(connection: Connection, _database: Database) -> list[Finding]:
    return [
        Finding("foreign keys", f"{row[0]} row {row[1]} refers to a missing {row[2]}")
        for row in connection.execute(text("PRAGMA foreign_key_check"))
    ]


def _search_index(connection: Connection, database: Database) -> list[Finding]:
    if "search_index" not in present_tables(connection):
        return []  # structure_problems reports it
    if database.read_only and database.path is not None:
        # The check is a write, which a read-only (or immutable) open refuses.
        return _search_index_copy_finding(database.path)
    problem: str | None = None
    try:
        connection.execute(
            text("INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)")
        )
    except Exception as error:  # noqa: BLE001 - any failure is a finding
        problem = str(error).splitlines()[0]
        if "readonly" in str(error) and database.path is not None:
            problem = _search_index_problem_in_a_copy(database.path)
    connection.rollback()
    return [Finding("search index", problem)] if problem else []


def _search_index_copy_finding(path: Path) -> list[Finding]:
    problem = _search_index_problem_in_a_copy(path)
    return [Finding("search index", problem)] if problem else []


def _revision(connection: Connection, _database: Database) -> list[Finding]:
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision and revision != migrate.head_revision():
        return [Finding("schema", f"schema {revision}, expected {migrate.head_revision()}")]
    return []


def _orphans(connection: Connection, _database: Database) -> list[Finding]:
    findings: list[Finding] = []
    tables = present_tables(connection)
    for table, column, target in _REFERENCES:
        if table not in tables or target not in tables:
            continue
        orphans = connection.execute(
            text(
                f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {target} r WHERE r.id = t.{column})"
            )
        ).scalar()
        if orphans:
            findings.append(
                Finding(
                    "orphans",
                    f"{orphans} {table} {'row refers' if orphans == 1 else 'rows refer'} "
                    f"to a missing {target} ({column})",
                )
            )
    for table in _UUID_TABLES:
        if table not in tables:
            continue
        dupes = connection.execute(
            text(f"SELECT count(*) - count(DISTINCT uuid) FROM {table}")
        ).scalar()
        if dupes:
            findings.append(Finding(
                "uuids", f"{dupes} duplicate UUID{'' if dupes == 1 else 's'} in {table}"))
    return findings


Step = Callable[[Connection, Database], list[Finding]]


def check_database(database: Database) -> list[Finding]:
    sqlite = database.engine.dialect.name == "sqlite"
    steps: list[tuple[str, Step]] = []
    if sqlite:
        steps += [
            ("integrity", _integrity),
            ("foreign keys", _foreign_keys),
            ("schema", lambda c, _d: structure_problems(c)),
            ("search index", _search_index),
        ]
    if database.engine.dialect.name == "postgresql":
        # The server's own checks where SQLite's pragmas do not apply.
        steps.append(
            ("postgresql", lambda c, _d: [Finding(*f) for f in postgresql_findings(c)])
        )
    steps += [("schema", _revision), ("orphans", _orphans)]
    if sqlite:
        steps.append(("content", lambda c, _d: content_problems(c)))
    findings: list[Finding] = []
    with database.engine.connect() as connection:
        for name, step in steps:
            try:
                findings += step(connection, database)
            except DBAPIError as error:
                findings.append(Finding(name, f"could not be checked: {error.orig}"))
                connection.rollback()
    return findings


def check_unopenable_file(path: Path) -> list[Finding]:
    """What SQLite itself says of a file too damaged to be opened as a register."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        return [Finding("integrity", f"the file cannot be opened: {error}")]
    try:
        lines = [line for (line,) in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        return [Finding("integrity", f"the file cannot be read: {error}")]
    finally:
        connection.close()
    found = _integrity_findings(lines)
    return found or [Finding("integrity", "the file passes SQLite's check but cannot be opened")]
