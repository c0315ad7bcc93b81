"""Drawings of the analysis on a bare matplotlib Axes: forecast strip, gap bars, heatmap.

Each function clears the axes it is given and draws from plain values only, so the
same drawing serves the window (a Qt canvas) and the tests (a bare Figure).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from coalition_desk.domain.analysis import Forecast, GapRow, HeatmapData

SCALE_COLOURS = "RdYlGn"  # least favourable red, most favourable green
# Options have no order: colours apart from the red-yellow-green of the scales.
OPTION_COLOURS = ("#4c72b0", "#8172b2", "#937860", "#da8bc3", "#64b5cd", "#8c8c8c")
EMPTY_CELL = (0.94, 0.94, 0.94, 1.0)
MEDIAN_COLOUR = "#1f3a93"
MEAN_COLOUR = "#7f3fbf"
CONFIRMED_COLOUR = "#2e7d32"
OFFERED_COLOUR = "#9ccc65"
STALE_HATCH = "///"
# Gap bars are drawn as a share of the requirement; longer ones are cut here.
GAP_AXIS_LIMIT = 150.0


def scale_colour(fraction: float) -> tuple[float, float, float, float]:
    return tuple(mpl.colormaps[SCALE_COLOURS](0.1 + 0.8 * fraction))  # type: ignore[return-value]


def option_colour(index: int) -> tuple[float, float, float, float]:
    return to_rgba(OPTION_COLOURS[index % len(OPTION_COLOURS)])


def _message(ax: Axes, text: str) -> None:
    ax.text(
        0.5,
        0.5,
        textwrap.fill(text, 70),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color="#5a5a5a",
        gid="message",
    )


# --- forecast --------------------------------------------------------------------------


def draw_forecast_strip(ax: Axes, forecast: Forecast) -> None:
    """Each nation where it stands (dot size = weight) and the forecast lines on top."""
    ax.clear()
    ax.set_title(forecast.issue_name, fontsize=10, loc="left")
    if forecast.kind == "options":
        _draw_option_shares(ax, forecast)
        return
    ticks = [100 * i / max(1, len(forecast.stances) - 1) for i in range(len(forecast.stances))]
    ax.set_xlim(-8, 108)
    ax.set_xticks(ticks, [textwrap.fill(s, 18) for s in forecast.stances], fontsize=8)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    biggest = max((a.weight for a in forecast.actors), default=0) or 1
    stacked: dict[float, int] = {}
    for actor in sorted(forecast.actors, key=lambda a: (-a.weight, a.nation_name)):
        if actor.value is None:
            continue
        level = stacked.get(actor.value, 0)
        stacked[actor.value] = level + 1
        ax.scatter(
            [actor.value],
            [level],
            s=40 + 360 * actor.weight / biggest,
            color=scale_colour(actor.value / 100),
            edgecolors="#333333",
            hatch=STALE_HATCH if actor.stale else None,
            zorder=3,
            gid=f"nation:{actor.nation_uuid}",
        )
        ax.annotate(
            actor.nation_name,
            (actor.value, level),
            xytext=(12, -3),
            textcoords="offset points",
            fontsize=8,
        )
    top = max(stacked.values(), default=1)
    ax.set_ylim(-1, max(3, top + 0.5))
    if not forecast.available:
        _message(ax, forecast.no_forecast_reason)
        return
    assert forecast.median_low is not None and forecast.median_high is not None
    assert forecast.mean is not None and forecast.spread is not None
    ax.axvspan(
        max(0.0, forecast.mean - forecast.spread),
        min(100.0, forecast.mean + forecast.spread),
        color=MEAN_COLOUR,
        alpha=0.08,
        gid="spread",
    )
    if forecast.median_tied:
        ax.axvspan(
            forecast.median_low,
            forecast.median_high,
            color=MEDIAN_COLOUR,
            alpha=0.12,
            gid="median-tie",
        )
    median = ax.axvline(forecast.median or 0.0, color=MEDIAN_COLOUR, lw=2.5, gid="median", zorder=2)
    mean = ax.axvline(forecast.mean, color=MEAN_COLOUR, lw=1.5, ls="--", gid="mean", zorder=2)
    ax.legend(
        handles=[median, mean],
        labels=["Weighted median (likely outcome)", "Weighted mean (compromise)"],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.28),
        ncol=2,
        fontsize=8,
        frameon=False,
    )


def _draw_option_shares(ax: Axes, forecast: Forecast) -> None:
    options = list(forecast.stances)
    shares = {s.option: s.share for s in forecast.shares}
    positions = np.arange(len(options))
    ax.barh(
        positions,
        [100 * shares.get(option, 0.0) for option in options],
        color=[option_colour(i) for i in range(len(options))],
        gid="shares",
    )
    ax.set_yticks(positions, options, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the weight (%)", fontsize=8)
    if not forecast.available:
        _message(ax, forecast.no_forecast_reason)
        return
    for position, option in zip(positions, options, strict=True):
        share = 100 * shares.get(option, 0.0)
        ax.text(share + 1, position, f"{share:.0f}%", va="center", fontsize=8)


# --- capability gap ---------------------------------------------------------------------


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
        _message(ax, "No requirements or pledges recorded for this scenario.")
        return
    if all(row.required is None for row in rows):
        ax.set_axis_off()
        _message(
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


# --- stance heatmap ---------------------------------------------------------------------


def heatmap_colours(data: HeatmapData) -> np.ndarray:
    """An RGBA image, one pixel per nation × issue."""
    image = np.empty((len(data.nations), len(data.issues), 4))
    image[:, :] = EMPTY_CELL
    for (row, column), cell in data.cells.items():
        if cell.kind == "options":
            colour = option_colour(cell.place)
        else:
            colour = scale_colour(cell.fraction)
        image[row, column] = colour
    return image


def draw_stance_heatmap(ax: Axes, data: HeatmapData) -> None:
    """Nations down, issues across; stale cells hatched; blank where nothing is recorded."""
    ax.clear()
    if not data.nations or not data.issues:
        ax.set_axis_off()
        _message(ax, "No nations or issues recorded yet.")
        return
    ax.imshow(heatmap_colours(data), aspect="auto", interpolation="nearest", gid="heatmap")
    for (row, column), cell in data.cells.items():
        if cell.stale:
            ax.add_patch(
                Rectangle(
                    (column - 0.5, row - 0.5),
                    1,
                    1,
                    fill=False,
                    hatch=STALE_HATCH,
                    edgecolor="#444444",
                    lw=0,
                    gid=f"stale:{row}:{column}",
                )
            )
    ax.set_xticks(
        range(len(data.issues)),
        [textwrap.fill(name, 14) for _, name in data.issues],
        fontsize=8,
    )
    ax.set_yticks(range(len(data.nations)), [name for _, name in data.nations], fontsize=8)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(-0.5, len(data.issues)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(data.nations)), minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)


def heatmap_cell_at(data: HeatmapData, x: float | None, y: float | None) -> tuple[int, int] | None:
    """The (nation row, issue column) under a point in data coordinates, if any."""
    if x is None or y is None:
        return None
    row, column = round(y), round(x)
    if 0 <= row < len(data.nations) and 0 <= column < len(data.issues):
        return row, column
    return None


def heatmap_cell_centre(row: int, column: int) -> tuple[float, float]:
    """Data coordinates (x, y) of a cell's centre, the inverse of ``heatmap_cell_at``."""
    return float(column), float(row)


def outline_cell(ax: Axes, row: int, column: int) -> None:
    """Mark the selected nation × issue with a heavy frame."""
    ax.add_patch(
        Rectangle(
            (column - 0.5, row - 0.5),
            1,
            1,
            fill=False,
            edgecolor="#111111",
            lw=2.5,
            gid="selected",
        )
    )
