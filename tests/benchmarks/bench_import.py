"""Full register import of the workbook our export wrote, into an empty database.

Floor: the same workbook parsed with openpyxl in read-only mode and every row inserted
with sqlite3 executemany into a bare table per sheet, in one transaction.
The workbook is written once per run (by our export, untimed) and shared by both.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from common import main, require, timed


def workbook(args: argparse.Namespace) -> Path:
    path = args.work / f"register-{args.scale}.xlsx"
    if not path.exists():
        export_register = require("coalition_desk.reports.export", "export_register")
        from coalition_desk.store.engine import open_database

        database = open_database(args.db)
        partial = args.work / f"register-{args.scale}.partial.xlsx"
        export_register(database, partial)
        database.dispose()
        partial.rename(path)
    return path


def ours(args: argparse.Namespace) -> dict[str, float]:
    source = workbook(args)
    import_register = require("coalition_desk.reports.importer", "import_register")
    from coalition_desk.store.engine import open_database

    target = args.work / f"import-ours-{os.getpid()}.sqlite3"
    database = open_database(target)
    reports = []
    seconds = timed(lambda: reports.append(import_register(database, source)))
    database.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    if reports[0].problems:
        raise RuntimeError(f"the import was refused: {reports[0].problems[:3]}")
    return {"seconds": seconds}


def floor(args: argparse.Namespace) -> dict[str, float]:
    import sqlite3

    from openpyxl import load_workbook

    source = workbook(args)
    target = args.work / f"import-floor-{os.getpid()}.sqlite3"

    def load() -> None:
        book = load_workbook(source, read_only=True)
        connection = sqlite3.connect(target)
        with connection:
            for index, sheet in enumerate(book.worksheets):
                rows = sheet.iter_rows(values_only=True)
                header = next(rows, None)
                if not header:
                    continue
                columns = ", ".join(f"c{i} TEXT" for i in range(len(header)))
                connection.execute(f"CREATE TABLE t{index} ({columns})")
                marks = ", ".join("?" * len(header))
                connection.executemany(
                    f"INSERT INTO t{index} VALUES ({marks})",
                    (row for row in rows if len(row) == len(header)),
                )
        connection.close()
        book.close()

    seconds = timed(load)
    target.unlink()
    return {"seconds": seconds}


if __name__ == "__main__":
    main(ours, floor)
