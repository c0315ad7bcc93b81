"""Meeting pack of a 30-nation meeting (the first with exactly 30 at L).

Floor: the same cells written with bare openpyxl. Our pack is written once per run,
untimed, to know them: every cell's value, look (font, fill, border, alignment, number
format) and comment, each sheet's merged ranges, column widths, row heights, frozen
panes and pictures. The floor gives each distinct look one named style and sets cells
by that name, the quickest way openpyxl's public interface offers (setting font, fill,
border and alignment cell by cell takes a third longer).

The floor also reports, for information, the same values and comments written with no
looks, merges or sizes at all (``values_only_seconds``): the bare minimum of bytes.
"""

from __future__ import annotations

import argparse
import io
import os
from copy import copy
from pathlib import Path
from typing import Any

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
    return {"seconds": seconds, "values_only_seconds": seconds}


def _read_reference(reference: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    book = load_workbook(reference)
    sheets = []
    for sheet in book.worksheets:
        cells = []
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style and cell.comment is None:
                    continue
                look = (
                    (copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment),
                     cell.number_format, copy(cell.protection))
                    if cell.has_style else None
                )
                comment = (cell.comment.text, cell.comment.author) if cell.comment else None
                cells.append((cell.row, cell.column, cell.value, look, comment))
        sheets.append({
            "title": sheet.title,
            "cells": cells,
            "merged": [str(merged) for merged in sheet.merged_cells.ranges],
            "widths": {key: d.width for key, d in sheet.column_dimensions.items() if d.width},
            "heights": {key: d.height for key, d in sheet.row_dimensions.items() if d.height},
            "freeze": sheet.freeze_panes,
            "pictures": [(image._data(), image.anchor) for image in sheet._images],
        })
    book.close()
    return sheets


def _write_bare(sheets: list[dict[str, Any]], target: Path, *, looks: bool) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.drawing.image import Image
    from openpyxl.styles import NamedStyle

    out = Workbook()
    out.remove(out.active)
    style_names: dict[str, str] = {}
    for found in sheets:
        sheet = out.create_sheet(found["title"])
        for row, column, value, look, comment in found["cells"]:
            cell = sheet.cell(row=row, column=column, value=value)
            if looks and look is not None:
                key = repr(look)
                name = style_names.get(key)
                if name is None:
                    name = style_names[key] = f"look {len(style_names)}"
                    font, fill, border, alignment, number_format, protection = look
                    out.add_named_style(NamedStyle(
                        name, font=copy(font), fill=copy(fill), border=copy(border),
                        alignment=copy(alignment), number_format=number_format,
                        protection=copy(protection)))
                cell.style = name
            if comment is not None:
                cell.comment = Comment(*comment)
        if looks:
            for merged in found["merged"]:
                sheet.merge_cells(merged)
            for key, width in found["widths"].items():
                sheet.column_dimensions[key].width = width
            for key, height in found["heights"].items():
                sheet.row_dimensions[key].height = height
            sheet.freeze_panes = found["freeze"]
        for raw, anchor in found["pictures"]:
            sheet.add_image(Image(io.BytesIO(raw)), anchor if isinstance(anchor, str) else "A1")
    out.save(target)


def floor(args: argparse.Namespace) -> dict[str, float]:
    reference = args.work / f"pack-{args.scale}.xlsx"
    if not reference.exists():
        _write_ours(args.db, reference)
    sheets = _read_reference(reference)
    target = args.work / f"pack-floor-{os.getpid()}.xlsx"
    # The goal's floor first, so the informational one is the one that runs warm.
    seconds = timed(lambda: _write_bare(sheets, target, looks=True))
    values_only = timed(lambda: _write_bare(sheets, target, looks=False))
    target.unlink()
    return {"seconds": seconds, "values_only_seconds": values_only}


if __name__ == "__main__":
    main(ours, floor)
