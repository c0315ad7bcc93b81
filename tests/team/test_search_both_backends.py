"""Find gives the same records on PostgreSQL as on SQLite's FTS5, for the same queries."""

from __future__ import annotations

import pytest

from coalition_desk.services import demo, search
from coalition_desk.store.engine import open_database

QUERIES = (
    "Belarus",
    "belar",
    "Sprūds",
    "sprud",
    "troops ground",
    "Troops on the ground",
    "jeopardize",
    "positioned",
    "UK",
    "2025",
    "coalition willing",
    '"Macron" OR NOT',
    "air* -sea",
    "ü",
    "reassurance force Ukraine",
    "nothing-matches-this-zzz",
    "   ",
)


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory):
    database = open_database(tmp_path_factory.mktemp("search") / "demo.sqlite3")
    demo.install_demo(database)
    yield database
    database.dispose()


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_query_finds_the_same_records(sqlite_demo, pg_demo_db, query) -> None:
    on_sqlite = search.find(sqlite_demo, query)
    on_pg = search.find(pg_demo_db, query)
    assert {(h.kind, h.uuid) for h in on_pg} == {(h.kind, h.uuid) for h in on_sqlite}
    assert sorted(h.title for h in on_pg) == sorted(h.title for h in on_sqlite)


def test_the_snippet_marks_the_words_found(pg_demo_db) -> None:
    hits = search.find(pg_demo_db, "jeopardize")
    assert len(hits) == 1 and "[jeopardize" in hits[0].snippet.lower()


def test_a_write_is_found_at_once(pg_demo_db) -> None:
    with pg_demo_db.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE nations SET notes = 'Zanzibar liaison' WHERE code = 'POL'"
        )
    assert [h.title for h in search.find(pg_demo_db, "zanzib")] == ["Poland"]


def test_the_snippet_reads_as_fts5s(sqlite_demo, pg_demo_db) -> None:
    assert search.find(pg_demo_db, "jeopardize")[0].snippet == (
        search.find(sqlite_demo, "jeopardize")[0].snippet
    )
