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
from typing import Any

from sqlalchemy import CursorResult, Executable
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


def rows_of(session: Session, query: Executable) -> CursorResult[Any]:
    """The rows of a select of plain columns, one at a time as the driver hands them
    over, in the session's transaction.

    ``Session.execute`` reads every row into a list first (the ORM's loading), so a read
    that turns the rows into a pane's views held both at once: at scale L the nations'
    latest stances took 5.2 MB at their peak and 0.02 MB this way, the meetings 3.8 and
    0.02, and a tenth to half less time (docs/performance.md, "Round 2, branch chunk6").
    Nothing is flushed first: for sessions that only read.
    """
    return session.connection().execute(query)
