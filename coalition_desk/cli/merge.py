"""The merge command: take a colleague's register or register workbook (docs/merge.md).

The work is in coalition_desk.services.merge (and reports.merge_source for workbooks).
Exit codes: 0 merged (or nothing to merge), 2 bad input, 3 conflicts need a decision
(nothing changed).
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from coalition_desk.cli.common import Command, Subparsers, open_register


def add_parsers(sub: Subparsers) -> dict[str, Command]:
    # Workbooks need the reports; without them (a trimmed install) there is no merge.
    if importlib.util.find_spec("coalition_desk.reports") is None:
        return {}
    merge = sub.add_parser(
        "merge", help="take a colleague's register (.sqlite3) or register workbook (.xlsx); "
        "exit 3 when conflicts need a decision")
    merge.add_argument("other", metavar="OTHER")
    merge.add_argument("--dry-run", action="store_true",
                       help="list what would be added, changed, deleted; write nothing")
    merge.add_argument("--take", choices=("mine", "theirs"),
                       help="decide every conflict this way")
    return {"merge": cmd_merge}


def cmd_merge(args: argparse.Namespace) -> int:
    from coalition_desk.reports.merge_source import merge_command

    database = open_register(args, create=False)
    try:
        return merge_command(database, Path(args.other), dry_run=args.dry_run, take=args.take)
    finally:
        database.dispose()
