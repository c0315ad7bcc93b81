"""Connecting to a register on a PostgreSQL server as an officer does, and every way it
fails: one clear line on the command line (exit 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from coalition_desk.services import records
from coalition_desk.store.engine import explain_database_error, open_database
from coalition_desk.store.server_errors import ConnectionLost
from tests import pg_server as pg
from tests.reliability.helpers import run_cli
from tests.team.conftest import OFFICER, OFFICER_PASSWORD


def one_line_failure(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def pgpass(tmp_path: Path, server: pg.TestServer, password: str) -> Path:
    path = tmp_path / "pgpass"
    path.write_text(f"127.0.0.1:{server.port}:*:{OFFICER}:{password}\n")
    path.chmod(0o600)  # libpq ignores a password file others can read
    return path


def test_init_demo_and_check_on_a_server(pg_database) -> None:
    created = run_cli("--db", pg_database, "init", "--demo")
    assert created.returncode == 0, created.stderr
    assert "Created the demo scenario" in created.stdout
    checked = run_cli("--db", pg_database, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no problems found" in checked.stdout
    again = run_cli("--db", pg_database, "init", "--demo")
    assert "refuses a non-empty database" in one_line_failure(again)


def test_a_server_that_is_down_gets_one_line(tmp_path) -> None:
    port = pg.free_port()  # nothing listens there
    pg.allow_port(port)  # the guard would refuse it before libpq even tried
    try:
        result = run_cli("--db", f"postgresql+psycopg://desk@127.0.0.1:{port}/desk", "check")
    finally:
        pg.forbid_port(port)
    line = one_line_failure(result)
    assert f"Cannot reach database desk on 127.0.0.1:{port}" in line
    assert "Connection refused" in line


def test_an_unknown_database_gets_one_line(pg_server) -> None:
    result = run_cli("--db", pg_server.url("no_such_register"), "init")
    assert "no_such_register" in one_line_failure(result)
    assert "does not exist" in result.stderr


def test_a_register_of_a_newer_schema_is_refused_untouched(pg_database) -> None:
    assert run_cli("--db", pg_database, "init").returncode == 0
    database = open_database(pg_database)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    database.dispose()
    line = one_line_failure(run_cli("--db", pg_database, "init", "--demo"))
    assert "newer version of Coalition Desk (schema 9999_future)" in line
    engine = create_engine(pg_database)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM nations").scalar() == 0
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
                ("9999_future",)
            ]
    finally:
        engine.dispose()


def test_a_connection_lost_mid_work_is_explained_and_the_next_one_works(pg_demo_db) -> None:
    demo_db = pg_demo_db
    with demo_db.engine.connect() as victim:
        pid = victim.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with demo_db.engine.connect() as admin:
            admin.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        with pytest.raises(DBAPIError) as raised:
            victim.exec_driver_sql("SELECT count(*) FROM nations").scalar()
    problem = explain_database_error(raised.value, demo_db.url.render_as_string(False))
    assert isinstance(problem, ConnectionLost)
    assert "was lost" in str(problem) and "\n" not in str(problem)
    assert not records.is_empty(demo_db)  # the pool reconnects for the next piece of work


def test_a_password_comes_from_pgpassfile_never_from_the_address(secured_server, tmp_path) -> None:
    url = secured_server.officer_url(sslmode="verify-full", sslrootcert=str(secured_server.ca_cert))
    missing = run_cli("--db", url, "init", PGPASSFILE=str(tmp_path / "none"))
    assert "asks a password for user officer" in one_line_failure(missing)
    wrong = run_cli("--db", url, "init", PGPASSFILE=str(pgpass(tmp_path, secured_server.server,
                                                                "wrong")))
    assert "wrong password" in one_line_failure(wrong)
    good = pgpass(tmp_path, secured_server.server, OFFICER_PASSWORD)
    created = run_cli("--db", url, "init", "--demo", PGPASSFILE=str(good))
    assert created.returncode == 0, created.stderr
    assert OFFICER_PASSWORD not in created.stdout + created.stderr
    checked = run_cli("--db", url, "check", PGPASSFILE=str(good))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_tls_verify_full_against_the_ca_and_refused_against_another(
    secured_server, tmp_path
) -> None:
    good = pgpass(tmp_path, secured_server.server, OFFICER_PASSWORD)
    trusted = secured_server.officer_url(
        sslmode="verify-full", sslrootcert=str(secured_server.ca_cert)
    )
    result = run_cli("--db", trusted, "check", PGPASSFILE=str(good))
    assert result.returncode in (0, 1), result.stderr  # it connected, over TLS
    database = open_database(trusted.replace("?", "?passfile=" + str(good) + "&"), upgrade=False)
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
            ).scalar() is True
    finally:
        database.dispose()
    untrusted = secured_server.officer_url(
        sslmode="verify-full", sslrootcert=str(secured_server.other_ca_cert)
    )
    line = one_line_failure(run_cli("--db", untrusted, "check", PGPASSFILE=str(good)))
    assert "No secure connection" in line and "certificate verify failed" in line


def test_a_libpq_service_name_holds_everything_but_the_password(secured_server, tmp_path) -> None:
    server = secured_server.server
    services = tmp_path / "pg_service.conf"
    services.write_text(
        "[desk]\n"
        f"host=127.0.0.1\nport={server.port}\ndbname={secured_server.database}\n"
        f"user={OFFICER}\nsslmode=verify-full\nsslrootcert={secured_server.ca_cert}\n"
    )
    env = {"PGSERVICEFILE": str(services),
           "PGPASSFILE": str(pgpass(tmp_path, server, OFFICER_PASSWORD))}
    result = run_cli("--db", "service=desk", "check", **env)
    assert result.returncode in (0, 1), result.stderr
    assert "the register of service 'desk'" in result.stdout + result.stderr
    unknown = run_cli("--db", "service=nosuch", "check", **env)
    assert "nosuch" in one_line_failure(unknown)


def test_check_on_a_server_uses_postgresqls_own_checks(pg_demo_db) -> None:
    from coalition_desk.store.check import check_database

    assert check_database(pg_demo_db) == []
    with pg_demo_db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
        connection.exec_driver_sql("ALTER TABLE positions DISABLE TRIGGER positions_search")
        connection.exec_driver_sql("UPDATE positions SET quote = quote || ' (edited)'")
        connection.exec_driver_sql("DELETE FROM search_index WHERE kind = 'nation'")
    found = {(f.check, f.message.split(" ")[0]) for f in check_database(pg_demo_db)}
    assert ("triggers", "trigger") in found
    assert any(check == "search index" and "nations" in str(f) for f in
               check_database(pg_demo_db) for check in [f.check])
    assert len(check_database(pg_demo_db)) == 2  # amcheck finds the B-trees sound
