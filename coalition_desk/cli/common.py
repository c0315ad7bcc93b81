"""What every command group shares: exit codes and opening the register it works on."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from coalition_desk.store.location import default_database

# 3: a merge or an import found conflicts that need a decision (nothing changed).
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_CONFLICTS = 0, 1, 2, 3

Command = Callable[[argparse.Namespace], int]
Subparsers = argparse._SubParsersAction


def open_register(args: argparse.Namespace, **options: bool):  # noqa: ANN201
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
