"""The -shm deleted while the register is open (issue 14, finding 12).

Each program then had its own -shm: backups and exports said "done" and missed the
window's latest commits. The writer now stops at its next transaction and says to reopen;
backup and export check that the -shm knows every commit in the -wal.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.lock import open_for_writing
from coalition_desk.store.sqlite.wal_index import ShmLost, commits_the_index_misses
from tests.reliability.helpers import run_cli, start_python, wait_for_line


@pytest.fixture
def register(tmp_path, sound) -> Path:
    path = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], path)
    return path


def test_the_writer_stops_and_says_reopen_when_its_shm_is_deleted(register: Path) -> None:
    database = open_for_writing(register)
    try:
        writer = Writer(database, origin="test")
        writer.create(rec.Nation(name="Before", code="BEF"))
        os.unlink(f"{register}-shm")
        with pytest.raises(ShmLost, match="open it again"):
            writer.create(rec.Nation(name="After", code="AFT"))
    finally:
        database.dispose()
    database = open_for_writing(register)
    try:
        names = {nation.name for nation in records.list_all(database, rec.Nation)}
        assert "Before" in names and "After" not in names
        Writer(database, origin="test").create(rec.Nation(name="Reopened", code="REO"))
    finally:
        database.dispose()


# A writer that does not watch its -shm (an older Coalition Desk, another SQLite tool).
RAW_WRITER = """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    for line in sys.stdin:
        code = line.strip()
        connection.execute(
            "INSERT INTO settings(key, value) VALUES (?, 'x')", (f"probe-{code}",)
        )
        print("wrote", flush=True)
"""
HOLDING_READER = """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1])
    connection.execute("SELECT count(*) FROM settings").fetchone()
    print("reading", flush=True)
    sys.stdin.readline()
"""


def test_backup_and_export_refuse_a_copy_that_would_miss_commits(register, tmp_path) -> None:
    writer = start_python(RAW_WRITER, str(register))
    reader = None
    try:
        assert writer.stdin is not None
        writer.stdin.write("before\n")
        writer.stdin.flush()
        wait_for_line(writer, "wrote")
        os.unlink(f"{register}-shm")
        reader = start_python(HOLDING_READER, str(register))  # makes a new -shm
        wait_for_line(reader, "reading")
        writer.stdin.write("after\n")
        writer.stdin.flush()
        wait_for_line(writer, "wrote")
        assert commits_the_index_misses(register) > 0

        backup = run_cli("--db", str(register), "backup", str(tmp_path / "copy.sqlite3"))
        assert backup.returncode == 2, backup.stdout + backup.stderr
        assert "miss" in backup.stderr and "Traceback" not in backup.stderr
        assert not list(tmp_path.glob("copy*"))
        export = run_cli("--db", str(register), "export", str(tmp_path / "out.xlsx"))
        assert export.returncode == 2, export.stdout + export.stderr
        assert "miss" in export.stderr
        assert not (tmp_path / "out.xlsx").exists()
    finally:
        for process in (writer, reader):
            if process is not None:
                process.kill()
                process.communicate(timeout=30)


def test_a_sound_register_open_elsewhere_misses_nothing(register, tmp_path) -> None:
    database = open_for_writing(register)
    try:
        Writer(database, origin="test").create(rec.Nation(name="Fresh", code="FRE"))
        assert commits_the_index_misses(register) == 0
        result = run_cli("--db", str(register), "backup", str(tmp_path / "copy.sqlite3"))
        assert result.returncode == 0, result.stderr
    finally:
        database.dispose()
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("SELECT count(*) FROM nations WHERE code = 'FRE'").fetchone() == (1,)
