"""user add/list/remove: PostgreSQL roles in reader/editor/admin groups, and what each
may do. The test server trusts loopback, so these users log in without a password."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy.exc import DBAPIError

from coalition_desk.services import settings
from coalition_desk.store.engine import open_database
from tests.reliability.helpers import child_env, run_cli
from tests.unit.reports_helpers import column_letter, edit_workbook


@pytest.fixture
def register(pg_database, tmp_path) -> tuple[str, object]:
    assert run_cli("--db", pg_database, "init", "--demo").returncode == 0
    workbook = tmp_path / "register.xlsx"
    assert run_cli("--db", pg_database, "export", str(workbook)).returncode == 0
    return pg_database, workbook


def as_user(url: str, user: str) -> str:
    return url.replace("postgres@", f"{user}@", 1)


def test_users_are_added_listed_and_removed(register) -> None:
    url, _workbook = register
    for name, role in (("ana_reader", "reader"), ("ed_editor", "editor"), ("al_admin", "admin")):
        added = run_cli("--db", url, "user", "add", name, "--role", role)
        assert added.returncode == 0, added.stderr
        assert f"Added {name} as {role}" in added.stdout
    listed = run_cli("--db", url, "user", "list")
    assert listed.stdout.split() == [
        "al_admin", "admin", "ana_reader", "reader", "ed_editor", "editor"
    ]
    again = run_cli("--db", url, "user", "add", "ana_reader", "--role", "editor")
    assert again.returncode == 2 and "already has a user ana_reader" in again.stderr
    assert run_cli("--db", url, "user", "remove", "ana_reader").returncode == 0
    assert "ana_reader" not in run_cli("--db", url, "user", "list").stdout
    bad = run_cli("--db", url, "user", "add", "Robert'); DROP", "--role", "reader")
    assert bad.returncode == 2 and "not a user name" in bad.stderr


def test_a_reader_makes_packs_but_every_write_is_refused(register, tmp_path) -> None:
    url, workbook = register
    assert run_cli("--db", url, "user", "add", "ana", "--role", "reader").returncode == 0
    reader = as_user(url, "ana")
    pack = run_cli("--db", reader, "pack", "2025-04-10", str(tmp_path / "pack.xlsx"))
    assert pack.returncode == 0, pack.stderr
    changed = tmp_path / "changed.xlsx"
    letter = column_letter(workbook, "Nations", "notes")
    edit_workbook(workbook, changed, {("Nations", f"{letter}2"): "Edited by a reader"})
    refused = run_cli("--db", reader, "import", str(changed))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    assert "user ana may not do that" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_an_editor_writes_records_but_not_the_registers_settings(register, tmp_path) -> None:
    url, workbook = register
    assert run_cli("--db", url, "user", "add", "ed", "--role", "editor").returncode == 0
    assert run_cli("--db", url, "user", "add", "al", "--role", "admin").returncode == 0
    edited = run_cli("--db", as_user(url, "ed"), "import", str(workbook))
    assert edited.returncode == 0, edited.stderr
    editor = open_database(as_user(url, "ed"))
    try:
        with pytest.raises(DBAPIError, match="permission denied"):
            settings.set_protective_marking(editor, "SECRET")
    finally:
        editor.dispose()
    admin = open_database(as_user(url, "al"))
    try:
        settings.set_protective_marking(admin, "NATO RESTRICTED")
        assert settings.protective_marking(admin) == "NATO RESTRICTED"
    finally:
        admin.dispose()
    by_admin = run_cli("--db", as_user(url, "al"), "user", "add", "newbie", "--role", "reader")
    assert by_admin.returncode == 0, by_admin.stderr
    by_editor = run_cli("--db", as_user(url, "ed"), "user", "add", "other", "--role", "reader")
    assert by_editor.returncode == 2 and "Traceback" not in by_editor.stderr


def test_a_password_is_sent_as_a_scram_verifier(register) -> None:
    url, _workbook = register
    added = subprocess.run(
        [sys.executable, "-m", "coalition_desk", "--db", url, "user", "add", "pw_user",
         "--role", "reader", "--password-stdin"],
        input="s3cret words\n", capture_output=True, text=True, timeout=120, env=child_env(),
    )
    assert added.returncode == 0, added.stderr
    database = open_database(url)
    try:
        with database.engine.connect() as connection:
            stored = connection.exec_driver_sql(
                "SELECT rolpassword FROM pg_authid WHERE rolname = 'pw_user'"
            ).scalar()
    finally:
        database.dispose()
    assert stored.startswith("SCRAM-SHA-256$") and "s3cret" not in stored


def test_users_are_for_a_server_register(tmp_path) -> None:
    db = tmp_path / "laptop.sqlite3"
    assert run_cli("--db", str(db), "init").returncode == 0
    result = run_cli("--db", str(db), "user", "list")
    assert result.returncode == 2 and "PostgreSQL server" in result.stderr
