"""The capability gap: per capability, what is confirmed and offered against the need.

Clears the axes it is given and draws from plain values only, so the same drawing serves
the window (a Qt canvas) and the tests (a bare Figure).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from coalition_desk.charts.analysis_style import draw_message
from coalition_desk.domain.analysis import GapRow

CONFIRMED_COLOUR = "#2e7d32"
OFFERED_COLOUR = "#9ccc65"
# Gap bars are drawn as a share of the requirement; longer ones are cut here.
GAP_AXIS_LIMIT = 150.0


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def draw_gap_bars(ax: Axes, rows: Sequence[GapRow], labels: Sequence[str]) -> None:
    """Per capability: confirmed and offered as a share of what is required.

    ``labels`` names each row (e.g. "Troops (personnel)"); rows with no requirement
    are shown by name with "no requirement set", as a share of nothing means nothing.
    """
    ax.clear()
    if not rows:
        ax.set_axis_off()
        draw_message(ax, "No requirements or pledges recorded for this scenario.")
        return
    if all(row.required is None for row in rows):
        ax.set_axis_off()
        draw_message(
            ax,
            "No requirement set for this scenario: add requirements to compare the "
            "pledges with what the force needs.",
        )
        return
    positions = np.arange(len(rows))
    confirmed, offered = [], []
    for row in rows:
        if row.required:
            confirmed.append(min(GAP_AXIS_LIMIT, 100 * row.confirmed / row.required))
            offered.append(min(GAP_AXIS_LIMIT - confirmed[-1], 100 * row.offered / row.required))
        else:
            confirmed.append(0.0)
            offered.append(0.0)
    ax.barh(positions, confirmed, color=CONFIRMED_COLOUR, label="Confirmed", gid="confirmed")
    ax.barh(
        positions, offered, left=confirmed, color=OFFERED_COLOUR, label="Offered", gid="offered"
    )
    ax.axvline(100, color="#333333", lw=1, ls=":", gid="required")
    for position, row in zip(positions, rows, strict=True):
        if row.required is None:
            note = "no requirement set"
        elif row.required == 0:
            note = "requirement is 0"
        else:
            note = f"gap {_amount(row.gap or 0.0)} of {_amount(row.required)}"
        ax.text(2, position, note, va="center", fontsize=8, color="#222222")
    ax.set_yticks(positions, list(labels), fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, GAP_AXIS_LIMIT)
    ax.set_xlabel("Pledged, as % of the requirement (dotted line: 100%)", fontsize=8)
    ax.legend(loc="lower right", fontsize=8)
