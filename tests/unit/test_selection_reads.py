"""What a selection reads costs one statement per read, whatever the register holds, and
on a server no transaction around it: over a LAN every statement and every BEGIN or
COMMIT is a round trip (~2 ms), and the window makes these reads on every selection
(tests/benchmarks: the pg_select row counts the round trips)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event

from coalition_desk.domain.records import Nation
from coalition_desk.services import meetings, questions, records, settings
from coalition_desk.services.positions import latest_positions
from coalition_desk.services.team.access import access_of
from coalition_desk.store.engine import Database, open_database
from tests.conftest import uuid_of


def _in_transaction(connection: Connection) -> bool:
    """A server connection has a transaction open (psycopg's own view of it)."""
    import psycopg

    status = connection.connection.dbapi_connection.info.transaction_status
    return status != psycopg.pq.TransactionStatus.IDLE


@contextmanager
def statements(database: Database) -> Iterator[list[tuple[str, bool]]]:
    """Each statement sent, and whether a transaction was open on a server after it."""
    sent: list[tuple[str, bool]] = []

    def after(connection: Connection, _cursor: object, statement: str, *_args: object) -> None:
        open_after = database.on_server and _in_transaction(connection)
        if statement != "BEGIN":  # SQLite's own, in the process: no round trip
            sent.append((statement, open_after))

    event.listen(database.engine, "after_cursor_execute", after)
    try:
        yield sent
    finally:
        event.remove(database.engine, "after_cursor_execute", after)


def assert_one_statement_each_outside_a_transaction(
    database: Database, reads: list[tuple[Callable[[], object], object]]
) -> None:
    """Each read gives what is expected, in one statement, and leaves no transaction."""
    for read, expected in reads:
        with statements(database) as sent:
            assert read() == expected
        assert len(sent) == 1, [statement for statement, _ in sent]
        assert not any(open_after for _, open_after in sent), "a transaction was opened"


def test_a_selections_reads_are_one_statement_each_outside_any_transaction(demo_db) -> None:
    nation = uuid_of("nation", "GBR")
    reads: list[tuple[Callable[[], object], object]] = [
        (lambda: records.get(demo_db, Nation, nation).code, "GBR"),
        (lambda: len(meetings.meetings_involving(demo_db, nation)), 2),
        (lambda: len(questions.stake_issue_uuids(demo_db, nation)) > 0, True),
        (lambda: len(latest_positions(demo_db, 2000, nation_uuid=nation)[0]), 3),
    ]
    assert_one_statement_each_outside_a_transaction(demo_db, reads)


def test_an_unknown_nation_narrows_to_nothing(demo_db) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    assert meetings.meetings_involving(demo_db, unknown) == set()
    assert questions.stake_issue_uuids(demo_db, unknown) == set()


def test_the_meetings_a_nation_is_in_are_those_list_meetings_narrows_to(demo_db) -> None:
    """On a server the read is written differently (= ANY(ARRAY(...)), for its plan)."""
    some = False
    for nation in records.list_all(demo_db, Nation):
        expected = {m.uuid for m in meetings.list_meetings(demo_db, nation_uuid=nation.uuid)}
        assert meetings.meetings_involving(demo_db, nation.uuid) == expected
        some |= bool(expected)
    assert some


def test_the_reads_before_a_windows_first_paint_are_outside_any_transaction(demo_db) -> None:
    """Who is signed in, the stale threshold and the marking are asked before the window
    first paints: on a server each was a BEGIN, the statement and a ROLLBACK or COMMIT,
    three round trips where one does."""
    reads: list[tuple[Callable[[], object], object]] = [
        (lambda: settings.stale_after_days(demo_db), settings.stale_after_days(demo_db)),
        (lambda: settings.protective_marking(demo_db), settings.protective_marking(demo_db)),
    ]
    if demo_db.on_server:  # a file's access is known without asking it
        reads.append((lambda: access_of(demo_db).may_write, True))
    assert_one_statement_each_outside_a_transaction(demo_db, reads)


def test_opening_a_server_register_reads_its_kind_and_revision_outside_any_transaction(
    pg_demo_db,
) -> None:
    """On a server (a file's transaction costs no round trip)."""
    opened_within: list[str] = []

    def after(connection: Connection, _cursor: object, statement: str, *_args: object) -> None:
        if _in_transaction(connection):
            opened_within.append(statement)

    # On every engine: the opening makes its own.
    event.listen(Engine, "after_cursor_execute", after)
    try:
        url = pg_demo_db.url.render_as_string(hide_password=False)
        again = open_database(url, create=False)
    finally:
        event.remove(Engine, "after_cursor_execute", after)
    again.dispose()
    classifying = [s for s in opened_within if "alembic_version" in s or "pg_class" in s]
    assert classifying == []
