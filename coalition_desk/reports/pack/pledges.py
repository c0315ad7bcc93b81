"""Pledges: by nation and capability, with caveats, and totals per capability."""

from __future__ import annotations

from collections import defaultdict

from openpyxl.workbook import Workbook

from coalition_desk.domain.enums import PledgeStatus, capability_label
from coalition_desk.domain.wording import name_key
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    note_line,
    put,
    put_row,
    start_sheet,
)
from coalition_desk.reports.styles import HEADER, TITLE

TITLE_TEXT = "Pledges"
DESCRIPTION = "Pledges by nation and capability, with caveats and totals"
HEADERS = ("Nation", "Capability", "Quantity", "Unit", "Status", "As of", "Caveats")
WIDTHS = (24, 16, 11, 18, 13, 12, 70)
COUNTED = (PledgeStatus.CONFIRMED, PledgeStatus.OFFERED, PledgeStatus.CONSIDERING)


def describe(context: PackContext) -> str:
    """The cover's line: whose pledges, when the register is too big for all of them."""
    if not context.narrowed:
        return DESCRIPTION
    return (f"Pledges by {context.shown_nations}, by nation and capability, with caveats "
            "and totals")


def write(workbook: Workbook, context: PackContext) -> None:
    note = f"Pledges recorded up to {context.last_day.isoformat()}."
    if context.narrowed:
        note = (f"Pledges recorded up to {context.last_day.isoformat()} by "
                f"{context.shown_nations}; {_left_out(context)}")
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=note)
    row = HEADER_ROW + 1
    if not context.pledges:
        row = empty_line(sheet, row, "No pledges recorded up to this meeting.")
        if context.narrowed:
            note_line(sheet, row, _left_out(context), WIDTHS)
        return
    totals: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for pledge in sorted(context.pledges,
                         key=lambda p: (name_key(p.nation_name), p.capability, p.as_of)):
        put_row(sheet, row, (
            pledge.nation_name,
            capability_label(pledge.capability),
            pledge.quantity,
            pledge.unit,
            PledgeStatus(pledge.status).label,
            pledge.as_of.isoformat(),
            pledge.caveats,
        ), WIDTHS, wrapped=(7,))
        if pledge.quantity is not None and pledge.status in COUNTED:
            totals[(pledge.capability, pledge.unit)][pledge.status] += pledge.quantity
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)
    if context.narrowed:
        row = note_line(sheet, row + 1, _left_out(context), WIDTHS)
    row += 1
    put(sheet, row, 1, "Totals by capability (withdrawn pledges left out)"
        if not context.narrowed else
        "Totals by capability of these nations' pledges (withdrawn pledges left out)", TITLE)
    row += 1
    for column, header in enumerate(("Capability", "Unit", *(s.label for s in COUNTED)), 1):
        put(sheet, row, column, header, HEADER)
    row += 1
    for (capability, unit), by_status in sorted(totals.items()):
        put_row(sheet, row, (capability_label(capability), unit,
                             *(by_status.get(s.value, 0) for s in COUNTED)), WIDTHS)
        row += 1
    if not totals:
        empty_line(sheet, row, "No quantities recorded.")


def _left_out(context: PackContext) -> str:
    """How many were left out; starts with the count, so it also opens a line."""
    count = context.pledges_left_out
    return (f"{count:,} pledge{'s' if count != 1 else ''} by other nations "
            f"{'are' if count != 1 else 'is'} left out (the Capability gap sheet counts them); "
            "the full register export has them all.")
