"""Capability gap: each scenario's requirements against the pledges, with caveats.

The arithmetic is ``services.analysis.capability_gap`` (see its docstring), over the pledges
recorded up to the meeting; this sheet only lays the rows out for print.
"""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from coalition_desk.domain.analysis import GapPledge, GapRow
from coalition_desk.domain.enums import PledgeStatus
from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import (
    HEADER_ROW,
    empty_line,
    finish_table,
    put,
    put_row,
    start_sheet,
)
from coalition_desk.services.analysis.capability_gap import capability_label

TITLE_TEXT = "Capability gap"
DESCRIPTION = (
    "Requirements per scenario and capability against confirmed and offered pledges, "
    "with caveats"
)
HEADERS = ("Scenario", "Capability", "Unit", "Required", "Confirmed", "Offered",
           "Gap after confirmed", "Gap if offers hold", "Not counted", "Caveats",
           "Requirement notes")
WIDTHS = (18, 16, 13, 11, 11, 11, 12, 12, 30, 46, 28)
NUMBER_COLUMNS = (4, 5, 6, 7, 8)
GAP_COLUMNS = (7, 8)
NUMBER_FORMAT = "#,##0.##"
SHORT_FILL = "F8D0D0"
SHORT_FONT = Font(bold=True, color="9C0006")


def write(workbook: Workbook, context: PackContext) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, HEADERS, WIDTHS, note=(
        f"Pledges recorded up to {context.last_day.isoformat()}, in the requirement's unit. "
        "Gap after confirmed = required - confirmed; gap if offers hold = required - "
        "confirmed - offered (never below 0). Pledges being considered, pledges with no "
        "amount and pledges in another unit are listed, never counted; withdrawn ones are "
        "left out."
    ))
    row = HEADER_ROW + 1
    if not context.requirements:
        empty_line(sheet, row, "No capability requirements recorded: enter them per scenario "
                   "in the Analysis pane (Capability gap); the Pledges sheet lists what is "
                   "pledged.")
        return
    for gap in context.gaps:
        put_row(sheet, row, _values(gap), WIDTHS, wrapped=(1, 3, 9, 10, 11))
        for column in NUMBER_COLUMNS:
            sheet.cell(row, column).number_format = NUMBER_FORMAT
        for column in GAP_COLUMNS:
            if sheet.cell(row, column).value:
                put(sheet, row, column, sheet.cell(row, column).value, fill=SHORT_FILL,
                    font=SHORT_FONT).number_format = NUMBER_FORMAT
        row += 1
    finish_table(sheet, len(HEADERS), row - 1)


def _values(gap: GapRow) -> tuple[object, ...]:
    return (
        gap.scenario,
        capability_label(gap.capability),
        gap.unit,
        gap.required if gap.required is not None else "no requirement",
        gap.confirmed,
        gap.offered,
        gap.gap_after_confirmed,
        gap.gap,
        "\n".join(_not_counted(p) for p in (*gap.considering, *gap.amount_not_stated)),
        "\n".join(gap.caveats),
        gap.notes,
    )


def _not_counted(pledge: GapPledge) -> str:
    amount = "no amount" if pledge.quantity is None else f"{pledge.quantity:g} {pledge.unit}"
    return f"{pledge.nation_name} ({PledgeStatus(pledge.status).label.lower()}): {amount}"
