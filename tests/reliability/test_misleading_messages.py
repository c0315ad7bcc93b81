"""Messages that said one thing while another happened (issue 14, finding 19)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from coalition_desk.store.engine import open_database
from coalition_desk.store.errors import DatabaseDamaged
from tests.reliability.helpers import fingerprint, run_cli


def test_a_dry_run_on_a_mistyped_register_creates_nothing(tmp_path: Path, sound) -> None:
    typo = tmp_path / "registre.sqlite3"
    result = run_cli("--db", str(typo), "import", "--dry-run", str(sound[1]))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "a dry run wrote a register"


def test_a_dry_run_on_a_real_register_still_reports(tmp_path: Path, sound) -> None:
    register = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], register)
    before = fingerprint(register)
    result = run_cli("--db", str(register), "import", "--dry-run", str(sound[1]))
    assert result.returncode == 0, result.stderr
    assert fingerprint(register) == before


@pytest.fixture
def no_revision(tmp_path: Path, sound) -> Path:
    register = tmp_path / "register.sqlite3"
    shutil.copy(sound[0], register)
    with sqlite3.connect(register) as connection:
        connection.execute("DELETE FROM alembic_version")
    return register


def test_an_emptied_schema_revision_is_damage_not_a_failed_upgrade(no_revision: Path) -> None:
    before = fingerprint(no_revision)
    with pytest.raises(DatabaseDamaged, match="schema revision is missing") as refused:
        open_database(no_revision)
    assert "before the upgrade" not in str(refused.value)
    assert fingerprint(no_revision) == before
    copies = [p.name for p in no_revision.parent.iterdir() if "before-upgrade" in p.name]
    assert copies == [], "no pre-upgrade copy is taken, so none may be promised"


@pytest.mark.gui
def test_the_window_never_promises_a_copy_that_was_not_taken(no_revision, monkeypatch) -> None:
    from coalition_desk.ui import app as app_module
    from coalition_desk.ui import errors

    shown: list[BaseException] = []
    monkeypatch.setattr(app_module, "show_error", lambda _p, e: shown.append(e))
    assert app_module.open_with_dialogs(no_revision) is None
    title, message = errors.describe(shown[0])
    assert "copy taken before the upgrade" not in message
    assert title == "Database damaged"


def test_check_reports_the_missing_revision(no_revision: Path) -> None:
    result = run_cli("--db", str(no_revision), "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no schema revision is recorded" in result.stdout
