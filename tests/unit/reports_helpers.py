"""Helpers shared by the workbook tests: edit an exported register, read sheets back."""

from __future__ import annotations

import hashlib
from pathlib import Path

from openpyxl import load_workbook

from coalition_desk.services import records
from coalition_desk.store import models
from coalition_desk.store.engine import Database


def sheet_values(path: Path, title: str) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in workbook[title].iter_rows(values_only=True)]
    finally:
        workbook.close()


def record_values(path: Path, title: str) -> list[tuple]:
    """A sheet's rows without the revisions column: a record first taken from a workbook
    gets a revision of its own (docs/merge.md), its values stay the same."""
    rows = sheet_values(path, title)
    if not rows or "revisions" not in rows[0]:
        return rows
    at = rows[0].index("revisions")
    return [row[:at] + row[at + 1:] for row in rows]


def edit_workbook(source: Path, target: Path, edits: dict[tuple[str, str], object]) -> None:
    """Copy ``source`` to ``target`` with cells changed: {(sheet, "D3"): value}."""
    workbook = load_workbook(source)
    for (sheet, coordinate), value in edits.items():
        workbook[sheet][coordinate] = value
    workbook.save(target)


def column_letter(path: Path, sheet: str, header: str) -> str:
    from openpyxl.utils import get_column_letter

    headers = sheet_values(path, sheet)[0]
    return get_column_letter(headers.index(header) + 1)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(database: Database) -> tuple[dict[str, int], int]:
    with database.session() as session:
        from sqlalchemy import func, select

        audit = session.scalar(select(func.count()).select_from(models.AuditRow))
    return records.counts(database), audit
