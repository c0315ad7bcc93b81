"""Officers of a register on a server: PostgreSQL login roles in one of three groups.

- reader: opens the register and makes packs and exports; every write is refused by the
  server itself (no INSERT/UPDATE/DELETE granted);
- editor: also writes records (and so the audit trail and the search index);
- admin: also writes the register's settings and manages users (CREATEROLE).

The groups are per database (``<database>_reader`` ...): one cluster may hold several
registers, and a role is cluster-wide. A password is handed to the server only as a
SCRAM verifier computed here (libpq's PQencryptPasswordConn), never as plain text, and
is never stored by Coalition Desk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from coalition_desk.store.engine import Database
from coalition_desk.store.errors import StoreError

ROLES = ("reader", "editor", "admin")
# Tables an editor may not write: the register's own properties belong to admins.
ADMIN_ONLY_TABLES = frozenset({"settings", "alembic_version"})
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class UserError(StoreError):
    """A user command that cannot be carried out (bad name, unknown user, not a server)."""


@dataclass(frozen=True, slots=True)
class Officer:
    name: str
    role: str
    can_log_in: bool


def _require_server(database: Database) -> None:
    if not database.on_server:
        raise UserError(
            "Users and roles are for a register on a PostgreSQL server; a register file "
            "belongs to whoever holds it."
        )


def _checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise UserError(
            f"{name!r} is not a user name the server accepts here: use lower-case letters, "
            "digits and _, starting with a letter (at most 63)."
        )
    return name


def group_name(connection: Connection, role: str) -> str:
    database = connection.execute(text("SELECT current_database()")).scalar_one()
    safe = re.sub(r"[^a-z0-9_]", "_", str(database).lower())[:50]
    return f"{safe}_{role}"


def _quoted(connection: Connection, identifier: str) -> str:
    return str(connection.execute(text("SELECT quote_ident(:i)"), {"i": identifier}).scalar())


def ensure_groups(connection: Connection) -> dict[str, str]:
    """The three group roles with their grants on every table of the register (again
    after a schema upgrade: new tables get the same grants)."""
    groups = {role: group_name(connection, role) for role in ROLES}
    database = _quoted(
        connection, str(connection.execute(text("SELECT current_database()")).scalar())
    )
    tables = list(
        connection.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        ).scalars()
    )
    for role, group in groups.items():
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}
        ).scalar()
        quoted = _quoted(connection, group)
        if not exists:
            connection.execute(text(f"CREATE ROLE {quoted} NOLOGIN"))
        connection.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {quoted}"))
        connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
        connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {quoted}"))
        if role == "reader":
            continue
        connection.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {quoted}"))
        for table in tables:
            if table in ADMIN_ONLY_TABLES and role != "admin":
                continue
            if table == "alembic_version":
                continue  # upgrades run as the register's owner
            connection.execute(
                text(f"GRANT INSERT, UPDATE, DELETE ON {_quoted(connection, table)} TO {quoted}")
            )
    return groups


def add_user(database: Database, name: str, role: str, password: str | None = None) -> Officer:
    _require_server(database)
    _checked_name(name)
    if role not in ROLES:
        raise UserError(f"{role!r} is not a role; choose one of {', '.join(ROLES)}.")
    with database.engine.begin() as connection:
        groups = ensure_groups(connection)
        quoted = _quoted(connection, name)
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": name}
        ).scalar()
        if exists:
            raise UserError(f"The server already has a user {name}; nothing was changed.")
        extra = " CREATEROLE" if role == "admin" else ""
        connection.execute(text(f"CREATE ROLE {quoted} LOGIN{extra}"))
        connection.execute(text(f"GRANT {_quoted(connection, groups[role])} TO {quoted}"))
        if role == "admin":
            # An admin hands out the groups to others (PostgreSQL 16 asks for the ADMIN
            # option explicitly; 15 lets CREATEROLE do it).
            for group in groups.values():
                connection.execute(
                    text(f"GRANT {_quoted(connection, group)} TO {quoted} WITH ADMIN OPTION")
                )
        if password:
            verifier = _scram_verifier(connection, name, password)
            # Not text(): the verifier's colons would read as bind parameters.
            connection.exec_driver_sql(f"ALTER ROLE {quoted} PASSWORD '{verifier}'")
    return Officer(name, role, True)


def _scram_verifier(connection: Connection, name: str, password: str) -> str:
    raw = connection.connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
    text_value = verifier.decode("ascii")
    if "'" in text_value:  # a verifier is base64 and punctuation: never a quote
        raise UserError("The server's password hash came back malformed; nothing was changed.")
    return text_value


def list_users(database: Database) -> list[Officer]:
    _require_server(database)
    with database.engine.begin() as connection:
        groups = {group_name(connection, role): role for role in ROLES}
        rows = connection.execute(
            text(
                "SELECT u.rolname, g.rolname, u.rolcanlogin FROM pg_roles u "
                "JOIN pg_auth_members m ON m.member = u.oid JOIN pg_roles g ON g.oid = m.roleid "
                "WHERE g.rolname = ANY(:groups) ORDER BY u.rolname"
            ),
            {"groups": list(groups)},
        ).all()
    strongest: dict[str, Officer] = {}
    for user, group, can_log_in in rows:
        role = groups[group]
        known = strongest.get(user)
        if known is None or ROLES.index(role) > ROLES.index(known.role):
            strongest[user] = Officer(user, role, bool(can_log_in))
    return list(strongest.values())


def remove_user(database: Database, name: str) -> None:
    _require_server(database)
    _checked_name(name)
    if name not in {officer.name for officer in list_users(database)}:
        raise UserError(f"{name} is not a user of this register; nothing was changed.")
    with database.engine.begin() as connection:
        quoted = _quoted(connection, name)
        for role in ROLES:
            group = _quoted(connection, group_name(connection, role))
            connection.execute(text(f"REVOKE {group} FROM {quoted}"))
        # Other registers on the cluster may know the role too: it is dropped only when
        # this register's groups were all it had.
        elsewhere = connection.execute(
            text(
                "SELECT count(*) FROM pg_auth_members m JOIN pg_roles u ON u.oid = m.member "
                "WHERE u.rolname = :n"
            ),
            {"n": name},
        ).scalar()
        if not elsewhere:
            connection.execute(text(f"DROP ROLE {quoted}"))
