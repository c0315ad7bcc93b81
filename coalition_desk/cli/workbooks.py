"""The workbook commands: pack, export, import (the work is in coalition_desk.reports).

Exit codes follow the command line's contract: 0 done, 2 bad input (the reasons on
stderr, nothing changed), 3 an import found conflicts that need a decision (listed;
nothing changed).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from coalition_desk.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CONFLICTS,
    EXIT_OK,
    Command,
    Subparsers,
)
from coalition_desk.store.location import default_database


def add_parsers(sub: Subparsers) -> dict[str, Command]:
    # Asked without importing: the reports pull in openpyxl, a second of every start.
    if importlib.util.find_spec("coalition_desk.reports") is None:
        return {}
    pack = sub.add_parser("pack", help="write the Excel meeting pack for one meeting")
    pack.add_argument("meeting", metavar="MEETING", help="the meeting's UUID or its date")
    pack.add_argument("file", metavar="FILE.xlsx")
    export = sub.add_parser("export", help="write the whole register to a workbook")
    export.add_argument("file", metavar="FILE.xlsx")
    export.add_argument("--no-audit", action="store_true", help="leave out the Audit sheet")
    imported = sub.add_parser(
        "import", help="merge a register workbook in (all or nothing; exit 3 on conflicts)"
    )
    imported.add_argument("file", metavar="FILE.xlsx")
    imported.add_argument(
        "--dry-run", action="store_true", help="check the workbook and report; write nothing"
    )
    imported.add_argument("--take", choices=("mine", "theirs"),
                          help="decide every conflict this way")
    return {"pack": cmd_pack, "export": cmd_export, "import": cmd_import}


def _database(args: argparse.Namespace):  # noqa: ANN202
    """The register opened to be read only: nothing is written beside it (so it works on
    a full or read-only disk) and a mistyped name creates nothing. A register of an older
    schema is upgraded first, as its only writer."""
    from coalition_desk.store.engine import open_database
    from coalition_desk.store.errors import DatabaseReadOnly
    from coalition_desk.store.lock import open_for_writing

    target = args.db or default_database()
    try:
        return open_database(target, read_only=True, create=False)
    except DatabaseReadOnly:
        return open_for_writing(target, create=False)


def cmd_export(args: argparse.Namespace) -> int:
    from coalition_desk.reports.export import export_register
    from coalition_desk.reports.paths import workbook_target

    path = workbook_target(args.file)
    database = _database(args)
    try:
        summary = export_register(database, path, include_audit=not args.no_audit)
    finally:
        database.dispose()
    for line in summary.lines():
        print(line)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from coalition_desk.reports.importer import import_register

    if args.dry_run:
        database = _database(args)  # a mistyped register name must not create one
    else:
        from coalition_desk.store.lock import open_for_writing

        # An import writes: it must be the register's only writer.
        database = open_for_writing(args.db or default_database())
    try:
        report = import_register(database, Path(args.file), dry_run=args.dry_run, origin="cli",
                                 take=args.take)
    finally:
        database.dispose()
    if report.conflicts and not report.problems:
        for line in report.conflicts:
            print(line)
        for line in report.summary_lines():
            print(f"coalition-desk: {line}", file=sys.stderr)
        return EXIT_CONFLICTS
    if not report.ok:
        for line in report.problem_lines():
            print(f"coalition-desk: {line}", file=sys.stderr)
        for line in report.summary_lines():
            print(f"coalition-desk: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in report.summary_lines():
        print(line)
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    from coalition_desk.reports.pack import write_meeting_pack
    from coalition_desk.reports.paths import workbook_target
    from coalition_desk.services.meetings import find_meeting
    from coalition_desk.store.health import ensure_readable

    path = workbook_target(args.file)
    database = _database(args)
    try:
        ensure_readable(database, "the meeting pack")
        # An unknown meeting is services' NotFound, a BadInput: exit 2 with its reason.
        meeting = find_meeting(database, args.meeting)
        written = write_meeting_pack(database, meeting.uuid, path)
    finally:
        database.dispose()
    print(f"Wrote the meeting pack for {meeting.title} ({meeting.date_label}) to {written}.")
    return EXIT_OK
