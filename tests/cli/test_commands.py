"""The command line as an officer (or a script) uses it: exit codes and messages."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coalition_desk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_init_demo_then_check(register_target) -> None:
    db = register_target  # a file, or an empty database on the test server
    created = run("--db", str(db), "init", "--demo")
    assert created.returncode == 0, created.stderr
    checked = run("--db", str(db), "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no problems" in checked.stdout


def test_second_init_exits_2_and_changes_nothing(tmp_path) -> None:
    db = tmp_path / "x.sqlite3"
    assert run("--db", str(db), "init", "--demo").returncode == 0
    before = digest(db)
    again = run("--db", str(db), "init", "--demo")
    assert again.returncode == 2
    assert "refuses a non-empty database" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    assert digest(db) == before


@pytest.mark.parametrize("damage", ["garbage", "truncate", "corrupt-pages"])
def test_check_on_a_damaged_file_gives_a_message_not_a_traceback(tmp_path, damage) -> None:
    db = tmp_path / "x.sqlite3"
    assert run("--db", str(db), "init", "--demo").returncode == 0
    data = db.read_bytes()
    if damage == "garbage":
        db.write_bytes(b"not a database at all" * 10)
    elif damage == "truncate":
        db.write_bytes(data[:5000])
    else:
        middle = len(data) // 2
        db.write_bytes(data[:middle] + b"\xff" * 8192 + data[middle + 8192 :])
    result = run("--db", str(db), "check")
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stderr
    assert (result.stdout + result.stderr).strip()


def test_check_on_a_missing_file_creates_nothing(tmp_path) -> None:
    db = tmp_path / "missing.sqlite3"
    result = run("--db", str(db), "check")
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not db.exists()


def test_backup_makes_a_checked_copy(tmp_path) -> None:
    db, copy = tmp_path / "x.sqlite3", tmp_path / "copy.sqlite3"
    assert run("--db", str(db), "init", "--demo").returncode == 0
    result = run("--db", str(db), "backup", str(copy))
    assert result.returncode == 0, result.stderr
    assert run("--db", str(copy), "check").returncode == 0
    refused = run("--db", str(db), "backup", str(copy))
    assert refused.returncode == 2 and "exists already" in refused.stderr


def test_environment_variable_chooses_the_database(tmp_path) -> None:
    db = tmp_path / "env.sqlite3"
    assert run("init", env={"COALITION_DESK_DB": str(db)}).returncode == 0
    assert db.exists()


def test_version_and_bad_usage() -> None:
    version = run("--version")
    assert version.returncode == 0 and "Coalition Desk" in version.stdout
    bad = run("no-such-command")
    assert bad.returncode == 2
