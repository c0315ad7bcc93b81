"""A full disk is not damage (issue 14, findings 4, 5 and 14).

The register lives on a 2 MB tmpfs filled to the last byte. Commands that only read work;
commands that must write say "full" in one line (no traceback on the console, exit 2),
leave no partial file and no empty lock file, and never advise restoring a backup.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coalition_desk.store.lock import lock_path_for
from tests.reliability.helpers import fingerprint, run_cli
from tests.reliability.mounts import fill, small_tmpfs


@pytest.fixture
def full_disk(sound) -> Iterator[Path]:
    with small_tmpfs("2m") as folder:
        shutil.copy(sound[0], folder / "register.sqlite3")
        fill(folder)
        yield folder


def _one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Exception ignored" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("coalition-desk: "), result.stderr
    return lines[0]


def _no_leftovers(folder: Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["filler", "register.sqlite3"], names


def test_check_works_on_a_full_disk(full_disk: Path) -> None:
    result = run_cli("--db", str(full_disk / "register.sqlite3"), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems found" in result.stdout
    _no_leftovers(full_disk)


def test_export_and_pack_from_a_full_disk_work(full_disk: Path, tmp_path: Path) -> None:
    register = str(full_disk / "register.sqlite3")
    exported = run_cli("--db", register, "export", str(tmp_path / "register.xlsx"))
    assert exported.returncode == 0, exported.stderr
    packed = run_cli("--db", register, "pack", "2025-04-10", str(tmp_path / "pack.xlsx"))
    assert packed.returncode == 0, packed.stderr
    assert (tmp_path / "register.xlsx").exists() and (tmp_path / "pack.xlsx").exists()
    _no_leftovers(full_disk)


def test_a_backup_from_a_full_disk_works(full_disk: Path, tmp_path: Path) -> None:
    result = run_cli("--db", str(full_disk / "register.sqlite3"), "backup", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    assert run_cli("--db", str(tmp_path / "b"), "check").returncode == 0
    _no_leftovers(full_disk)


def test_a_backup_onto_a_full_disk_is_one_line_and_leaves_nothing(
    full_disk: Path, tmp_path: Path
) -> None:
    shutil.copy(full_disk / "register.sqlite3", tmp_path / "register.sqlite3")
    result = run_cli("--db", str(tmp_path / "register.sqlite3"), "backup", str(full_disk / "b"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "full" in _one_line(result)
    _no_leftovers(full_disk)


def test_an_export_onto_a_full_disk_is_one_line_and_leaves_nothing(full_disk: Path) -> None:
    register = str(full_disk / "register.sqlite3")
    result = run_cli("--db", register, "export", str(full_disk / "register.xlsx"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "full" in _one_line(result)
    _no_leftovers(full_disk)


def test_a_pack_onto_a_full_disk_is_one_line_and_leaves_nothing(full_disk: Path) -> None:
    register = str(full_disk / "register.sqlite3")
    result = run_cli("--db", register, "pack", "2025-04-10", str(full_disk / "pack.xlsx"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "full" in _one_line(result)
    _no_leftovers(full_disk)


def test_an_import_on_a_full_disk_is_one_line_and_changes_nothing(full_disk, sound) -> None:
    register = full_disk / "register.sqlite3"
    before = fingerprint(register)
    result = run_cli("--db", str(register), "import", str(sound[1]))
    assert result.returncode == 2, result.stdout + result.stderr
    line = _one_line(result)
    assert "full" in line and "not damaged" in line
    assert "damaged" not in line.replace("not damaged", "") and "backup" not in line
    assert fingerprint(register) == before
    assert not lock_path_for(register).exists(), "no empty lock file left behind"
    _no_leftovers(full_disk)


def test_init_on_a_full_disk_is_one_line_and_leaves_nothing(full_disk: Path) -> None:
    result = run_cli("--db", str(full_disk / "new.sqlite3"), "init", "--demo")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "full" in _one_line(result)
    _no_leftovers(full_disk)


@pytest.mark.gui
def test_the_window_calls_a_full_disk_full_and_offers_read_only(
    full_disk: Path, monkeypatch, qapp
) -> None:
    from coalition_desk.ui import app as app_module
    from coalition_desk.ui import errors

    offered: list[BaseException] = []
    monkeypatch.setattr(app_module, "ask_read_only", lambda _p, e: offered.append(e) or True)
    monkeypatch.setattr(app_module, "show_error", lambda _p, e: pytest.fail(f"refused: {e}"))
    database = app_module.open_with_dialogs(full_disk / "register.sqlite3")
    assert database is not None and database.read_only
    database.dispose()
    title, message = errors.describe(offered[0])
    assert title == "Disk full"
    assert "damaged" not in title.lower() and "Restore" not in message
    assert "damaged" not in message.replace("not damaged", "")
    _no_leftovers(full_disk)
