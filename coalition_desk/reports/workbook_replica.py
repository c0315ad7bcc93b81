"""A checked register workbook as the other side of a merge (an import is a merge)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coalition_desk.domain import records as rec
from coalition_desk.reports.register_format import (
    ABOUT_SHEET,
    DELETED_SHEET,
    REDIRECTS_SHEET,
)
from coalition_desk.reports.sheet_reader import present_rows
from coalition_desk.reports.validator import ParsedSheet
from coalition_desk.services.entities import SPEC_BY_NAME
from coalition_desk.services.merge.replica import Redirect, Replica, Tombstone
from coalition_desk.store.models import new_uuid
from coalition_desk.store.versions import split


def replica_from_workbook(
    path: Path,
    parsed: dict[str, ParsedSheet],
    extra: dict[str, list[tuple]],
    about: dict[str, object],
) -> Replica:
    records: dict[str, dict[str, rec.Record]] = {}
    for entity, sheet in parsed.items():
        by_uuid: dict[str, rec.Record] = {}
        for _number, record in sheet.rows:
            if not record.uuid:
                values = {n: getattr(record, n) for n in rec.all_field_names(type(record))}
                record = type(record)(**{**values, "uuid": new_uuid()})  # noqa: PLW2901
            by_uuid[record.uuid] = record
        records[entity] = by_uuid
    tombstones = {}
    for row in extra.get(DELETED_SHEET, []):
        if len(row) >= 5 and row[0] and row[1] in SPEC_BY_NAME:
            tombstones[str(row[0])] = Tombstone(
                str(row[0]), str(row[1]), _stamp(row[2]), str(row[3] or ""),
                tuple(split(str(row[4] or ""))))
    redirects = {}
    for row in extra.get(REDIRECTS_SHEET, []):
        if len(row) >= 3 and row[0] and row[1] and row[2] in SPEC_BY_NAME:
            redirects[str(row[0])] = Redirect(str(row[0]), str(row[1]), str(row[2]))
    return Replica(
        name=str(about.get("source") or path.stem),
        register_id=str(about.get("register_id") or ""),
        records=records, tombstones=tombstones, redirects=redirects, from_workbook=True,
    )


def _stamp(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def merge_sheets(workbook: object) -> tuple[dict[str, list[tuple]], dict[str, object]]:
    """Format 2's Deleted and Redirects rows, and the About sheet's facts."""
    extra: dict[str, list[tuple]] = {}
    for title in (DELETED_SHEET, REDIRECTS_SHEET):
        if title in workbook.sheetnames:  # type: ignore[attr-defined]
            rows = [dense(cells) for _n, cells in present_rows(workbook[title])]  # type: ignore[index]
            extra[title] = rows[1:]
    about: dict[str, object] = {}
    for number, cells in present_rows(workbook[ABOUT_SHEET]):  # type: ignore[index]
        if number > 20:
            break
        row = dense(cells)
        if row and isinstance(row[0], str) and len(row) > 1:
            about[row[0]] = row[1]
    return extra, about


def dense(cells: list[tuple[int, object]]) -> tuple:
    if not cells:
        return ()
    values: list[object] = [None] * max(column for column, _ in cells)
    for column, value in cells:
        values[column - 1] = value
    return tuple(values)
