"""Integrity check of a database: SQLite's own checks (PostgreSQL's own on a server),
schema version, orphans."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from coalition_desk.store import migrate
from coalition_desk.store.check_pg import postgresql_findings
from coalition_desk.store.engine import Database

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


@dataclass(frozen=True, slots=True)
class Finding:
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


def _search_index_problem_in_a_copy(path: Path) -> str | None:
    """FTS5's integrity-check is a write, which a read-only file refuses; a copy in
    memory takes it instead."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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


def check_database(database: Database) -> list[Finding]:
    findings: list[Finding] = []
    with database.engine.connect() as connection:
        if database.engine.dialect.name == "sqlite":
            for (line,) in connection.execute(text("PRAGMA integrity_check")):
                if line != "ok":
                    findings.append(Finding("integrity", line))
            for row in connection.execute(text("PRAGMA foreign_key_check")):
                findings.append(
                    Finding("foreign keys", f"{row[0]} row {row[1]} refers to a missing {row[2]}")
                )
            search_ok = connection.execute(
                text("SELECT count(*) FROM sqlite_master WHERE name = 'search_index'")
            ).scalar()
            if search_ok:
                try:
                    connection.execute(
                        text(
                            "INSERT INTO search_index(search_index, rank) "
                            "VALUES ('integrity-check', 1)"
                        )
                    )
                except Exception as error:  # noqa: BLE001 - any failure is a finding
                    problem: str | None = str(error).splitlines()[0]
                    if "readonly" in str(error) and database.path is not None:
                        problem = _search_index_problem_in_a_copy(database.path)
                    if problem:
                        findings.append(Finding("search index", problem))
                connection.rollback()
        if database.engine.dialect.name == "postgresql":
            findings += [Finding(*finding) for finding in postgresql_findings(connection)]
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision != migrate.head_revision():
            findings.append(
                Finding("schema", f"schema {revision}, expected {migrate.head_revision()}")
            )
        for table, column, target in _REFERENCES:
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
                        f"{orphans} {table} row(s) refer to a missing {target} ({column})",
                    )
                )
        for table in (
            "nations",
            "people",
            "meetings",
            "attendance",
            "issues",
            "positions",
            "pledges",
            "questions",
        ):
            dupes = connection.execute(
                text(f"SELECT count(*) - count(DISTINCT uuid) FROM {table}")
            ).scalar()
            if dupes:
                findings.append(Finding("uuids", f"{dupes} duplicate UUID(s) in {table}"))
    return findings
