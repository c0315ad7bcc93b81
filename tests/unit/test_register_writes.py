"""New records added in bulk are stored, audited and searchable as one at a time would be."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from coalition_desk.domain import records as rec
from coalition_desk.services import records, search
from coalition_desk.services.crud import Writer
from coalition_desk.services.entities import record_as_dict
from coalition_desk.services.register_writes import insert_new_records
from coalition_desk.store.engine import open_database


def _triggers(database) -> list[tuple[str, str]]:
    with database.session() as session:
        rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        return sorted((name, sql) for name, sql in rows)


@pytest.fixture
def database(tmp_path):
    database = open_database(tmp_path / "register.sqlite3")
    yield database
    database.dispose()


def test_added_records_are_stored_audited_and_found_by_search(database) -> None:
    triggers = _triggers(database)
    nation = rec.Nation(name="Freedonia", code="FRD", notes="bulk-added marmalade treaty")
    person = rec.Person(name="Rufus Firefly", office="leader", nation_uuid="")
    with database.session() as session:
        insert_new_records(session, "nation", [nation], "import")
    stored_nation = records.list_all(database, rec.Nation)[0]
    with database.session() as session:
        insert_new_records(
            session, "person",
            [rec.Person(name=person.name, office=person.office, nation_uuid=stored_nation.uuid)],
            "import",
        )

    assert _triggers(database) == triggers
    assert stored_nation.name == "Freedonia" and stored_nation.uuid and stored_nation.created_at
    assert stored_nation.updated_at == stored_nation.created_at
    stored_person = records.list_all(database, rec.Person)[0]
    assert stored_person.nation_uuid == stored_nation.uuid
    assert [hit.uuid for hit in search.find(database, "marmalade")] == [stored_nation.uuid]
    assert [hit.uuid for hit in search.find(database, "Firefly")] == [stored_person.uuid]
    (entry,) = records.audit_trail(database, stored_nation.uuid)
    assert entry.action == "create" and entry.origin == "import" and entry.before is None
    assert entry.after == record_as_dict(stored_nation)
    # The index trigger is back: a record written the ordinary way is found too.
    Writer(database, "window").create(rec.Nation(name="Sylvania", code="SYL", notes="rival"))
    assert len(search.find(database, "rival")) == 1


def test_a_failed_bulk_insert_leaves_the_index_trigger_and_the_register_as_they_were(
    database,
) -> None:
    triggers = _triggers(database)
    orphan = rec.Position(nation_uuid="", issue_uuid="", as_of=None, quote="lost")  # type: ignore[arg-type]
    with pytest.raises(IntegrityError), database.session() as session:
        insert_new_records(session, "position", [orphan], "import")

    assert _triggers(database) == triggers
    assert records.counts(database)["positions"] == 0
    with database.session() as session:
        assert session.execute(text("SELECT count(*) FROM audit")).scalar_one() == 0


def test_an_import_gives_back_the_page_cache_it_widened(database) -> None:
    from coalition_desk.services.register_writes import IMPORT_CACHE_KIB, wide_page_cache

    with database.session() as session:
        def cache_size() -> int:
            return session.connection().exec_driver_sql("PRAGMA cache_size").scalar()

        before = cache_size()
        with wide_page_cache(session):
            during = cache_size()
            insert_new_records(session, "nation", [rec.Nation(name="Oz", code="OZZ")], "import")
        after = cache_size()

    assert during == -IMPORT_CACHE_KIB
    assert after == before
    assert records.counts(database)["nations"] == 1
