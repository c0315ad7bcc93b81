"""A copy of the main file alone (issue 14, finding 15).

Officers copy registers with the file manager. SQLite keeps fresh commits in the -wal
beside the file, so such a copy silently missed them. Bulk work and closing fold the
-wal into the main file; the help names ``backup`` as the way to copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from coalition_desk.domain import records as rec
from coalition_desk.reports.importer import import_register
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database
from coalition_desk.store.lock import open_for_writing
from tests.reliability.big_register import extra_positions
from tests.reliability.helpers import run_cli, start_python, wait_for_line


def _main_file_only(register: Path, folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(register, folder / register.name)  # the -wal stays behind
    return folder / register.name


def _count(path: Path, record_type: type) -> int:
    database = open_database(path, read_only=True, create=False, upgrade=False)
    try:
        return len(records.list_all(database, record_type))
    finally:
        database.dispose()


def test_an_import_is_in_the_main_file_while_the_register_is_still_open(tmp_path, sound):
    register = tmp_path / "register.sqlite3"
    database = open_for_writing(register)
    try:
        report = import_register(database, sound[1], origin="test")
        assert report.ok and report.committed
        copy = _main_file_only(register, tmp_path / "copy")
    finally:
        database.dispose()
    assert _count(copy, rec.Nation) == _count(sound[0], rec.Nation)
    assert _count(copy, rec.Position) == _count(sound[0], rec.Position)


def test_a_bulk_edit_is_in_the_main_file_at_once(tmp_path, sound):
    register = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], register)
    positions = extra_positions(register, 800)
    database = open_for_writing(register)
    try:
        changes = rec.ChangeSet(
            tuple(rec.Change("position", "create", p.uuid, None, p) for p in positions)
        )
        Writer(database, origin="test").apply(changes)
        copy = _main_file_only(register, tmp_path / "copy")
    finally:
        database.dispose()
    assert _count(copy, rec.Position) == _count(sound[0], rec.Position) + 800


READER = """
    import sys, sqlite3
    connection = sqlite3.connect(sys.argv[1])
    connection.execute("SELECT count(*) FROM nations").fetchone()
    print("reading", flush=True)
    sys.stdin.readline()
"""


def test_closing_folds_the_last_edits_in_even_beside_another_reader(tmp_path, sound):
    register = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], register)
    reader = start_python(READER, str(register))  # keeps SQLite from checkpointing on close
    try:
        wait_for_line(reader, "reading")
        database = open_for_writing(register)
        nation = rec.Nation(name="Atlantis", code="ATL", kind="state", role="observer")
        Writer(database, origin="test").create(nation)
        database.dispose()
        copy = _main_file_only(register, tmp_path / "copy")
    finally:
        reader.kill()
        reader.communicate(timeout=30)
    assert _count(copy, rec.Nation) == _count(sound[0], rec.Nation) + 1


def test_the_help_says_backup_is_the_way_to_copy() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "backup" in result.stdout and "copy" in result.stdout
    assert "-wal" in result.stdout or "recent edits" in result.stdout
