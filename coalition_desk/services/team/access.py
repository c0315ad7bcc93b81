"""Who is signed in to a register, and what they may do there: the window shows it.

On a server the rights are the server's (services/team/users.py grants them), read
from the privileges the signed-in role holds, so a role granted by hand is described
as truly as one made by ``coalition-desk user add``. A register file has no signing in:
whoever holds the file may write it, unless it was opened read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from coalition_desk.store.engine import Database
from coalition_desk.store.reads import reading


@dataclass(frozen=True, slots=True)
class Access:
    """``user`` is the database role (empty for a file), ``where`` the register's place."""

    user: str
    where: str
    may_write: bool
    may_manage: bool
    on_server: bool

    @property
    def role(self) -> str:
        """What the rights amount to, in the words of ``coalition-desk user``."""
        if self.may_manage:
            return "admin"
        return "editor" if self.may_write else "reader"

    @property
    def read_only_reason(self) -> str:
        """Why nothing can be changed here, for tooltips; empty when something can."""
        if self.may_write:
            return ""
        if self.on_server:
            return (
                f"You are signed in as {self.user} with read-only access (reader): the "
                "server refuses your changes. An admin can give you the editor role "
                "(coalition-desk user add)."
            )
        return "This register is open read-only; nothing can be changed in it."


def access_of(database: Database) -> Access:
    if not database.on_server:
        writable = not database.read_only
        return Access("", database.display_name, writable, writable, on_server=False)
    # One statement, asked before the window's first paint: on a server, no
    # transaction's round trips around it (store/reads.py).
    with reading(database) as session:
        user, may_write, may_manage = session.execute(
            text(
                # A list of privileges is true when any one is held: each on its own.
                "SELECT session_user, "
                "has_table_privilege('positions', 'INSERT') "
                "AND has_table_privilege('positions', 'UPDATE') "
                "AND has_table_privilege('audit', 'INSERT'), "
                "has_table_privilege('settings', 'UPDATE')"
            )
        ).one()
    may_write = bool(may_write) and not database.read_only
    return Access(
        str(user), database.display_name, may_write, may_write and bool(may_manage),
        on_server=True,
    )  # fmt: skip
