"""Meeting pack of a 30-nation meeting (the first with exactly 30 at L).

Floor: the same cells (every value of every sheet of our pack, and its pictures) written
with bare openpyxl, no styles; our pack is written once per run, untimed, to know them.
"""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

import data
from common import main, require, timed


def _write_ours(db: Path, target: Path) -> float:
    write_meeting_pack = require("coalition_desk.reports.pack", "write_meeting_pack")
    from coalition_desk.store.engine import open_database

    database = open_database(db)
    meeting_uuid, _ = data.pack_meeting(db)
    seconds = timed(lambda: write_meeting_pack(database, meeting_uuid, target))
    database.dispose()
    return seconds


def ours(args: argparse.Namespace) -> dict[str, float]:
    target = args.work / f"pack-ours-{os.getpid()}.xlsx"
    seconds = _write_ours(args.db, target)
    target.unlink()
    return {"seconds": seconds}


def floor(args: argparse.Namespace) -> dict[str, float]:
    from openpyxl import Workbook, load_workbook
    from openpyxl.drawing.image import Image

    reference = args.work / f"pack-{args.scale}.xlsx"
    if not reference.exists():
        _write_ours(args.db, reference)
    book = load_workbook(reference)
    sheets = []
    for sheet in book.worksheets:
        cells = [
            (cell.row, cell.column, cell.value)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        pictures = [(image._data(), image.anchor) for image in sheet._images]
        sheets.append((sheet.title, cells, pictures))
    book.close()
    target = args.work / f"pack-floor-{os.getpid()}.xlsx"

    def write() -> None:
        out = Workbook()
        out.remove(out.active)
        for title, cells, pictures in sheets:
            sheet = out.create_sheet(title)
            for row, column, value in cells:
                sheet.cell(row=row, column=column, value=value)
            for raw, anchor in pictures:
                picture = Image(io.BytesIO(raw))
                sheet.add_image(picture, anchor if isinstance(anchor, str) else "A1")
        out.save(target)

    seconds = timed(write)
    target.unlink()
    return {"seconds": seconds}


if __name__ == "__main__":
    main(ours, floor)
