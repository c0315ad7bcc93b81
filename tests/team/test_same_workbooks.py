"""On PostgreSQL, init --demo, check, pack and export give the workbooks SQLite gives."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import load_workbook

from tests.reliability.helpers import run_cli

# What differs between two runs by design: when each register and workbook was made.
_TODAY = dt.datetime.now(dt.UTC).date()
_STAMP = re.compile(rf"{_TODAY.isoformat()}[ T]\d\d:\d\d(:\d\d)?|{_TODAY:%d %b %Y}")


def _masked(value: object) -> object:
    if isinstance(value, dt.datetime) and abs((value.date() - _TODAY).days) <= 1:
        return "<made today>"
    if isinstance(value, str):
        return _STAMP.sub("<made today>", value)
    return value


def _row(row: tuple) -> tuple:
    if row and row[0] in ("From database", "source"):  # the file, or the server
        return (row[0], "<where>", *row[2:])
    if row and row[0] == "register_id":  # each register is born with its own id
        return (row[0], "<register id>", *row[2:])
    return tuple(_masked(v) for v in row)


def _sheet(rows: list[tuple]) -> list[tuple]:
    # A record's revisions are random state ids drawn by the register that wrote it (the
    # merge's common base), so two registers making the same records differ there alone.
    header = rows[0] if rows else ()
    drawn = {i for i, title in enumerate(header) if title == "revisions"}
    return [header, *(tuple("<drawn>" if i in drawn and v else v for i, v in enumerate(row))
                      for row in rows[1:])]


def audit_roles(sheets: dict[str, list[tuple]]) -> set[object]:
    """The Audit sheet's database roles, then masked: a server records the role that
    wrote (session_user), a register file has none; everything else must be equal."""
    rows = sheets["Audit"]
    column = rows[0].index("db_user")
    entries = [row for row in rows[1:] if len(row) > column and row[5]]
    sheets["Audit"] = [rows[0], *(
        (*row[:column], "<role>", *row[column + 1:]) if row in entries else row
        for row in rows[1:]
    )]
    return {row[column] for row in entries}


def contents(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path)
    try:
        return {
            sheet.title: _sheet([_row(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in book.worksheets
        }
    finally:
        book.close()


def make_workbooks(target: str, folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    assert run_cli("--db", target, "init", "--demo").returncode == 0
    checked = run_cli("--db", target, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    pack, export = folder / "pack.xlsx", folder / "register.xlsx"
    made = run_cli("--db", target, "pack", "2025-04-10", str(pack))
    assert made.returncode == 0, made.stderr
    exported = run_cli("--db", target, "export", str(export))
    assert exported.returncode == 0, exported.stderr
    return pack, export


def test_pack_and_export_are_the_same_on_both_backends(tmp_path, pg_database) -> None:
    sqlite_pack, sqlite_export = make_workbooks(str(tmp_path / "r.sqlite3"), tmp_path / "sqlite")
    pg_pack, pg_export = make_workbooks(pg_database, tmp_path / "postgresql")
    on_sqlite, on_pg = contents(sqlite_pack), contents(pg_pack)
    assert list(on_pg) == list(on_sqlite)
    for sheet in on_sqlite:
        assert on_pg[sheet] == on_sqlite[sheet], sheet
    on_sqlite, on_pg = contents(sqlite_export), contents(pg_export)
    assert list(on_pg) == list(on_sqlite)
    assert len(on_sqlite["Audit"]) > 50
    assert audit_roles(on_sqlite) == {None}
    assert audit_roles(on_pg) == {"postgres"}  # the test server's role made the demo
    for sheet in on_sqlite:
        assert on_pg[sheet] == on_sqlite[sheet], sheet


def test_an_export_imports_into_a_server_and_exports_the_same(tmp_path, pg_database) -> None:
    _pack, export = make_workbooks(str(tmp_path / "r.sqlite3"), tmp_path / "sqlite")
    imported = run_cli("--db", pg_database, "import", str(export))
    assert imported.returncode == 0, imported.stderr
    assert "Nations: 10 added" in imported.stdout
    again = tmp_path / "again.xlsx"
    assert run_cli("--db", pg_database, "export", str(again)).returncode == 0
    first, second = contents(export), contents(again)
    for sheet in first:
        if sheet != "Audit":  # the import writes its own audit entries
            assert second[sheet] == first[sheet], sheet


def test_backup_of_a_server_register_is_a_checked_register_file(tmp_path, pg_database) -> None:
    assert run_cli("--db", pg_database, "init", "--demo").returncode == 0
    backup = tmp_path / "backup.sqlite3"
    done = run_cli("--db", pg_database, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert run_cli("--db", str(backup), "check").returncode == 0
    _pack, from_backup = make_workbooks_of(str(backup), tmp_path / "b")
    _pack, from_server = make_workbooks_of(pg_database, tmp_path / "s")
    assert contents(from_backup) == contents(from_server)


def make_workbooks_of(target: str, folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    pack, export = folder / "pack.xlsx", folder / "register.xlsx"
    assert run_cli("--db", target, "pack", "2025-04-10", str(pack)).returncode == 0
    assert run_cli("--db", target, "export", str(export)).returncode == 0
    return pack, export
