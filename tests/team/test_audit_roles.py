"""The audit trail records who wrote: the OS user, and on a server the database role."""

from __future__ import annotations

import getpass

from coalition_desk.services import records
from coalition_desk.store.engine import open_database
from tests.conftest import uuid_of
from tests.reliability.helpers import run_cli
from tests.unit.reports_helpers import column_letter, edit_workbook


def test_an_editors_write_is_audited_with_their_role_and_os_user(pg_database, tmp_path) -> None:
    assert run_cli("--db", pg_database, "init", "--demo").returncode == 0
    workbook, changed = tmp_path / "register.xlsx", tmp_path / "changed.xlsx"
    assert run_cli("--db", pg_database, "export", str(workbook)).returncode == 0
    # Roles are the whole cluster's: a name no other test uses.
    added = run_cli("--db", pg_database, "user", "add", "audited_ed", "--role", "editor")
    assert added.returncode == 0, added.stderr
    letter = column_letter(workbook, "Nations", "notes")
    edit_workbook(workbook, changed, {("Nations", f"{letter}2"): "Edited by ed"})
    as_ed = pg_database.replace("postgres@", "audited_ed@", 1)
    imported = run_cli("--db", as_ed, "import", str(changed))
    assert imported.returncode == 0, imported.stderr
    database = open_database(pg_database)
    try:
        with database.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT action, os_user, db_user, record_uuid FROM audit ORDER BY id"
            ).all()
    finally:
        database.dispose()
    creations = [row for row in rows if row[0] == "create"]
    assert creations and {row[2] for row in creations} == {"postgres"}
    updates = [row for row in rows if row[0] == "update"]
    assert len(updates) == 1
    assert updates[0][1:3] == (getpass.getuser(), "audited_ed")
    database = open_database(pg_database)
    try:
        trail = records.audit_trail(database, updates[0][3])
        assert trail[-1].db_user == "audited_ed"
    finally:
        database.dispose()


def test_on_a_register_file_the_role_stays_empty(demo_db, backend) -> None:
    trail = records.audit_trail(demo_db, uuid_of("nation", "POL"))
    expected = None if backend == "sqlite" else "postgres"
    assert trail and {entry.db_user for entry in trail} == {expected}
