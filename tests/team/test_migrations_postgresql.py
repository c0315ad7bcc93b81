"""The one Alembic tree on PostgreSQL: every revision, its long ids, and an upgrade of a
register that already holds records (the search index is built from them)."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from coalition_desk.services import search
from coalition_desk.store import migrate
from coalition_desk.store.check import check_database
from coalition_desk.store.engine import open_database

BEFORE_SEARCH = "0006_question_raised_on"


def test_every_revision_applies_in_turn_and_the_long_ids_fit(pg_database) -> None:
    engine = create_engine(pg_database)
    try:
        order = []
        revision = migrate.head_revision()
        while revision is not None:
            order.append(revision)
            revision = migrate.revision_graph()[revision]
        for step in reversed(order):
            migrate.upgrade(engine, step)
            with engine.connect() as connection:
                assert connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar() == step
        assert max(map(len, order)) > 32  # what Alembic's own VARCHAR(32) refused
        with engine.connect() as connection:
            width = connection.execute(text(
                "SELECT character_maximum_length FROM information_schema.columns "
                "WHERE table_name = 'alembic_version' AND column_name = 'version_num'"
            )).scalar()
        assert width == 255
    finally:
        engine.dispose()


def test_a_register_of_an_older_schema_upgrades_and_its_records_become_searchable(
    pg_database,
) -> None:
    engine = create_engine(pg_database)
    migrate.upgrade(engine, BEFORE_SEARCH)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO nations (uuid, name, code, kind, role, constraints, notes, created_at,"
            " updated_at, capability) VALUES ('11111111-1111-4111-8111-111111111111', 'Poland',"
            " 'POL', 'state', 'not_stated', 'Pressure from Belarus', '', '2025-04-10 09:00:00',"
            " '2025-04-10 09:00:00', 60)"))
    engine.dispose()
    database = open_database(pg_database)
    try:
        assert database.upgraded_from == BEFORE_SEARCH
        assert database.backup_before_upgrade is None  # a server keeps its own backups
        assert [h.title for h in search.find(database, "belaru")] == ["Poland"]
        assert check_database(database) == []
    finally:
        database.dispose()
