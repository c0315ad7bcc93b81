"""Files a register may turn out to be: each gets a clear refusal and is never written.

Complements tests/migrations/test_upgrades.py (the same cases through open_database)
by driving the command line as an officer would, and adds read-only and locked files.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from coalition_desk.reports.export import export_register
from coalition_desk.services import demo
from coalition_desk.store.engine import open_database
from coalition_desk.store.lock import lock_path_for
from tests.reliability.helpers import fingerprint, run_cli, start_python, wait_for_line

# Root ignores file permissions; without these capabilities it must respect them too.
DROP_ROOT_POWERS = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def as_an_ordinary_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.fail("running as root without setpriv: read-only files cannot be tested")
    return DROP_ROOT_POWERS


@pytest.fixture
def folder() -> Iterator[Path]:
    # Outside pytest's private temp folder, so that the rights tested are the file's own.
    path = Path(tempfile.mkdtemp(prefix="coalition-desk-files-"))
    yield path
    path.chmod(0o755)
    shutil.rmtree(path)


def demo_register(path: Path) -> Path:
    database = open_database(path)
    try:
        demo.install_demo(database)
    finally:
        database.dispose()
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sound register workbook (the demo's export), so only the database is at fault."""
    folder = tmp_path_factory.mktemp("workbook")
    database = open_database(demo_register(folder / "demo.sqlite3"))
    try:
        export_register(database, folder / "register.xlsx")
    finally:
        database.dispose()
    return folder / "register.xlsx"


def make_newer(path: Path) -> None:
    demo_register(path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


def make_foreign(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.execute("INSERT INTO songs VALUES ('Ode to Joy')")
    connection.commit()
    connection.close()


def make_not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 a spreadsheet renamed to .sqlite3" * 50)


def make_truncated(path: Path) -> None:
    demo_register(path)
    path.write_bytes(path.read_bytes()[:12288])


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "newer schema": (make_newer, "newer version of Coalition Desk"),
    "another program's database": (make_foreign, "another program"),
    "not a database": (make_not_sqlite, "not an SQLite file"),
    "truncated": (make_truncated, "damaged"),
}


def assert_refused(result, expected: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert expected in result.stderr


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["init", "import"])
def test_a_file_that_is_not_a_current_register_is_refused_untouched(
    folder, workbook, case, command
) -> None:
    make, expected = CASES[case]
    path = folder / "register.sqlite3"
    make(path)
    before = fingerprint(path)
    arguments = ("init", "--demo") if command == "init" else ("import", str(workbook))
    assert_refused(run_cli("--db", str(path), *arguments), expected)
    assert fingerprint(path) == before
    assert not lock_path_for(path).exists()


def test_a_read_only_file_is_refused_for_writing_but_still_checked(folder) -> None:
    path = demo_register(folder / "register.sqlite3")
    path.chmod(0o444)
    before = fingerprint(path)
    ordinary = as_an_ordinary_user()
    refused = run_cli("--db", str(path), "init", "--demo", prefix=ordinary)
    assert_refused(refused, "read-only")
    assert fingerprint(path) == before
    checked = run_cli("--db", str(path), "check", prefix=ordinary)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert fingerprint(path) == before


def test_a_register_in_a_read_only_folder_is_refused_untouched(folder) -> None:
    inner = folder / "shared"
    inner.mkdir()
    path = demo_register(inner / "register.sqlite3")
    inner.chmod(0o555)
    before = fingerprint(path)
    result = run_cli("--db", str(path), "init", "--demo", prefix=as_an_ordinary_user())
    assert_refused(result, "cannot be written")
    assert fingerprint(path) == before
    assert sorted(p.name for p in inner.iterdir()) == ["register.sqlite3"]


OTHER_PROGRAM = """
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    sys.stdin.readline()
"""


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_register_locked_by_another_program_is_refused_untouched(folder, journal) -> None:
    path = folder / "register.sqlite3"
    open_database(path).dispose()
    if journal == "delete":
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.close()
    other = start_python(OTHER_PROGRAM, str(path))
    try:
        wait_for_line(other, "locked")
        before = fingerprint(path)
        result = run_cli("--db", str(path), "init", "--demo")
        assert_refused(result, "locked by another program")
        assert fingerprint(path) == before
    finally:
        other.communicate("\n", timeout=60)
    database = open_database(path)
    try:
        assert all(count == 0 for count in _counts(path).values())
    finally:
        database.dispose()


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("nations", "positions", "audit")
        }
    finally:
        connection.close()
