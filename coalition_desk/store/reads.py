"""Sessions for reads alone: on a server, with no transaction round trips around them.

Over a LAN every message to the server costs a round trip (~2 ms), and a transaction
costs two of its own: BEGIN before the first statement, COMMIT after the last. A read
of one statement, the kind a selection makes several of, pays three round trips where
one would do. On PostgreSQL ``reading`` runs in autocommit, so each statement is its own
snapshot and travels alone; a read that needs several statements to agree must use
``Database.session``. On SQLite, where a transaction costs nothing, it is one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from coalition_desk.store.engine import Database


@contextmanager
def reading(database: Database) -> Iterator[Session]:
    """A session for reads; nothing written in it is kept on a server."""
    if not database.on_server:
        with database.session() as session:
            yield session
        return
    bind = database.engine.execution_options(isolation_level="AUTOCOMMIT")
    with database.sessions(bind=bind) as session:
        yield session
