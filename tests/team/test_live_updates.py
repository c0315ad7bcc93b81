"""Live updates on a server: one client commits, the other hears of it at once, and
hears nothing but the table, what happened and the UUIDs (every user can read NOTIFY)."""

from __future__ import annotations

import json
import queue
import re
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text

from coalition_desk.domain.records import Nation
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import Database, open_database
from coalition_desk.store.live import CHANNEL, ChangeListener, RemoteChange
from tests.conftest import uuid_of

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
WAIT = 2.0  # the promise: another window shows a commit within 2 s


class Heard:
    """What a listener reported, in order, for a test to wait on."""

    def __init__(self) -> None:
        self.changes: queue.Queue[RemoteChange] = queue.Queue()
        self.states: queue.Queue[tuple[str, str]] = queue.Queue()

    def next_change(self) -> RemoteChange:
        return self.changes.get(timeout=WAIT)

    def next_action(self, action: str) -> RemoteChange:
        """The next change of this kind (a delete first claims the record's version)."""
        change = self.next_change()
        while change.action != action:
            change = self.next_change()
        return change

    def next_state(self, timeout: float = WAIT) -> tuple[str, str]:
        return self.states.get(timeout=timeout)


@pytest.fixture
def other_client(pg_demo_db: Database) -> Iterator[Database]:
    """A second officer's client on the same register (its own engine and connections)."""
    database = open_database(pg_demo_db.url.render_as_string(hide_password=False))
    yield database
    database.dispose()


@pytest.fixture
def heard(other_client: Database) -> Iterator[Heard]:
    result = Heard()
    listener = ChangeListener(
        other_client.engine, result.changes.put, lambda *state: result.states.put(state)
    )
    listener.start()
    assert result.next_state() == ("listening", "")
    result.listener = listener  # type: ignore[attr-defined]
    yield result
    listener.stop()
    assert not listener.running


def test_a_commit_of_one_client_reaches_the_other_with_its_table_and_uuid(
    pg_demo_db: Database, heard: Heard
) -> None:
    created = Writer(pg_demo_db, origin="test").create(Nation("Ruritania", "RUR"))
    uuid = created.changes[0].uuid

    assert heard.next_change() == RemoteChange("nations", "create", (uuid,))


def test_an_update_and_a_delete_say_which_record(pg_demo_db: Database, heard: Heard) -> None:
    writer = Writer(pg_demo_db, origin="test")
    created = writer.create(Nation("Freedonia", "FRE")).changes[0].after
    assert heard.next_change().action == "create"
    updated = writer.update(Nation("Freedonia", "FRE", notes="Joined", uuid=created.uuid,
                                   version=created.version)).changes[0].after
    assert heard.next_change() == RemoteChange("nations", "update", (created.uuid,))
    writer.delete("nation", updated.uuid)
    assert heard.next_action("delete") == RemoteChange("nations", "delete", (created.uuid,))


def test_a_rolled_back_write_is_never_announced(pg_demo_db: Database, heard: Heard) -> None:
    with pytest.raises(RuntimeError), pg_demo_db.session() as session:
        session.execute(text("UPDATE nations SET notes = 'never' WHERE code = 'POL'"))
        raise RuntimeError("the officer's write failed half-way")
    Writer(pg_demo_db, origin="test").create(Nation("Sylvania", "SYL"))

    assert heard.next_change().uuids != (uuid_of("nation", "POL"),)


def test_this_clients_own_writes_are_not_announced_to_itself(
    pg_demo_db: Database, other_client: Database, heard: Heard
) -> None:
    Writer(other_client, origin="own window").create(Nation("Genovia", "GNV"))
    theirs = Writer(pg_demo_db, origin="another officer").create(Nation("Elbonia", "ELB"))

    # Commits arrive in order: the own one would have come first.
    assert heard.next_change().uuids == (theirs.changes[0].uuid,)


def test_a_bulk_statement_names_its_table_only_beyond_a_payload_of_uuids(
    pg_demo_db: Database, heard: Heard
) -> None:
    with pg_demo_db.session() as session:
        session.execute(
            text(
                "INSERT INTO nations (uuid, name, code, kind, role, constraints, notes, "
                "created_at, updated_at, version, revisions, written_by) "
                "SELECT gen_random_uuid()::text, 'Nation ' || n, 'N' || n, 'state', "
                "'not_stated', '', '', now(), now(), 1, '', '' FROM generate_series(1, 400) n"
            )
        )
    assert heard.next_change() == RemoteChange("nations", "create", None)


def test_payloads_carry_no_record_content(pg_demo_db: Database) -> None:
    """Listen as any database user could, write a record full of words, read the payloads."""
    secret = "Minister Kallas will concede on artillery"
    cparams = pg_demo_db.engine.dialect.create_connect_args(pg_demo_db.engine.url)[1]
    with psycopg.connect(**cparams, autocommit=True) as eavesdropper:
        eavesdropper.execute(f"LISTEN {CHANNEL}")
        writer = Writer(pg_demo_db, origin="test")
        made = writer.create(Nation("Secretland", "SCR", constraints=secret, notes=secret))
        nation = made.changes[0].after
        writer.update(Nation("Secretland", "SCR", constraints=secret, notes=secret + "!",
                             uuid=nation.uuid, version=nation.version))
        with pg_demo_db.session() as session:
            session.execute(text("UPDATE settings SET value = value WHERE key = 'application'"))
        payloads = [n.payload for n in eavesdropper.notifies(timeout=1.0)]

    assert len(payloads) >= 3
    for payload in payloads:
        data = json.loads(payload)
        assert set(data) == {"table", "action", "uuids"}
        assert data["action"] in ("create", "update", "delete")
        assert all(UUID.fullmatch(uuid) for uuid in data["uuids"] or [])
        for word in ("Secretland", "SCR", "Kallas", "artillery", "coalition-desk"):
            assert word not in payload
    assert {json.loads(p)["table"] for p in payloads} >= {"nations", "settings"}


def test_a_lost_connection_is_reported_and_the_listener_connects_again(
    pg_demo_db: Database, heard: Heard
) -> None:
    listener: ChangeListener = heard.listener  # type: ignore[attr-defined]
    old_pid = listener.backend_pid
    with pg_demo_db.engine.connect() as connection:
        assert connection.execute(
            text("SELECT pg_terminate_backend(:pid)"), {"pid": old_pid}
        ).scalar()
    state, reason = heard.next_state()
    assert state == "lost" and reason
    assert heard.next_state(timeout=5) == ("reconnected", "")
    assert listener.backend_pid != old_pid

    created = Writer(pg_demo_db, origin="test").create(Nation("Grand Fenwick", "GFW"))
    assert heard.next_change().uuids == (created.changes[0].uuid,)
