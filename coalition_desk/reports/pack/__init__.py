"""The Excel meeting pack: one module per sheet, listed in ``PACK_SHEETS`` in print order.

A sheet module offers ``TITLE_TEXT``, ``DESCRIPTION`` (for the cover's contents; a
``describe(context)`` function, if it has one, words it for the pack at hand) and
``write(workbook, context)``. Another sheet is its own module, added to ``PACK_SHEETS``
here or passed in ``sheets=`` by a caller. "What moved" (issue 8) is the Changes sheet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType

from openpyxl import Workbook

from coalition_desk.domain.validation import visible_control_characters
from coalition_desk.reports.pack import (
    attendance,
    brief,
    capability_gap,
    changes,
    cover,
    pledges,
    positions,
    questions,
    quotes,
    timeline,
)
from coalition_desk.reports.pack.context import PackContext, gather
from coalition_desk.reports.pack.layout import replaced_cells
from coalition_desk.reports.pack.saving import save_pack
from coalition_desk.reports.progress import CancelCheck, Progress, Ticker
from coalition_desk.reports.scratch import scratch_folder
from coalition_desk.reports.styles import add_named_styles
from coalition_desk.store.engine import Database

PACK_SHEETS: tuple[ModuleType, ...] = (
    brief,
    attendance,
    positions,
    quotes,
    changes,
    pledges,
    capability_gap,
    questions,
    timeline,
)

# Left out when the register's setting says it tracks no pledges.
PLEDGE_SHEETS: tuple[ModuleType, ...] = (pledges, capability_gap)

__all__ = ["PACK_SHEETS", "PackContext", "build_meeting_pack", "gather", "write_meeting_pack"]


def write_meeting_pack(
    database: Database,
    meeting_uuid: str,
    path: Path | str,
    *,
    today: dt.date | None = None,
    produced_at: dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    sheets: Sequence[ModuleType] = PACK_SHEETS,
) -> Path:
    """Write the pack for one meeting to ``path`` (.xlsx); returns the path written.

    ``today`` is the day staleness and overdue questions are judged on (default: the
    meeting's last day); ``produced_at`` is the time the cover gives (default: now).
    Raises ``services.crud.NotFound`` for an unknown meeting.
    """
    with _no_cycle_collection():
        return _write(database, meeting_uuid, Path(path), today, produced_at, progress,
                      cancel, sheets)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while the pack is built.

    A pack allocates tens of thousands of objects (cells, styles, rows read), which
    sets off full collections over everything the process holds: about a fifth of a
    pack's time at 200 nations. Nothing built here is garbage until the pack is
    written; whatever cycles it leaves are collected as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write(  # noqa: PLR0917 - write_meeting_pack's arguments, passed on
    database: Database,
    meeting_uuid: str,
    path: Path,
    today: dt.date | None,
    produced_at: dt.datetime | None,
    progress: Progress | None,
    cancel: CancelCheck | None,
    sheets: Sequence[ModuleType],
) -> Path:
    ticker = Ticker(len(sheets) + 2, progress, cancel)
    workbook = build_meeting_pack(database, meeting_uuid, today=today, produced_at=produced_at,
                                  sheets=sheets, tick=ticker.tick)
    # Written in a private folder beside the target, removed afterwards or by the next
    # writer if this one is killed; the sheets' XML is gathered in memory (saving.py).
    with scratch_folder(path) as scratch:
        partial = scratch / path.name
        save_pack(workbook, partial)
        os.replace(partial, path)
    ticker.finish()
    return path


def build_meeting_pack(
    database: Database,
    meeting_uuid: str,
    *,
    today: dt.date | None = None,
    produced_at: dt.datetime | None = None,
    sheets: Sequence[ModuleType] = PACK_SHEETS,
    tick: Callable[[], None] = lambda: None,
) -> Workbook:
    """The pack's workbook, not yet saved; ``tick`` is called after each step.

    ``today`` and ``produced_at`` as for ``write_meeting_pack``.
    """
    context = gather(database, meeting_uuid, today, produced_at=produced_at)
    if not context.pledge_sheets:
        sheets = [sheet for sheet in sheets if sheet not in PLEDGE_SHEETS]
    tick()
    workbook = Workbook()
    workbook.remove(workbook.active)
    add_named_styles(workbook)
    cover.write(workbook, context, [(s.TITLE_TEXT, _description(s, context)) for s in sheets])
    for sheet in sheets:
        sheet.write(workbook, context)
        tick()
    replaced = replaced_cells(workbook)
    if replaced:
        cover.note_replaced(workbook, replaced)
    workbook.properties.title = visible_control_characters(
        f"Meeting pack: {context.meeting.title}")
    workbook.properties.subject = context.marking
    workbook.properties.creator = "Coalition Desk"
    return workbook


def _description(sheet: ModuleType, context: PackContext) -> str:
    describe = getattr(sheet, "describe", None)
    return describe(context) if describe is not None else sheet.DESCRIPTION
