"""Every change, whatever made it, leaves who, when, and the values before and after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports.export import export_register
from coalition_desk.reports.importer import import_register
from coalition_desk.services import records
from coalition_desk.store.engine import open_database
from tests.reliability.helpers import run_cli

TABLES = (
    "nations",
    "people",
    "meetings",
    "attendance",
    "issues",
    "positions",
    "pledges",
    "questions",
)


def audit_rows(path: Path) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT record_uuid, action, origin, os_user, at, before, after FROM audit"
        ).fetchall()
    finally:
        connection.close()


def every_uuid(path: Path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {u for t in TABLES for (u,) in connection.execute(f"SELECT uuid FROM {t}")}
    finally:
        connection.close()


def test_the_command_line_demo_is_audited_record_by_record(tmp_path) -> None:
    path = tmp_path / "register.sqlite3"
    assert run_cli("--db", str(path), "init", "--demo").returncode == 0
    created = {row[0] for row in audit_rows(path) if row[1] == "create"}
    assert created == every_uuid(path)
    for _uuid, _action, origin, user, at, before, after in audit_rows(path):
        assert origin == "cli" and user and at and before is None and after


def test_an_import_is_audited_with_before_and_after(demo_db, tmp_path) -> None:
    workbook = tmp_path / "register.xlsx"
    export_register(demo_db, workbook)
    empty = open_database(tmp_path / "empty.sqlite3")
    try:
        assert import_register(empty, workbook, origin="import").ok
        created = {row[0] for row in audit_rows(empty.path) if row[1] == "create"}
        assert created == every_uuid(empty.path)
        nation = records.list_all(empty, rec.Nation)[0]
        book = load_workbook(workbook)
        sheet = book["Nations"]
        headers = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[headers.index("uuid")].value == nation.uuid:
                row[headers.index("notes")].value = "Changed by the partner staff."
        book.save(workbook)
        assert import_register(empty, workbook, origin="import").ok
        trail = records.audit_trail(empty, nation.uuid)
    finally:
        empty.dispose()
    update = trail[-1]
    assert (update.action, update.origin) == ("update", "import")
    assert update.os_user and update.at
    assert update.before["notes"] == nation.notes
    assert update.after["notes"] == "Changed by the partner staff."


def test_the_register_export_carries_the_audit(demo_db, tmp_path, backend) -> None:
    workbook = tmp_path / "register.xlsx"
    export_register(demo_db, workbook)
    book = load_workbook(workbook, read_only=True)
    try:
        rows = list(book["Audit"].iter_rows(values_only=True))
    finally:
        book.close()  # an unclosed read-only book fails a later test with a ResourceWarning
    assert rows[0][:6] == ("at", "os_user", "db_user", "action", "entity", "record_uuid")
    entries = [row for row in rows[1:] if len(row) > 5 and row[5]]
    exported = {(row[5], row[3]) for row in entries}
    # Who wrote: on a server the database role beside the OS user; a file has no roles.
    assert {row[2] for row in entries} == ({None} if backend == "sqlite" else {"postgres"})
    with demo_db.engine.connect() as connection:
        audit = connection.exec_driver_sql("SELECT record_uuid, action FROM audit").all()
    stored = {(uuid, action) for uuid, action in audit}
    assert exported == stored and len(stored) == len(audit)
