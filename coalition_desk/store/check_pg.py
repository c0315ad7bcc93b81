"""PostgreSQL's own checks, where SQLite's pragmas (integrity_check, foreign_key_check,
the FTS5 integrity-check) do not apply.

The server keeps its pages and foreign keys itself; what can still go wrong is what a
failed or interrupted administration leaves behind: an index left invalid, a constraint
never validated, a trigger switched off (then the search index falls behind), the search
index out of step with the records. With the amcheck extension installed (by the
administrator: CREATE EXTENSION amcheck) every B-tree index is verified too.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from coalition_desk.store import fulltext

_IN_SCHEMA = "n.nspname = current_schema()"
# What an interrupted administration leaves behind, each found by one catalogue query:
# (area, query of (name, table), what the officer reads).
CATALOGUE_FINDINGS: tuple[tuple[str, str, str], ...] = (
    (
        "indexes",
        "SELECT c.relname, t.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE NOT i.indisvalid AND {_IN_SCHEMA}",
        "index {name} on {table} is invalid; REINDEX it",
    ),
    (
        "constraints",
        "SELECT con.conname, c.relname FROM pg_constraint con "
        "JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE NOT con.convalidated AND {_IN_SCHEMA}",
        "constraint {name} on {table} was never validated",
    ),
    (
        "triggers",
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE NOT t.tgisinternal AND t.tgenabled = 'D' AND {_IN_SCHEMA}",
        "trigger {name} on {table} is disabled",
    ),
)


def postgresql_findings(connection: Connection) -> list[tuple[str, str]]:
    findings = [
        (area, message.format(name=name, table=table))
        for area, query, message in CATALOGUE_FINDINGS
        for name, table in connection.execute(text(query))
    ]
    findings += _search_index_findings(connection)
    findings += _amcheck_findings(connection)
    return findings


def _search_index_findings(connection: Connection) -> list[tuple[str, str]]:
    present = connection.execute(text("SELECT to_regclass('search_index') IS NOT NULL")).scalar()
    if not present:
        return [("search index", "the search index is missing")]
    findings = []
    for kind, table, block in fulltext.indexed_tables():
        missing = connection.execute(
            text(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM search_index s "
                f"WHERE s.id = {block} * {fulltext.ROWID_BLOCK}::bigint + t.id "
                "AND s.uuid = t.uuid)"
            )
        ).scalar()
        extra = connection.execute(
            text(
                f"SELECT count(*) FROM search_index s WHERE s.kind = '{kind}' AND NOT EXISTS "
                f"(SELECT 1 FROM {table} t WHERE s.id = {block} * {fulltext.ROWID_BLOCK}::bigint "
                "+ t.id)"
            )
        ).scalar()
        if missing:
            findings.append(("search index", f"{missing} {table} row(s) are not in the index"))
        if extra:
            findings.append(("search index", f"{extra} index entries point at no {table} row"))
    return findings


def _amcheck_findings(connection: Connection) -> list[tuple[str, str]]:
    installed = connection.execute(
        text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
    ).scalar()
    if not installed:
        return []
    findings = []
    indexes = connection.execute(
        text(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE am.amname = 'btree' AND i.indisvalid AND n.nspname = current_schema()"
        )
    ).scalars()
    for name in list(indexes):
        try:
            with connection.begin_nested():
                connection.execute(text("SELECT bt_index_check(CAST(:n AS regclass))"), {"n": name})
        except Exception as error:  # noqa: BLE001 - any failure is a finding
            findings.append(("indexes", f"{name}: {str(error).splitlines()[0]}"))
    return findings
