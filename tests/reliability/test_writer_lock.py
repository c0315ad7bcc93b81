"""Never two writers on one register; a crashed writer never leaves it locked."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from coalition_desk.services import records
from coalition_desk.store import lock as lock_module
from coalition_desk.store.engine import open_database
from coalition_desk.store.errors import DatabaseReadOnly
from coalition_desk.store.lock import (
    DatabaseInUse,
    LockHolder,
    WriterLock,
    lock_path_for,
    open_for_writing,
)
from tests.reliability.helpers import (
    another_writer,
    fingerprint,
    run_cli,
    start_python,
    wait_for_line,
)


@pytest.fixture
def holder(db_path: Path):
    """Another copy of Coalition Desk with the register open for writing."""
    open_database(db_path).dispose()
    with another_writer(db_path) as process:
        yield process


def test_a_second_writer_in_this_process_is_refused(db_path: Path) -> None:
    first = open_for_writing(db_path)
    try:
        with pytest.raises(DatabaseInUse, match="open for writing in another copy") as refused:
            open_for_writing(db_path)
        assert refused.value.holder is not None
        assert refused.value.holder.pid == os.getpid()
    finally:
        first.dispose()
    open_for_writing(db_path).dispose()  # free again once the first has let go
    assert not lock_path_for(db_path).exists()


def test_a_second_copy_of_the_app_is_refused_and_changes_nothing(holder, db_path: Path) -> None:
    before = fingerprint(db_path)
    result = run_cli("--db", str(db_path), "init", "--demo")
    assert result.returncode == 2, result.stderr
    assert "open for writing in another copy of Coalition Desk" in result.stderr
    assert f"process {holder.pid}" in result.stderr
    assert "Traceback" not in result.stderr
    assert fingerprint(db_path) == before


def test_the_second_copy_can_still_read_while_the_first_writes(holder, db_path: Path) -> None:
    reader = open_database(db_path, read_only=True)
    try:
        assert records.is_empty(reader)
    finally:
        reader.dispose()
    assert run_cli("--db", str(db_path), "check").returncode == 0


def test_a_killed_writer_leaves_no_lock_behind(holder, db_path: Path) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    stale = lock_path_for(db_path)
    assert stale.exists(), "the killed writer had no chance to clean up"
    assert LockHolder.decode(stale.read_bytes()).pid == holder.pid  # type: ignore[union-attr]
    result = run_cli("--db", str(db_path), "init", "--demo")
    assert result.returncode == 0, result.stderr


def test_the_first_writer_releasing_lets_the_next_one_in(holder, db_path: Path) -> None:
    assert holder.stdin is not None
    holder.stdin.write("\n")
    holder.stdin.flush()
    wait_for_line(holder, "released")
    assert run_cli("--db", str(db_path), "init").returncode == 0


def _write_foreign_holder(db_path: Path, pid: int, host: str) -> None:
    holder = LockHolder(pid=pid, host=host, user="someone", since="2025-04-10T09:00:00+00:00")
    lock_path_for(db_path).write_bytes(holder.encode())


def test_a_lock_file_left_by_a_dead_process_is_taken_over(db_path: Path) -> None:
    dead = start_python("pass")
    dead.communicate(timeout=30)
    _write_foreign_holder(db_path, dead.pid, socket.gethostname())
    open_for_writing(db_path).dispose()


def test_without_os_locks_the_holder_on_file_decides(db_path: Path, monkeypatch) -> None:
    # Some network shares offer no file locks: the PID/host written in the file decides.
    monkeypatch.setattr(lock_module, "_os_lock", lambda _fd: None)
    dead = start_python("pass")
    dead.communicate(timeout=30)
    _write_foreign_holder(db_path, dead.pid, socket.gethostname())
    open_for_writing(db_path).dispose()  # stale: its process is gone

    alive = start_python("import sys; sys.stdin.readline()")
    try:
        _write_foreign_holder(db_path, alive.pid, socket.gethostname())
        with pytest.raises(DatabaseInUse, match=f"process {alive.pid}"):
            open_for_writing(db_path)
        _write_foreign_holder(db_path, 4242, "another-laptop")  # cannot tell: refuse
        with pytest.raises(DatabaseInUse, match="another-laptop"):
            open_for_writing(db_path)
    finally:
        alive.kill()
        alive.communicate(timeout=30)


def test_garbage_in_a_lock_file_does_not_block_the_register(db_path: Path) -> None:
    lock_path_for(db_path).write_bytes(b"\x00\xffnot json" * 100)
    database = open_for_writing(db_path)
    try:
        holder = LockHolder.decode(lock_path_for(db_path).read_bytes())
        assert holder is not None and holder.pid == os.getpid()
    finally:
        database.dispose()


def test_a_missing_folder_is_a_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(DatabaseReadOnly, match="does not exist"):
        open_for_writing(tmp_path / "nowhere" / "register.sqlite3")
    assert not (tmp_path / "nowhere").exists()


CONTENDER = """
    import os, sys
    from pathlib import Path
    from coalition_desk.store.lock import DatabaseInUse, WriterLock
    database, inside, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    won = 0
    while won < rounds:
        lock = WriterLock(database)
        try:
            lock.acquire()
        except DatabaseInUse:
            continue
        try:
            # Exclusive creation fails if another writer is inside at the same moment.
            os.close(os.open(inside, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            os.unlink(inside)
        finally:
            lock.release()
        won += 1
    print("done", won, flush=True)
"""


def test_many_contenders_never_write_at_the_same_time(tmp_path: Path) -> None:
    database, inside = tmp_path / "register.sqlite3", tmp_path / "inside"
    contenders = [start_python(CONTENDER, str(database), str(inside), "150") for _ in range(4)]
    results = [c.communicate(timeout=120) for c in contenders]
    for contender, (out, err) in zip(contenders, results, strict=True):
        assert contender.returncode == 0, err
        assert out.strip() == "done 150"
    assert not lock_path_for(database).exists()


def test_the_lock_file_says_who_holds_the_register(db_path: Path) -> None:
    with WriterLock(db_path) as writer_lock:
        content = json.loads(writer_lock.path.read_text())
        assert content["pid"] == os.getpid()
        assert content["host"] == socket.gethostname()
        assert set(content) == {"pid", "host", "user", "since"}
    assert sys.platform == "win32" or not writer_lock.path.exists()


def test_an_import_while_another_copy_writes_is_refused(holder, db_path, tmp_path) -> None:
    from coalition_desk.reports.export import export_register
    from coalition_desk.services import demo

    other = open_database(tmp_path / "other.sqlite3")
    try:
        demo.install_demo(other)
        export_register(other, tmp_path / "register.xlsx")
    finally:
        other.dispose()
    before = fingerprint(db_path)
    result = run_cli("--db", str(db_path), "import", str(tmp_path / "register.xlsx"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "open for writing in another copy of Coalition Desk" in result.stderr
    assert fingerprint(db_path) == before
