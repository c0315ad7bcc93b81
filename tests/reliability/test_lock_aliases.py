"""The writer lock is the register's, not one of its names (issue 14, findings 1 and 2).

A planted lock symlink once turned a 25 MB register into 1 KB of lock JSON; a hard link
let a second writer in beside the window and lost everything the window had committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coalition_desk.services import demo
from coalition_desk.store.engine import open_database
from coalition_desk.store.lock import (
    DatabaseInUse,
    ForeignLockFile,
    lock_path_for,
    open_for_writing,
)
from tests.reliability.helpers import another_writer, fingerprint, run_cli


@pytest.fixture
def register(db_path: Path) -> Path:
    database = open_database(db_path)
    try:
        demo.install_demo(database)
    finally:
        database.dispose()
    return db_path


def test_a_lock_symlink_to_the_register_is_refused_and_the_register_kept(register) -> None:
    lock = lock_path_for(register)
    lock.symlink_to(register)
    before = fingerprint(register)
    with pytest.raises(ForeignLockFile, match="symbolic link"):
        open_for_writing(register)
    assert fingerprint(register) == before
    assert lock.is_symlink(), "the planted link is the officer's evidence: left in place"


def test_a_lock_symlink_through_the_command_line_is_one_line_and_changes_nothing(
    register: Path, sound: tuple[Path, Path]
) -> None:
    lock_path_for(register).symlink_to(register)
    before = fingerprint(register)
    result = run_cli("--db", str(register), "import", str(sound[1]))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "not a Coalition Desk lock file" in result.stderr
    assert fingerprint(register) == before


def test_a_lock_symlink_to_another_file_leaves_that_file_alone(register, tmp_path) -> None:
    victim = tmp_path / "minutes.txt"
    victim.write_text("the officer's notes\n" * 1000)
    lock_path_for(register).symlink_to(victim)
    with pytest.raises(ForeignLockFile):
        open_for_writing(register)
    assert victim.read_text() == "the officer's notes\n" * 1000


def test_a_dangling_lock_symlink_creates_nothing(register, tmp_path) -> None:
    target = tmp_path / "planted"
    lock_path_for(register).symlink_to(target)
    with pytest.raises(ForeignLockFile):
        open_for_writing(register)
    assert not target.exists()


def test_a_lock_that_is_a_hard_link_of_the_register_is_refused(register: Path) -> None:
    os.link(register, lock_path_for(register))
    before = fingerprint(register)
    with pytest.raises(ForeignLockFile, match="other name"):
        open_for_writing(register)
    assert fingerprint(register) == before


def test_a_lock_path_that_is_a_folder_or_a_big_file_is_refused(register: Path) -> None:
    lock = lock_path_for(register)
    lock.mkdir()
    with pytest.raises(ForeignLockFile, match="not a regular file"):
        open_for_writing(register)
    lock.rmdir()
    lock.write_bytes(b"x" * 5000)
    with pytest.raises(ForeignLockFile, match="too large"):
        open_for_writing(register)
    assert lock.read_bytes() == b"x" * 5000


@pytest.fixture
def window(register: Path):
    """Another copy writing the register through its own name."""
    with another_writer(register) as process:
        yield process


def test_a_second_writer_through_a_hard_link_is_refused(window, register, tmp_path) -> None:
    link = tmp_path / "link.sqlite3"
    os.link(register, link)
    with pytest.raises(DatabaseInUse, match="open for writing"):
        open_for_writing(link)


def test_an_import_through_a_hard_link_is_refused(window, register, tmp_path, sound) -> None:
    link = tmp_path / "link.sqlite3"
    os.link(register, link)
    before = fingerprint(register)
    result = run_cli("--db", str(link), "import", str(sound[1]))
    assert result.returncode == 2, result.stderr
    assert "open for writing in another copy" in result.stderr
    assert fingerprint(register) == before
    assert not Path(str(link) + "-wal").exists(), "no second WAL beside the other name"


def test_a_second_writer_through_a_symlink_alias_is_refused(window, register, tmp_path) -> None:
    alias = tmp_path / "elsewhere" / "alias.sqlite3"
    alias.parent.mkdir()
    alias.symlink_to(register)
    with pytest.raises(DatabaseInUse, match="open for writing"):
        open_for_writing(alias)


def test_in_one_process_every_name_shares_one_lock(register: Path, tmp_path: Path) -> None:
    link, alias = tmp_path / "link.sqlite3", tmp_path / "alias.sqlite3"
    os.link(register, link)
    alias.symlink_to(register)
    first = open_for_writing(register)
    try:
        for other in (link, alias):
            with pytest.raises(DatabaseInUse):
                open_for_writing(other)
    finally:
        first.dispose()
    open_for_writing(link).dispose()  # free once the first has let go
