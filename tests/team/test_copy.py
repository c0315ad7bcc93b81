"""copy: a whole register into an empty database, SQLite -> PostgreSQL -> SQLite,
losing nothing (records, UUIDs, timestamps, audit, settings)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coalition_desk.services import records, search, settings
from coalition_desk.services.team.copy import copied_tables
from coalition_desk.store.engine import Database, open_database
from tests.reliability.helpers import run_cli


def everything(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table, in id order, as Python values (dates as dates)."""
    with database.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(*table.columns).order_by(*table.primary_key.columns)
                )
            ]
            for table in copied_tables()
        }


def test_sqlite_to_postgresql_and_back_loses_nothing(tmp_path: Path, pg_database) -> None:
    laptop, back = tmp_path / "laptop.sqlite3", tmp_path / "back.sqlite3"
    assert run_cli("--db", str(laptop), "init", "--demo").returncode == 0
    original = open_database(laptop)
    settings.set_protective_marking(original, "NATO RESTRICTED")
    before = everything(original)
    hits = {(h.kind, h.uuid) for h in search.find(original, "Belarus troops")}
    original.dispose()
    assert before["audit"] and before["positions"] and hits

    up = run_cli("--db", str(laptop), "copy", pg_database)
    assert up.returncode == 0, up.stderr
    assert "Copied" in up.stdout and "audit entries" in up.stdout
    server = open_database(pg_database)
    try:
        assert everything(server) == before
        assert {(h.kind, h.uuid) for h in search.find(server, "Belarus troops")} == hits
        assert settings.protective_marking(server) == "NATO RESTRICTED"
    finally:
        server.dispose()
    assert run_cli("--db", pg_database, "check").returncode == 0

    down = run_cli("--db", pg_database, "copy", str(back))
    assert down.returncode == 0, down.stderr
    copy = open_database(back)
    try:
        assert everything(copy) == before
        assert {(h.kind, h.uuid) for h in search.find(copy, "Belarus troops")} == hits
    finally:
        copy.dispose()
    assert run_cli("--db", str(back), "check").returncode == 0


def test_a_copy_into_a_register_that_holds_records_is_refused(tmp_path, pg_database) -> None:
    laptop = tmp_path / "laptop.sqlite3"
    assert run_cli("--db", str(laptop), "init", "--demo").returncode == 0
    assert run_cli("--db", pg_database, "init", "--demo").returncode == 0
    server = open_database(pg_database)
    before = everything(server)
    server.dispose()
    refused = run_cli("--db", str(laptop), "copy", pg_database)
    assert refused.returncode == 2
    assert "only into an empty database" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    server = open_database(pg_database)
    try:
        assert everything(server) == before
    finally:
        server.dispose()


def test_new_records_on_the_copy_get_ids_after_the_copied_ones(tmp_path, pg_database) -> None:
    from coalition_desk.domain import records as rec
    from coalition_desk.services import crud

    laptop = tmp_path / "laptop.sqlite3"
    assert run_cli("--db", str(laptop), "init", "--demo").returncode == 0
    assert run_cli("--db", str(laptop), "copy", pg_database).returncode == 0
    server = open_database(pg_database)
    try:
        with server.session() as session:
            crud.create_in(session, rec.Nation(name="Iceland", code="ISL"), "test")
        assert [n.name for n in records.list_all(server, rec.Nation)].count("Iceland") == 1
    finally:
        server.dispose()
