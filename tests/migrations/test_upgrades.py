"""Every released schema upgrades to the current one, a copy taken first; others refused."""

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from coalition_desk.services import search
from coalition_desk.store import migrate
from coalition_desk.store.check import check_database
from coalition_desk.store.engine import open_database
from coalition_desk.store.errors import DatabaseDamaged, NewerSchemaError, NotADeskDatabase
from tests.conftest import FIXTURES

RELEASED_SCHEMAS = sorted(FIXTURES.glob("schema_*.sqlite3"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_fixture_exists_for_every_schema_but_the_newest() -> None:
    fixtures = {p.stem.removeprefix("schema_") for p in RELEASED_SCHEMAS}
    assert fixtures == migrate.known_revisions() - {migrate.head_revision()}


@pytest.mark.parametrize("fixture", RELEASED_SCHEMAS, ids=lambda p: p.stem)
def test_released_schema_upgrades_with_a_backup_beside_it(tmp_path, fixture) -> None:
    path = tmp_path / "register.sqlite3"
    shutil.copy(fixture, path)
    original = digest(path)
    database = open_database(path)
    try:
        assert database.upgraded_from == fixture.stem.removeprefix("schema_")
        backup = database.backup_before_upgrade
        assert backup is not None and backup.parent == tmp_path
        assert (
            digest(backup) == original
            or sqlite3.connect(backup)
            .execute("SELECT version_num FROM alembic_version")
            .fetchone()[0]
            == database.upgraded_from
        )
        assert check_database(database) == []
        assert [h.title for h in search.find(database, "Belarus")] == [
            "Poland",
            "Cannot send troops",
        ]
    finally:
        database.dispose()


def test_a_failed_upgrade_leaves_the_original(tmp_path, monkeypatch) -> None:
    path = tmp_path / "register.sqlite3"
    shutil.copy(RELEASED_SCHEMAS[0], path)

    from coalition_desk.store import fulltext

    def broken() -> str:
        return "INSERT INTO no_such_table VALUES (1)"

    monkeypatch.setattr(fulltext, "sqlite_rebuild_statement", broken)
    with pytest.raises(Exception, match="no_such_table"):
        open_database(path)
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert "search_index" not in {
        r[0] for r in connection.execute("SELECT name FROM sqlite_master")
    }
    connection.close()
    monkeypatch.undo()
    database = open_database(path)  # still upgradable once the fault is gone
    assert database.upgraded_from == "0001"
    database.dispose()


def test_a_newer_schema_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(path).dispose()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(NewerSchemaError, match="newer version"):
        open_database(path)
    assert digest(path) == before


def test_an_sqlite_file_of_another_program_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    before = digest(path)
    with pytest.raises(NotADeskDatabase, match="another program"):
        open_database(path)
    assert digest(path) == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("meeting notes, not a database")
    with pytest.raises(NotADeskDatabase, match="not an SQLite file"):
        open_database(path)
    assert path.read_text() == "meeting notes, not a database"


def test_a_truncated_database_is_refused(tmp_path, demo_db, db_path) -> None:
    demo_db.dispose()
    data = db_path.read_bytes()
    broken = tmp_path / "truncated.sqlite3"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises((DatabaseDamaged, NotADeskDatabase)):
        database = open_database(broken, upgrade=False)
        problems = check_database(database)
        database.dispose()
        raise DatabaseDamaged(str(problems))


def test_0005_keeps_every_child_row_and_gives_each_record_a_version(tmp_path) -> None:
    """SQLite batch migrations with foreign keys on can cascade-delete child rows; 0005
    adds its columns in place, and every row of every table is still there after it."""
    path = tmp_path / "register.sqlite3"
    shutil.copy(FIXTURES / "schema_0004_positions_by_nation_and_meeting.sqlite3", path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(
        "INSERT INTO people (uuid, name, office, nation_id, notes, created_at, updated_at)"
        " VALUES ('44444444-4444-4444-8444-444444444444', 'A. Minister', '', 1, '',"
        " '2025-04-10 09:00:00', '2025-04-10 09:00:00');"
        "INSERT INTO meetings (uuid, title, date, date_precision, place, format, chair,"
        " headcount_note, summary, objectives, points_to_make, created_at, updated_at)"
        " VALUES ('55555555-5555-4555-8555-555555555555', 'Paris', '2025-03-11', 'day', 'Paris',"
        " 'ministerial', '', '', '', '', '', '2025-04-10 09:00:00', '2025-04-10 09:00:00');"
        "INSERT INTO attendance (uuid, meeting_id, nation_id, level, head_of_delegation, notes,"
        " created_at, updated_at) VALUES ('66666666-6666-4666-8666-666666666666', 1, 1,"
        " 'minister', '', '', '2025-04-10 09:00:00', '2025-04-10 09:00:00');"
        "UPDATE positions SET speaker_id = 1, meeting_id = 1;"
    )
    connection.commit()
    tables = [r[0] for r in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_index%'"
        " AND name NOT LIKE 'sqlite_%'")]
    before = {t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    connection.close()
    database = open_database(path)
    database.dispose()
    connection = sqlite3.connect(path)
    for table, rows in before.items():
        after = connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        if table == "alembic_version":
            continue
        if table == "settings":
            assert set(rows) <= set(after)
            continue
        # Old columns keep their values; the new ones come after them.
        assert [row[: len(rows[0])] for row in after] == rows, table
    for table in ("nations", "people", "meetings", "attendance", "issues", "positions"):
        for version, revisions in connection.execute(f"SELECT version, revisions FROM {table}"):
            assert version == 1 and len(revisions) == 16, table
    assert connection.execute(
        "SELECT value FROM settings WHERE key = 'register_id'").fetchone()[0]
    connection.close()


def test_two_copies_upgraded_apart_agree_on_the_revision_they_share(tmp_path) -> None:
    fixture = FIXTURES / "schema_0004_positions_by_nation_and_meeting.sqlite3"
    revisions = []
    for name in ("alice.sqlite3", "bob.sqlite3"):
        shutil.copy(fixture, tmp_path / name)
        open_database(tmp_path / name).dispose()
        connection = sqlite3.connect(tmp_path / name)
        revisions.append(connection.execute("SELECT revisions FROM nations").fetchall())
        connection.close()
    assert revisions[0] == revisions[1]
