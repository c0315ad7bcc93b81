"""`coalition-desk capture FILE [--date YYYY-MM-DD] [--json] [--apply]`: a readout's
proposals as a readable list, as JSON, or saved. The work is in coalition_desk.capture."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from coalition_desk.cli.common import EXIT_OK, Command, Subparsers, open_register
from coalition_desk.domain.errors import BadInput


def add_parsers(sub: Subparsers) -> dict[str, Command]:
    capture = sub.add_parser("capture", help="propose records from a readout (.txt or .eml)")
    capture.add_argument("file", metavar="FILE")
    capture.add_argument("--date", metavar="YYYY-MM-DD", help="the date of the report")
    shown = capture.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the proposals as JSON")
    shown.add_argument("--apply", action="store_true", help="save every proposal")
    return {"capture": cmd_capture}


def cmd_capture(args: argparse.Namespace) -> int:
    from coalition_desk.capture.apply import save
    from coalition_desk.capture.render import as_json, as_lines
    from coalition_desk.capture.session import capture_readout
    from coalition_desk.capture.source_file import read_readout

    report_date = _iso_date(args.date) if args.date else None
    # The file first: a bad one is refused before the register is even opened.
    readout = read_readout(Path(args.file))
    database = open_register(args, create=args.apply, upgrade=args.apply,
                             read_only=not args.apply)
    try:
        capture = capture_readout(database, readout, report_date)
        if args.apply:
            changes = save(database, capture, origin="cli capture")
            print(f"Saved {len(changes.created)} records from {capture.source} "
                  f"to {database.display_name}.")
        elif args.json:
            print(json.dumps(as_json(capture), ensure_ascii=False, indent=2))
        else:
            print("\n".join(as_lines(capture)))
    finally:
        database.dispose()
    return EXIT_OK


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"--date {value!r} is not a date as YYYY-MM-DD") from None
