"""Registers where nothing can be written (issue 14, finding 13).

A folder made immutable (``chattr +i``) and a read-only file system: writing is refused
in one line, and reading — ``check``, ``export``, the window's "Open read-only" — works,
through SQLite's read-only / immutable URI (no -wal or -shm can be made there).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from tests.reliability.helpers import fingerprint, run_cli
from tests.reliability.mounts import remount_read_only, small_tmpfs


@pytest.fixture
def immutable_folder(sound) -> Iterator[Path]:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    folder = Path(tempfile.mkdtemp(prefix="coalition-desk-immutable-"))
    shutil.copy(sound[0], folder / "register.sqlite3")
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if made.returncode != 0:
        shutil.rmtree(folder)
        pytest.skip(f"chattr +i is impossible here: {made.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
        shutil.rmtree(folder)


@pytest.fixture
def read_only_disk(sound) -> Iterator[Path]:
    with small_tmpfs("4m") as folder:
        shutil.copy(sound[0], folder / "register.sqlite3")
        remount_read_only(folder)
        yield folder


@pytest.fixture(params=["immutable folder", "read-only file system"])
def place(request) -> Path:
    name = "immutable_folder" if request.param == "immutable folder" else "read_only_disk"
    return request.getfixturevalue(name)


def test_check_and_export_work_where_nothing_can_be_written(place: Path, tmp_path) -> None:
    register = str(place / "register.sqlite3")
    checked = run_cli("--db", register, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = run_cli("--db", register, "export", str(tmp_path / "out.xlsx"))
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in place.iterdir()) == ["register.sqlite3"]


def test_an_import_is_refused_in_one_line(place: Path, sound) -> None:
    register = place / "register.sqlite3"
    before = fingerprint(register)
    result = run_cli("--db", str(register), "import", str(sound[1]))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "read-only" in result.stderr
    assert fingerprint(register) == before


@pytest.mark.gui
def test_the_window_offers_read_only_and_it_opens(place: Path, monkeypatch, qapp) -> None:
    from coalition_desk.ui import app as app_module

    offered: list[BaseException] = []
    monkeypatch.setattr(app_module, "ask_read_only", lambda _p, e: offered.append(e) or True)
    monkeypatch.setattr(app_module, "show_error", lambda _p, e: pytest.fail(f"refused: {e}"))
    database = app_module.open_with_dialogs(place / "register.sqlite3")
    assert database is not None and database.read_only
    try:
        assert len(records.list_all(database, rec.Nation)) >= 10
    finally:
        database.dispose()
    assert len(offered) == 1
    assert sorted(p.name for p in place.iterdir()) == ["register.sqlite3"]


def test_a_backup_into_a_place_that_cannot_be_written_is_one_line(
    place: Path, sound, tmp_path
) -> None:
    register = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], register)
    result = run_cli("--db", str(register), "backup", str(place / "copy.sqlite3"))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "cannot be written" in result.stderr
    assert sorted(p.name for p in place.iterdir()) == ["register.sqlite3"]
