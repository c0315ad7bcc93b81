"""Command line: coalition-desk [--db PATH_OR_URL] [COMMAND].

Exit codes: 0 success, 1 ``check`` found problems, 2 bad usage or bad input (one
clear line on stderr, nothing changed), 3 a merge or import found conflicts that need
a decision (nothing changed). Each group of commands lives in its own
module and adds its parsers and handlers here; the work itself is in the layers below.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from collections.abc import Sequence

from coalition_desk import APP_NAME, __version__
from coalition_desk.cli import capture, merge, register, team, workbooks
from coalition_desk.cli.common import EXIT_BAD_INPUT, Command
from coalition_desk.domain.errors import BadInput
from coalition_desk.domain.validation import ValidationError
from coalition_desk.logging_setup import configure_logging
from coalition_desk.store.errors import StoreError
from coalition_desk.store.location import DB_ENV, default_database

log = logging.getLogger(__name__)

GROUPS = (register, workbooks, team, capture, merge)


def build_parser(commands: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coalition-desk",
        description=f"{APP_NAME}: follow a multinational negotiation, offline.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"database file, SQLAlchemy URL (postgresql://user@host/db) or libpq "
        f"service=NAME (default: ${DB_ENV} or the user data folder)",
    )
    parser.add_argument("--selftest", action="store_true", help="check this installation works")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        found = group.add_parsers(sub)
        if commands is not None:
            commands.update(found)
    return parser


def run_window(args: argparse.Namespace) -> int:
    try:
        from coalition_desk.ui.app import run
    except ImportError as error:
        print(f"coalition-desk: the window cannot start here ({error}).", file=sys.stderr)
        return EXIT_BAD_INPUT
    return run(args.db or default_database())


def _remove_stopped_writers_leftovers(*, wait: bool) -> None:
    from coalition_desk.reports.paths import scratch_journal_has_entries

    if not scratch_journal_has_entries():
        # Nothing was left (the usual start): no thread to wait for, and no openpyxl,
        # which the clean-up module loads, for a command that needs none.
        return
    from coalition_desk.reports.scratch import remove_leftovers_in_background

    cleaner = remove_leftovers_in_background()
    if wait:
        # A command may end before a background thread would; the window runs long.
        cleaner.join(timeout=10)


def main(argv: Sequence[str] | None = None) -> int:
    configure_logging()
    commands: dict[str, Command] = {}
    parser = build_parser(commands)
    args = parser.parse_args(argv)
    _remove_stopped_writers_leftovers(wait=args.command is not None)
    try:
        if args.selftest:
            from coalition_desk.ui.selftest import run_selftest

            return run_selftest()
        if args.command is None:
            return run_window(args)
        return commands[args.command](args)
    except (StoreError, BadInput, ValidationError, FileNotFoundError) as error:
        print(f"coalition-desk: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        # The environment's fault (disk full, permission denied): tell the user plainly,
        # in one line; the traceback goes to the log file only.
        log.info("command failed", exc_info=True)
        reason = "the disk is full" if error.errno == errno.ENOSPC else error.strerror or error
        print(f"coalition-desk: {reason}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
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
