"""Registers changed behind the program's back (issue 14, findings 6, 7 and 8).

Each case is the demo register with one thing broken by hand, as a hostile colleague or
a faulty disk would: ``check`` names it (exit 1, no traceback) and every command that
reads the register refuses with one line (exit 2) and changes nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.helpers import fingerprint, run_cli

PAGE = 4096


def _damage_pages_of(*tables: str, first: int = 1, step: int = 3) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        connection = sqlite3.connect(path)
        try:
            marks = ",".join("?" * len(tables))
            pages = [page for (page,) in connection.execute(
                f"SELECT pageno FROM dbstat WHERE name IN ({marks}) ORDER BY pageno",
                tables)]
        finally:
            connection.close()
        data = bytearray(path.read_bytes())
        for page in pages[first::step]:
            start = (page - 1) * PAGE
            data[start + 10 : start + 300] = b"\xde\xad" * 145
        path.write_bytes(bytes(data))

    return damage


# Pages of the bulkiest tables (the audit trail and the search index), as a failing disk
# would hit them: the register can still be shown read-only.
_damage_pages = _damage_pages_of("audit", "search_index_data")
# The index every opening reads the settings through (the key that says "Coalition
# Desk"): the register cannot be shown, and must be called damaged, never "another
# program's database".
_damage_settings_pages = _damage_pages_of("sqlite_autoindex_settings_1", first=0, step=1)


def _sql(*statements: str) -> Callable[[Path], None]:
    def tamper(path: Path) -> None:
        connection = sqlite3.connect(path)
        try:
            connection.execute("PRAGMA foreign_keys=OFF")
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        finally:
            connection.close()

    return tamper


FIRST_ISSUE = "(SELECT min(id) FROM issues)"
# case: (tamper, what check must say)
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "damaged pages": (_damage_pages, "integrity: "),
    "damaged settings pages": (_damage_settings_pages, "integrity: "),
    "dropped table": (_sql("DROP TABLE pledges"), "the table pledges is missing"),
    "dropped audit table": (_sql("DROP TABLE audit"), "the table audit is missing"),
    "dropped search trigger": (
        _sql("DROP TRIGGER nations_search_update"),
        "the trigger nations_search_update is missing",
    ),
    "broken stance JSON": (
        _sql(f"UPDATE issues SET stances = '{{not json' WHERE id = {FIRST_ISSUE}"),
        "stances something that is not a JSON list",
    ),
    "text in a date column": (
        _sql("UPDATE meetings SET date = 'next spring' WHERE id = (SELECT min(id) FROM meetings)"),
        "meetings row(s) hold in date something that is not a date",
    ),
    "unknown enum value": (
        _sql("UPDATE nations SET role = 'overlord' WHERE id = (SELECT min(id) FROM nations)"),
        "nations row(s) hold in role something that is not one of lead",
    ),
}


@pytest.fixture(params=sorted(CASES))
def tampered(request, sound, tmp_path) -> tuple[Path, str]:
    tamper, expected = CASES[request.param]
    path = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], path)
    tamper(path)
    return path, expected


def _one_clear_line(result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coalition-desk: "), result.stderr


def test_check_lists_what_was_tampered_with(tampered) -> None:
    path, expected = tampered
    result = run_cli("--db", str(path), "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert expected in result.stdout


def test_check_names_a_few_damaged_places_and_counts_the_rest(tmp_path, sound) -> None:
    path = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], path)
    data = bytearray(path.read_bytes())
    for page in range(3, len(data) // PAGE, 3):  # every third page, as a failing disk
        data[page * PAGE + 10 : page * PAGE + 300] = b"\xde\xad" * 145
    path.write_bytes(bytes(data))
    result = run_cli("--db", str(path), "check")
    assert result.returncode == 1, result.stdout + result.stderr
    integrity = [line for line in result.stdout.splitlines() if line.startswith("integrity: ")]
    assert 2 <= len(integrity) <= 6, result.stdout
    assert "more damaged places" in integrity[-1] and "restore the latest backup" in integrity[-1]


def test_export_refuses_with_one_line(tampered, tmp_path) -> None:
    path, _expected = tampered
    before = fingerprint(path)
    result = run_cli("--db", str(path), "export", str(tmp_path / "out.xlsx"))
    assert result.returncode == 2, result.stdout + result.stderr
    _one_clear_line(result)
    assert not (tmp_path / "out.xlsx").exists()
    assert fingerprint(path) == before


def test_pack_refuses_with_one_line(tampered, tmp_path) -> None:
    path, _expected = tampered
    result = run_cli("--db", str(path), "pack", "2025-04-10", str(tmp_path / "pack.xlsx"))
    assert result.returncode == 2, result.stdout + result.stderr
    _one_clear_line(result)
    assert not (tmp_path / "pack.xlsx").exists()


def test_import_refuses_with_one_line_and_changes_nothing(tampered, sound) -> None:
    path, _expected = tampered
    before = fingerprint(path)
    result = run_cli("--db", str(path), "import", str(sound[1]))
    assert result.returncode == 2, result.stdout + result.stderr
    _one_clear_line(result)
    assert fingerprint(path) == before


def test_backup_refuses_with_one_line_and_leaves_no_copy(tampered, tmp_path) -> None:
    path, _expected = tampered
    destination = tmp_path / "copy.sqlite3"
    result = run_cli("--db", str(path), "backup", str(destination))
    assert result.returncode == 2, result.stdout + result.stderr
    _one_clear_line(result)
    assert "check" in result.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("copy")]
    assert leftovers == [], leftovers


# The window: never opened for writing; read-only with a dialog when it can be shown.
SHOWN_READ_ONLY = {"damaged pages", "dropped audit table", "dropped search trigger"}


@pytest.mark.gui
def test_the_window_never_opens_a_tampered_register_for_writing(
    tampered, monkeypatch, qapp, request
) -> None:
    from coalition_desk.store.lock import lock_path_for
    from coalition_desk.ui import app as app_module

    path, _expected = tampered
    case = request.node.callspec.params["tampered"]
    told: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(app_module, "show_error", lambda _p, e: told.append(("refused", e)))
    monkeypatch.setattr(
        app_module, "show_opened_read_only", lambda _p, e: told.append(("read-only", e))
    )
    before = fingerprint(path)
    database = app_module.open_with_dialogs(path)
    try:
        assert len(told) == 1, told
        kind, error = told[0]
        assert "damaged" in str(error)
        if case in SHOWN_READ_ONLY:
            assert kind == "read-only" and database is not None and database.read_only
        else:
            assert kind == "refused" and database is None
    finally:
        if database is not None:
            database.dispose()
    assert fingerprint(path) == before
    assert not lock_path_for(path).exists()


def test_the_window_opens_a_sound_register_for_writing_without_a_dialog(
    sound, tmp_path, monkeypatch, qapp
) -> None:
    from coalition_desk.ui import app as app_module

    path = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], path)
    monkeypatch.setattr(app_module, "show_error", lambda *_: pytest.fail("a dialog"))
    monkeypatch.setattr(app_module, "show_opened_read_only", lambda *_: pytest.fail("a dialog"))
    database = app_module.open_with_dialogs(path)
    assert database is not None and not database.read_only
    database.dispose()
