"""The register's own commands: init, check, backup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coalition_desk.cli.common import EXIT_FINDINGS, EXIT_OK, Command, Subparsers, open_register
from coalition_desk.domain.wording import plural
from coalition_desk.store.errors import NotEmptyError
from coalition_desk.store.location import default_database


def add_parsers(sub: Subparsers) -> dict[str, Command]:
    init = sub.add_parser("init", help="create a register (refuses a non-empty database)")
    init.add_argument("--demo", action="store_true", help="fill it with the reference scenario")
    sub.add_parser("check", help="integrity check; exit 1 when problems are found")
    backup = sub.add_parser(
        "backup",
        help="the way to copy a register: consistent, safe while the app is open (a copy of "
        "the .sqlite3 file alone can miss recent edits kept beside it in its -wal)",
    )
    backup.add_argument("destination", metavar="DEST")
    backup.add_argument("--force", action="store_true", help="replace DEST if it exists")
    return {"init": cmd_init, "check": cmd_check, "backup": cmd_backup}


def cmd_init(args: argparse.Namespace) -> int:
    from coalition_desk.services import demo, records

    database = open_register(args)
    try:
        if not records.is_empty(database):
            raise NotEmptyError(
                f"{database.display_name} already holds records; init refuses a non-empty "
                "database. Nothing was changed."
            )
        if args.demo:
            changes = demo.install_demo(database, origin="cli")
            print(
                f"Created the demo scenario in {database.display_name} "
                f"({len(changes.changes)} records)."
            )
        else:
            print(f"Created an empty register in {database.display_name}.")
    finally:
        database.dispose()
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from coalition_desk.store.check import check_database, check_unopenable_file
    from coalition_desk.store.engine import sqlite_path, to_url
    from coalition_desk.store.errors import DatabaseDamaged

    try:
        database = open_register(args, create=False, upgrade=False, read_only=True)
    except DatabaseDamaged as error:
        # Too damaged to open as a register: SQLite's own check still lists findings.
        path = sqlite_path(to_url(args.db or default_database()))
        if path is None:
            raise
        print(f"open: {error}")
        for finding in check_unopenable_file(path):
            print(finding)
        print(f"{path} cannot be opened as a register.", file=sys.stderr)
        return EXIT_FINDINGS
    try:
        findings = check_database(database)
    finally:
        database.dispose()
    for finding in findings:
        print(finding)
    if findings:
        print(f"{plural(len(findings), 'problem')} found in {database.display_name}.",
              file=sys.stderr)
        return EXIT_FINDINGS
    print(f"{database.display_name}: no problems found.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from coalition_desk.services.backup import make_backup

    database = open_register(args, create=False, upgrade=False, read_only=True)
    try:
        destination = make_backup(database, Path(args.destination), overwrite=args.force)
    finally:
        database.dispose()
    print(f"Backed up to {destination}.")
    return EXIT_OK
