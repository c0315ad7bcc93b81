"""Timeline: the positions timeline up to the meeting, drawn by ``charts.timeline``."""

from __future__ import annotations

import io

from openpyxl.drawing.image import Image
from openpyxl.workbook import Workbook

from coalition_desk.reports.pack.context import PackContext
from coalition_desk.reports.pack.layout import empty_line, start_sheet

TITLE_TEXT = "Timeline"
DESCRIPTION = "Positions of the last six months, one lane per issue, meetings as lines"
# Wide enough to read on a landscape A4 page once fitted to its width.
WIDTH_INCHES = 11.0
DPI = 110


def write(workbook: Workbook, context: PackContext) -> None:
    sheet = start_sheet(workbook, context, TITLE_TEXT, widths=(13,) * 12, note=(
        f"Positions recorded from {context.timeline_start.isoformat()} to the meeting by the "
        "nations on the Positions sheet. Colour = stance (red least favourable, green most; "
        "options in neutral hues); pale markers with a thick edge are stale. This meeting "
        "is highlighted."
    ))
    nations = _nations_with_positions(context)
    if not nations:
        empty_line(sheet, 4, "No positions recorded up to this meeting.")
        return
    png = render_png(context, nations)
    picture = Image(io.BytesIO(png))
    sheet.add_image(picture, "A4")


def _nations_with_positions(context: PackContext) -> list[tuple[str, str]]:
    present = {view.nation_uuid for view in context.timeline_positions}
    return [(n.uuid, n.name) for n in context.nations if n.uuid in present]


def render_png(context: PackContext, nations: list[tuple[str, str]]) -> bytes:
    from matplotlib.figure import Figure

    from coalition_desk.charts.timeline import draw_timeline
    from coalition_desk.charts.timeline_data import TimelineRequest, build_timeline_data

    data = build_timeline_data(
        TimelineRequest(meeting_uuid=context.meeting.uuid, stale_after_days=context.stale_days),
        context.timeline_positions,
        context.issues,
        context.timeline_meetings,  # type: ignore[arg-type] - the same fields as a Meeting
        nations,
    )
    height = 2.6 + 0.32 * len(nations)
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    # Fixed margins rather than a constrained layout: one draw instead of two. The top
    # margin holds the title and the meeting labels that stand above the axes.
    top_inches, bottom_inches = 1.6, 0.5
    figure.subplots_adjust(left=0.14, right=0.80, top=1 - top_inches / height,
                           bottom=bottom_inches / height)
    draw_timeline(figure.add_subplot(), data)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()
