"""Team mode's commands: copy (a whole register into an empty database, file or server)."""

from __future__ import annotations

import argparse

from coalition_desk.cli.common import EXIT_OK, Command, Subparsers, open_register


def add_parsers(sub: Subparsers) -> dict[str, Command]:
    copy = sub.add_parser(
        "copy", help="copy the whole register into an empty database (file or server)"
    )
    copy.add_argument("destination", metavar="DEST", help="file path, URL or service=NAME")
    return {"copy": cmd_copy}


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
