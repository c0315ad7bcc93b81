"""Dates, times and UUIDs come back from either backend exactly as they went in, whatever
the server's time zone."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from coalition_desk.domain import records as rec
from coalition_desk.services import crud, records
from coalition_desk.store.engine import open_database


def _write_and_read(database) -> tuple[rec.Meeting, rec.Meeting]:
    chosen = str(uuid.UUID("0f0e0d0c-0b0a-4908-8706-050403020100"))
    written = rec.Meeting(
        title="Leap-day ministerial", date=dt.date(2024, 2, 29), end_date=dt.date(2024, 3, 1),
        format="ministerial", uuid=chosen,
        created_at=dt.datetime(2024, 2, 29, 23, 59, 58),
        updated_at=dt.datetime(2024, 3, 1, 0, 0, 1),
    )
    with database.session() as session:
        crud.create_in(session, written, "test")
    return written, records.get(database, rec.Meeting, chosen)


def test_dates_times_and_uuids_round_trip(empty_db) -> None:
    written, read = _write_and_read(empty_db)
    assert read.uuid == written.uuid and read.created_at == written.created_at
    assert (read.date, read.end_date) == (written.date, written.end_date)
    assert type(read.date) is dt.date and read.created_at.tzinfo is None
    audit = records.audit_trail(empty_db, written.uuid)
    assert audit and audit[0].at.tzinfo is None


def test_the_servers_time_zone_changes_nothing(pg_server, pg_database, tmp_path) -> None:
    name = pg_database.rsplit("/", 1)[1]
    pg_server.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'Pacific/Chatham'")
    on_server = open_database(pg_database)
    laptop = open_database(tmp_path / "laptop.sqlite3")
    try:
        written, from_server = _write_and_read(on_server)
        _written, from_file = _write_and_read(laptop)
        assert from_server.created_at == written.created_at
        # updated_at is the moment of the write: the two writes may fall a second apart;
        # revisions are random state ids each register draws for its own writes.
        assert replace(from_server, updated_at=None, revisions="") == replace(
            from_file, updated_at=None, revisions=""
        )
    finally:
        on_server.dispose()
        laptop.dispose()
