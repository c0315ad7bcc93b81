"""Team mode's commands: copy (a whole register into an empty database, file or server)
and user (the officers of a register on a server and their roles)."""

from __future__ import annotations

import argparse
import getpass
import sys

from coalition_desk.cli.common import EXIT_OK, Command, Subparsers, open_register
from coalition_desk.domain.errors import BadInput


def add_parsers(sub: Subparsers) -> dict[str, Command]:
    copy = sub.add_parser(
        "copy", help="copy the whole register into an empty database (file or server)"
    )
    copy.add_argument("destination", metavar="DEST", help="file path, URL or service=NAME")
    user = sub.add_parser("user", help="officers of a register on a server (add, list, remove)")
    actions = user.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="a new login with a role")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=("reader", "editor", "admin"))
    add.add_argument(
        "--password-stdin", action="store_true",
        help="read the new user's password from standard input (else asked, if a terminal)",
    )
    actions.add_parser("list", help="the register's users and their roles")
    remove = actions.add_parser("remove", help="take a user's access away")
    remove.add_argument("name", metavar="NAME")
    return {"copy": cmd_copy, "user": cmd_user}


def cmd_user(args: argparse.Namespace) -> int:
    from coalition_desk.services.team import users

    database = open_register(args, create=False, upgrade=False)
    try:
        if args.user_action == "list":
            for officer in users.list_users(database):
                suffix = "" if officer.can_log_in else " (cannot log in)"
                print(f"{officer.name}\t{officer.role}{suffix}")
        elif args.user_action == "add":
            added = users.add_user(database, args.name, args.role, _new_password(args))
            print(f"Added {added.name} as {added.role} of {database.display_name}.")
        else:
            users.remove_user(database, args.name)
            print(f"Removed {args.name} from {database.display_name}.")
    finally:
        database.dispose()
    return EXIT_OK


def _new_password(args: argparse.Namespace) -> str | None:
    """Never from the command line itself (other users see it in the process list)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n") or None
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password for {args.name} (empty: none, e.g. TLS certificates): ")
        if first and getpass.getpass("Again: ") != first:
            raise BadInput("The two passwords differ; nothing was changed.")
        return first or None
    return None


def cmd_copy(args: argparse.Namespace) -> int:
    from coalition_desk.services.team.copy import copy_register
    from coalition_desk.store.lock import open_for_writing

    # The source is only read (and may stay open in a window meanwhile).
    source = open_register(args, create=False, upgrade=False)
    try:
        destination = open_for_writing(args.destination)
        try:
            summary = copy_register(source, destination)
        finally:
            destination.dispose()
    finally:
        source.dispose()
    print(f"Copied {summary.describe()} from {source.display_name} to {destination.display_name}.")
    return EXIT_OK
