"""Full register export: one sheet per kind of record, streamed in write-only mode.

Rows are read as plain tuples in batches and appended straight to openpyxl's
write-only sheets, so a 200,000-position register never sits in memory. The file is
written in a private scratch folder beside the target and moved into place at the end:
a cancelled or failed export leaves no half-written workbook behind, and a killed one
leaves nothing readable by others, removed by the next writer (scratch.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from coalition_desk import __version__
from coalition_desk.domain.validation import visible_control_characters
from coalition_desk.domain.wording import plural
from coalition_desk.reports.progress import CancelCheck, Progress, Ticker
from coalition_desk.reports.register_format import (
    ABOUT_SHEET,
    AUDIT_HEADERS,
    AUDIT_SHEET,
    DELETED_HEADERS,
    DELETED_SHEET,
    REDIRECTS_HEADERS,
    REDIRECTS_SHEET,
    SHEETS,
    ColumnKind,
    SheetFormat,
    about_rows,
)
from coalition_desk.reports.safety import (
    MAX_CELL_CHARACTERS,
    encode_text,
    inert_cell,
    needs_protection,
)
from coalition_desk.reports.scratch import scratch_folder
from coalition_desk.reports.sheet_rows import XmlRows, create_streamed_sheet
from coalition_desk.reports.styles import HEADER, NOTE, add_named_styles, mark_pages
from coalition_desk.services import bulk, settings
from coalition_desk.store.engine import Database
from coalition_desk.store.health import ensure_readable

TICK_EVERY = 1_000

# ruff: noqa: PLR0917 - the export's few internal helpers take their context plainly


# Cells with control characters listed by place in the About sheet; the rest are counted.
PLACES_LISTED = 50


@dataclass(frozen=True)
class ReplacedCell:
    """A cell whose control characters were written visibly as [U+0001] (sheet_rows.py)."""

    sheet: str
    row: int
    column: str  # letter
    header: str

    def __str__(self) -> str:
        return f"sheet {self.sheet!r}, row {self.row}, column {self.column} ({self.header})"


@dataclass
class ExportSummary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    replaced: list[ReplacedCell] = field(default_factory=list)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{count:,} {sheet.lower()}" for sheet, count in self.rows.items())
        lines = [f"Exported to {self.path}: {counts}."]
        if self.replaced:
            lines.append(replaced_note(self.replaced))
        return lines


def replaced_note(replaced: list[ReplacedCell]) -> str:
    places = "; ".join(str(cell) for cell in replaced[:PLACES_LISTED])
    more = len(replaced) - PLACES_LISTED
    if more > 0:
        places += f"; and {more:,} more"
    return (
        f"{plural(len(replaced), 'cell')} held invisible control characters, which no workbook can "
        "hold; each is written as [U+XXXX] (its code), so importing this workbook stores that "
        f"visible text instead: {places}."
    )


def export_register(
    database: Database,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    include_audit: bool = True,
) -> ExportSummary:
    path = Path(path)
    ensure_readable(database, "the export")
    workbook = Workbook(write_only=True)
    # The sheets' XML and the workbook itself are written in a private folder beside
    # the target, removed afterwards or by the next writer if this one is killed.
    with scratch_folder(path) as scratch:
        try:
            summary = _fill(database, workbook, path, progress, cancel, include_audit)
            partial = scratch / path.name
            workbook.save(partial)
            os.replace(partial, path)
        except BaseException:
            discard(workbook)
            raise
    if progress is not None:
        progress(1, 1)
    return summary


def discard(workbook: Workbook) -> None:
    """Close a write-only workbook's half-written sheets and remove their temp files."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            sheet.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _fill(
    database: Database,
    workbook: Workbook,
    path: Path,
    progress: Progress | None,
    cancel: CancelCheck | None,
    include_audit: bool,
) -> ExportSummary:
    marking = settings.protective_marking(database)
    add_named_styles(workbook)
    summary = ExportSummary(path)
    with database.session() as session:
        # Counted in the export's own transaction, so they match the rows written.
        counts = {layout.entity: bulk.count_rows(session, layout.entity) for layout in SHEETS}
        audit_total = bulk.count_audit(session) if include_audit else 0
        ticker = Ticker(sum(counts.values()) + audit_total, progress, cancel)
        # First in the workbook, filled last: its facts say what writing the rest found.
        about = workbook.create_sheet(ABOUT_SHEET)
        exported_at = dt.datetime.now().replace(microsecond=0)
        for layout in SHEETS:
            summary.rows[layout.title] = _write_sheet(
                workbook, layout, session, ticker, marking, counts[layout.entity], summary
            )
        register = _write_merge_sheets(workbook, session)
        if include_audit:
            summary.rows[AUDIT_SHEET] = _write_audit(
                workbook, session, ticker, marking, audit_total, summary
            )
    _write_about(about, database, exported_at, marking, summary, register)
    ticker.check()
    return summary


def _write_merge_sheets(workbook: Workbook, session: object) -> str:
    """Format 2: deletions and combined duplicates travel (docs/merge.md)."""
    from sqlalchemy import select

    from coalition_desk.store import models
    from coalition_desk.store.versions import register_id

    deleted = workbook.create_sheet(DELETED_SHEET)
    deleted.append(list(DELETED_HEADERS))
    for row in session.scalars(select(models.TombstoneRow)):  # type: ignore[attr-defined]
        deleted.append([row.uuid, row.entity, row.deleted_at.isoformat(sep=" "),
                        row.register_id, row.revisions])
    redirects = workbook.create_sheet(REDIRECTS_SHEET)
    redirects.append(list(REDIRECTS_HEADERS))
    for row in session.scalars(select(models.RedirectRow)):  # type: ignore[attr-defined]
        redirects.append([row.old_uuid, row.new_uuid, row.entity])
    return register_id(session)  # type: ignore[arg-type]


def _write_about(about: object, database: Database, exported_at: dt.datetime, marking: str,
                 summary: ExportSummary, register: str = "") -> None:
    about.column_dimensions["A"].width = 22  # type: ignore[attr-defined]
    about.column_dimensions["B"].width = 26  # type: ignore[attr-defined]
    about.column_dimensions["D"].width = 70  # type: ignore[attr-defined]
    source = f"{database.display_name} (Coalition Desk {__version__})"
    rows = about_rows(exported_at, source, marking, register)
    if summary.replaced:
        # Among the facts at the top, where a reader of the workbook starts.
        rows.insert(rows.index(()), ("control_characters", replaced_note(summary.replaced)))
    for row in rows:
        about.append([_text_cell(about, value) for value in row])  # type: ignore[attr-defined]
    mark_pages(about, marking, ABOUT_SHEET)


def _note_replaced(summary: ExportSummary, title: str, headers: tuple[str, ...],
                   rows: XmlRows) -> None:
    for row, letter in rows.replaced:
        index = _LETTER_INDEX.get(letter)
        header = headers[index] if index is not None and index < len(headers) else ""
        summary.replaced.append(ReplacedCell(title, row, letter, header))


_LETTER_INDEX = {get_column_letter(index + 1): index for index in range(200)}


def _header(sheet: object, names: tuple[str, ...], widths: list[int], marking: str,
            title: str, rows: int) -> None:
    # A write-only sheet has no <dimension> element, and openpyxl's read-only mode then
    # parses the whole sheet once just to size it: a third of a big import's time.
    reference = f"A1:{get_column_letter(len(names))}{rows + 1}"
    sheet.calculate_dimension = lambda: reference  # type: ignore[attr-defined]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]
    mark_pages(sheet, marking, title)
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.style = HEADER
        cells.append(cell)
    sheet.append(cells)  # type: ignore[attr-defined]


def _write_sheet(workbook: Workbook, layout: SheetFormat, session: object, ticker: Ticker,
                 marking: str, expected: int, summary: ExportSummary) -> int:
    sheet = create_streamed_sheet(workbook, layout.title)
    _header(sheet, layout.headers, [c.width for c in layout.columns], marking, layout.title,
            expected)
    # The record's field order differs from the sheet's column order (uuid first).
    field_names = [f for f in layout.spec.record_type.__dataclass_fields__]
    order = [field_names.index(name) for name in layout.headers]
    text_slots = [
        position for position, column in enumerate(layout.columns)
        if column.kind in (ColumnKind.TEXT, ColumnKind.OPTIONAL_TEXT)
    ]
    list_slots = [
        position for position, column in enumerate(layout.columns)
        if column.kind is ColumnKind.LIST
    ]
    # XmlRows gives every text that starts like a formula the quote prefix (safety.py).
    rows = XmlRows(sheet, len(layout.columns))
    count = 0
    for values in bulk.field_values(session, layout.entity, dates_as_text=True):  # type: ignore[arg-type]
        row = [values[index] for index in order]
        for slot in text_slots:
            text = row[slot]
            if text and ("\r" in text or "_x" in text):
                row[slot] = encode_text(text)
        for slot in list_slots:
            row[slot] = json.dumps(list(row[slot]), ensure_ascii=False)
        rows.append(row)
        count += 1
        if count % TICK_EVERY == 0:
            ticker.tick(TICK_EVERY)
    rows.flush()
    _note_replaced(summary, layout.title, layout.headers, rows)
    ticker.tick(count % TICK_EVERY)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(layout.columns))}{count + 1}"
    return count


def _write_audit(workbook: Workbook, session: object, ticker: Ticker, marking: str,
                 expected: int, summary: ExportSummary) -> int:
    sheet = create_streamed_sheet(workbook, AUDIT_SHEET)
    widths = [20, 14, 14, 9, 11, 38, 10, 60, 60]
    # Two more rows: a blank one and the note under the table.
    _header(sheet, AUDIT_HEADERS, widths, marking, AUDIT_SHEET, expected + 2)
    rows = XmlRows(sheet, len(AUDIT_HEADERS))
    count = 0
    for values in bulk.audit_rows(session):  # type: ignore[arg-type]
        rows.append([_cut_text(value) for value in values])
        count += 1
        if count % TICK_EVERY == 0:
            ticker.tick(TICK_EVERY)
    rows.flush()
    _note_replaced(summary, AUDIT_SHEET, AUDIT_HEADERS, rows)
    ticker.tick(count % TICK_EVERY)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(AUDIT_HEADERS))}{count + 1}"
    note = WriteOnlyCell(sheet, value="For reading only: the audit is not imported.")
    note.style = NOTE
    sheet.append([])
    sheet.append([note])
    return count


def _cut_text(value: object) -> object:
    """Audit text as stored in a cell, cut to fit one (the audit is for reading)."""
    if not isinstance(value, str):
        return value
    value = visible_control_characters(encode_text(value))
    if len(value) > MAX_CELL_CHARACTERS:
        value = value[: MAX_CELL_CHARACTERS - 1] + "…"
    return value


def _text_cell(sheet: object, value: object) -> object:
    value = _cut_text(value)
    if isinstance(value, str) and needs_protection(value):
        return inert_cell(sheet, value)  # type: ignore[arg-type]
    return value
