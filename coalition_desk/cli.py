"""Command line: coalition-desk [--db PATH_OR_URL] [COMMAND].

Exit codes: 0 success, 1 ``check`` found problems, 2 bad usage or bad input (one
clear line on stderr, nothing changed).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from coalition_desk import APP_NAME, __version__
from coalition_desk.domain.validation import ValidationError
from coalition_desk.logging_setup import configure_logging
from coalition_desk.store.errors import StoreError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
DB_ENV = "COALITION_DESK_DB"
log = logging.getLogger(__name__)


class UsageError(Exception):
    """Bad input from the user: reported as one line, exit code 2."""


def default_database() -> str:
    override = os.environ.get(DB_ENV)
    if override:
        return override
    import platformdirs

    folder = Path(platformdirs.user_data_dir("coalition-desk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "coalition-desk.sqlite3")


def _open(args: argparse.Namespace, **options: bool):  # noqa: ANN202
    """Open the register; as its only writer unless the command only reads.

    An open that may upgrade the schema writes, so it takes the writer lock (and is
    refused while a window or another command writes); ``upgrade=False`` opens are the
    readers (check, backup), which run safely beside a writer.
    """
    from coalition_desk.store.engine import open_database
    from coalition_desk.store.lock import open_for_writing

    target = args.db or default_database()
    if options.get("upgrade", True) and not options.get("read_only", False):
        return open_for_writing(target, create=options.get("create", True))
    return open_database(target, **options)


def cmd_init(args: argparse.Namespace) -> int:
    from coalition_desk.services import demo, records

    database = _open(args)
    try:
        if not records.is_empty(database):
            raise UsageError(
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
    from coalition_desk.store.check import check_database

    database = _open(args, create=False, upgrade=False)
    try:
        findings = check_database(database)
    finally:
        database.dispose()
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} problem(s) found in {database.display_name}.", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"{database.display_name}: no problems found.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from coalition_desk.services.backup import make_backup

    database = _open(args, create=False, upgrade=False)
    try:
        destination = make_backup(database, Path(args.destination), overwrite=args.force)
    finally:
        database.dispose()
    print(f"Backed up to {destination}.")
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    from coalition_desk.services.team.copy import copy_register
    from coalition_desk.store.lock import open_for_writing

    # The source is only read (and may stay open in a window meanwhile).

    source = _open(args, create=False, upgrade=False)
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


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init,
    "check": cmd_check,
    "backup": cmd_backup,
    "copy": cmd_copy,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coalition-desk",
        description=f"{APP_NAME}: follow a multinational negotiation, offline.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"database file or SQLAlchemy URL (default: ${DB_ENV} or the user data folder)",
    )
    parser.add_argument("--selftest", action="store_true", help="check this installation works")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = sub.add_parser("init", help="create a register (refuses a non-empty database)")
    init.add_argument("--demo", action="store_true", help="fill it with the reference scenario")
    sub.add_parser("check", help="integrity check; exit 1 when problems are found")
    backup = sub.add_parser("backup", help="consistent copy, safe while the app is open")
    backup.add_argument("destination", metavar="DEST")
    backup.add_argument("--force", action="store_true", help="replace DEST if it exists")
    copy = sub.add_parser(
        "copy", help="copy the whole register into an empty database (file or server)"
    )
    copy.add_argument("destination", metavar="DEST", help="file path, URL or service=NAME")
    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


# Other modules (reports) add their subcommands here: (add_parser(sub) -> None).
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def _register_extras() -> None:
    try:
        from coalition_desk.reports import commands as report_commands
    except ImportError:
        return
    report_commands.register(EXTRA_COMMANDS, COMMANDS)


def run_window(args: argparse.Namespace) -> int:
    try:
        from coalition_desk.ui.app import run
    except ImportError as error:
        print(f"coalition-desk: the window cannot start here ({error}).", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(args.db or default_database())


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging()
    _register_extras()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.selftest:
            from coalition_desk.ui.selftest import run_selftest

            return run_selftest()
        if args.command is None:
            return run_window(args)
        return COMMANDS[args.command](args)
    except (StoreError, UsageError, ValidationError, FileNotFoundError) as error:
        print(f"coalition-desk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        # The environment's fault (disk full, permission denied): tell the user plainly.
        log.exception("command failed")
        print(
            f"coalition-desk: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("coalition-desk: interrupted; nothing was changed.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:
        # A write refused half-way (another program's lock, read-only file, full disk)
        # is the environment's fault: one line for the user, not a traceback.
        from coalition_desk.store.engine import explain_database_error

        problem = explain_database_error(
            error, args.db or os.environ.get(DB_ENV) or "the register"
        )
        if problem is None:
            raise
        log.info("command failed: %s", error)
        print(f"coalition-desk: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
