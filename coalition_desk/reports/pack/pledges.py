"""Pledges: by nation and capability, with caveats, and totals per capability."""

from __future__ import annotations

from collections import defaultdict

from openpyxl.workbook import Workbook

from coalition_desk.domain.enums import Capability, PledgeStatus
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
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


def write(workbook: Workbook, context: PackContext) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS,
                        note=f"Pledges recorded up to {context.last_day.isoformat()}.")
    row = HEADER_ROW + 1
    if not context.pledges:
        empty_line(sheet, row, "No pledges recorded up to this meeting.")
        return
    totals: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for pledge in sorted(context.pledges, key=lambda p: (p.nation_name, p.capability, p.as_of)):
        put_row(sheet, row, (
            pledge.nation_name,
            Capability(pledge.capability).label,
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
    row += 1
    put(sheet, row, 1, "Totals by capability (withdrawn pledges left out)", TITLE)
    row += 1
    for column, header in enumerate(("Capability", "Unit", *(s.label for s in COUNTED)), 1):
        put(sheet, row, column, header, HEADER)
    row += 1
    for (capability, unit), by_status in sorted(totals.items()):
        put_row(sheet, row, (Capability(capability).label, unit,
                             *(by_status.get(s.value, 0) for s in COUNTED)), WIDTHS)
        row += 1
    if not totals:
        empty_line(sheet, row, "No quantities recorded.")
