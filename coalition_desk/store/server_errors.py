"""What went wrong with a database server, in one line an officer can act on.

libpq's messages run over several lines ("connection to server at ... failed: ...\\n
Is the server running on that host and accepting TCP/IP connections?"); the command line
prints one line and the window one dialog, never a traceback.
"""

from __future__ import annotations

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from coalition_desk.store.errors import StoreError


class ServerUnreachable(StoreError):
    """The server is down, unknown or not listening; or TLS could not be set up."""


class AccessRefused(StoreError):
    """The server answered but refused this user, password or database."""


class PasswordRequired(AccessRefused):
    """The server wants a password and libpq found none (no ~/.pgpass entry): the window
    may ask the officer for it, keeping it in memory only."""


class ConnectionLost(StoreError):
    """The connection broke in the middle of the work; the transaction was rolled back."""


def server_label(url: URL) -> str:
    """Where the register lives, without any password: ``desk on 10.0.0.5:5432``."""
    query = dict(url.query)
    if url.host is None and "service" in query:
        return f"the register of service {query['service']!r}"
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    return f"database {url.database or '(default)'} on {where}"


def _first_line(message: str) -> str:
    for raw in message.splitlines():
        line = raw.strip()
        if line:
            # libpq prefixes "connection to server at "h" (a), port p failed: " to each.
            return line.split(" failed: ", 1)[-1] if "connection to server" in line else line
    return message.strip()


def explain_server_error(error: BaseException, url: URL) -> StoreError | None:
    """The user's explanation of a PostgreSQL failure; None for anything else (a bug)."""
    if not isinstance(error, DBAPIError) or url.get_backend_name() != "postgresql":
        return None
    original = error.orig
    message = str(original)
    lower = message.lower()
    label = server_label(url)
    user = url.username or "(your login name)"
    detail = _first_line(message)
    lost = error.connection_invalidated or any(
        marker in lower
        for marker in (
            "server closed the connection",
            "terminating connection",
            "consuming input failed",
            "connection is lost",
            "connection already closed",
            "the connection is closed",
            "ssl syscall error",
            "could not receive data",
            "could not send data",
        )
    )
    # "failed: " marks a connection that never came up: that is not a loss.
    if lost and ("failed: " not in message or error.connection_invalidated):
        return ConnectionLost(
            f"The connection to {label} was lost ({detail}); what was being saved was "
            "not saved and nothing was changed. Check the network or the server, then "
            "try again."
        )
    if "password authentication failed" in lower:
        return AccessRefused(
            f"{label} refused user {user}: wrong password. Check the password in your "
            "~/.pgpass (or PGPASSFILE) or service file; nothing was changed."
        )
    if "no password supplied" in lower or "password is required" in lower:
        return PasswordRequired(
            f"{label} asks a password for user {user} and none was given. Put it in "
            "~/.pgpass (or PGPASSFILE) or your libpq service file, never in the address; "
            "nothing was changed."
        )
    if "database" in lower and "does not exist" in lower:
        return AccessRefused(
            f"{label} does not exist on that server ({detail}). Check the name, or ask "
            "the administrator to create it; nothing was changed."
        )
    if "role" in lower and "does not exist" in lower:
        return AccessRefused(
            f"{label}: the server has no user {user} ({detail}). Ask the administrator; "
            "nothing was changed."
        )
    if "pg_hba.conf" in lower:
        return AccessRefused(
            f"{label} does not accept connections from this machine or user ({detail}). "
            "The administrator allows them in pg_hba.conf; nothing was changed."
        )
    if "certificate" in lower or "ssl" in lower or "tls" in lower:
        return ServerUnreachable(
            f"No secure connection to {label} ({detail}). Check sslrootcert (the CA file) "
            "and that the server's certificate names this host; nothing was changed."
        )
    if any(
        marker in lower
        for marker in (
            "connection refused",
            "could not connect",
            "could not translate host name",
            "failed to resolve host",
            "name or service not known",
            "timeout expired",
            "connection timeout",
            "no route to host",
            "network is unreachable",
            "is the server running",
            "the database system is starting up",
            "the database system is shutting down",
            "definition of service",
        )
    ):
        return ServerUnreachable(
            f"Cannot reach {label} ({detail}). Is the server running and the address "
            "right? Nothing was changed."
        )
    if "permission denied" in lower or "must be owner" in lower:
        return AccessRefused(
            f"{label}: user {user} may not do that ({detail}); nothing was changed."
        )
    if "failed: " in message or "connection" in lower:
        return ServerUnreachable(f"Cannot use {label} ({detail}); nothing was changed.")
    return None
