"""Full register export to a workbook, and the memory it takes beyond the open register.

Floor: every record table (and the audit) read with sqlite3 and appended to a bare
openpyxl write-only workbook, one sheet per table. ``extra_mb`` is the peak resident
memory during the export minus the resident memory just before it.
"""

from __future__ import annotations

import argparse
import os

from common import main, peak_rss_mb, require, reset_peak_rss, rss_mb, timed

TABLES = ("nations", "people", "meetings", "attendance", "issues", "positions", "pledges",
          "questions", "audit")  # fmt: skip


def _measured(action) -> dict[str, float]:
    before = rss_mb()
    reset_peak_rss()
    seconds = timed(action)
    return {"seconds": seconds, "extra_mb": max(0.0, peak_rss_mb() - before)}


def ours(args: argparse.Namespace) -> dict[str, float]:
    export_register = require("coalition_desk.reports.export", "export_register")
    from coalition_desk.store.engine import open_database

    database = open_database(args.db)
    target = args.work / f"export-ours-{os.getpid()}.xlsx"
    result = _measured(lambda: export_register(database, target))
    target.unlink()
    return result


def floor(args: argparse.Namespace) -> dict[str, float]:
    import sqlite3

    from openpyxl import Workbook

    target = args.work / f"export-floor-{os.getpid()}.xlsx"

    def export() -> None:
        connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        workbook = Workbook(write_only=True)
        for table in TABLES:
            sheet = workbook.create_sheet(table)
            cursor = connection.execute(f"SELECT * FROM {table}")
            sheet.append([column[0] for column in cursor.description])
            for row in cursor:
                sheet.append(row)
        workbook.save(target)
        connection.close()

    result = _measured(export)
    target.unlink()
    return result


if __name__ == "__main__":
    main(ours, floor)
