"""``backup`` makes a consistent, checked copy while another copy keeps editing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coalition_desk.services.backup import make_backup
from coalition_desk.store.check import check_database
from coalition_desk.store.engine import open_database
from tests.reliability import big_register
from tests.reliability.helpers import run_cli, start_python, wait_for_line

pytestmark = pytest.mark.slow

# The window, editing without pause: each round one update and one new record, each
# its own transaction, as an officer's edits are.
EDITOR = """
    import datetime as dt, dataclasses, selectors, sys
    from coalition_desk.domain import records as rec
    from coalition_desk.services import records
    from coalition_desk.services.crud import Writer
    from coalition_desk.store.lock import open_for_writing

    database = open_for_writing(sys.argv[1], create=False)
    writer = Writer(database, origin="editor")
    nation = records.list_all(database, rec.Nation)[0]
    watch = selectors.DefaultSelector()
    watch.register(sys.stdin, selectors.EVENT_READ)
    number = 0
    while not watch.select(0):
        number += 1
        nation = writer.update(dataclasses.replace(nation, notes=f"edit {number}")).changes[0].after
        writer.create(rec.Question(text=f"question {number}", due_date=dt.date(2025, 5, 1)))
        if number == 20:
            print("editing", flush=True)
    database.dispose()
    print("stopped", number, flush=True)
"""


def committed_edits(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # One statement, one snapshot: the editor keeps committing between two queries.
        questions, audited = connection.execute(
            "SELECT (SELECT count(*) FROM questions WHERE text LIKE 'question %'),"
            " (SELECT count(*) FROM audit WHERE origin = 'editor' AND entity = 'question')"
        ).fetchone()
    finally:
        connection.close()
    assert questions == audited, f"{questions} questions but {audited} audit entries"
    return questions


def test_backups_taken_while_the_window_edits_pass_check(tmp_path: Path) -> None:
    register = tmp_path / "register.sqlite3"
    big_register.build(register, positions=3000)
    editor = start_python(EDITOR, str(register))
    try:
        wait_for_line(editor, "editing")
        for number in range(4):
            copy = tmp_path / f"backup-{number}.sqlite3"
            before = committed_edits(register)
            result = run_cli("--db", str(register), "backup", str(copy))
            assert result.returncode == 0, result.stderr
            after = committed_edits(register)
            assert after > before, "the editor must be writing while the backup runs"
            in_copy = committed_edits(copy)
            # Everything committed before the backup began is in it; nothing half-done is.
            assert before <= in_copy <= after
            checked = run_cli("--db", str(copy), "check")
            assert checked.returncode == 0, checked.stdout + checked.stderr
            database = open_database(copy, create=False, upgrade=False)
            try:
                assert check_database(database) == []
            finally:
                database.dispose()
    finally:
        out, err = editor.communicate("stop\n", timeout=120)
    assert editor.returncode == 0, err
    assert "stopped" in out


def test_an_online_backup_holds_every_edit_committed_before_it(tmp_path: Path) -> None:
    register = tmp_path / "register.sqlite3"
    big_register.build(register, positions=3000)
    editor = start_python(EDITOR, str(register))
    reader = open_database(register, read_only=True)
    try:
        wait_for_line(editor, "editing")
        for number in range(10):
            copy = tmp_path / f"backup-{number}.sqlite3"
            before = committed_edits(register)
            make_backup(reader, copy)
            after = committed_edits(register)
            in_copy = committed_edits(copy)
            assert before <= in_copy <= after
    finally:
        reader.dispose()
        _out, err = editor.communicate("stop\n", timeout=120)
    assert editor.returncode == 0, err
