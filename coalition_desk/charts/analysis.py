"""Drawings of the analysis on a bare matplotlib Axes: forecast strip, gap bars, heatmap.

Each function clears the axes it is given and draws from plain values only, so the
same drawing serves the window (a Qt canvas) and the tests (a bare Figure).
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.colors import Colormap, to_rgba
from matplotlib.patches import Rectangle

from coalition_desk.domain.analysis import ActorInput, Forecast, GapRow, HeatmapData

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


@functools.cache
def _scale_map() -> Colormap:
    # ``mpl.colormaps[name]`` hands out a fresh copy that builds its lookup table on first
    # use: ~0.3 ms, which 8,000 heatmap cells turned into 1.8 s.
    return mpl.colormaps[SCALE_COLOURS]


def scale_colour(fraction: float) -> tuple[float, float, float, float]:
    return tuple(_scale_map()(0.1 + 0.8 * fraction))  # type: ignore[return-value]


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


# Above this many actors only some are named: 200 names stacked in five columns were an
# unreadable block (and cost ~0.3 s of text layout). The table under the chart lists all.
MAX_NAMED_ACTORS = 30
# Names stop being readable when the stack is tighter than this (8 pt text plus a gap).
LABEL_PITCH_PT = 11.0
# Dot areas (pt²) for the lightest and the heaviest actor when the stack has room.
DOT_AREA = (40.0, 400.0)


def _stack_pitch_pt(ax: Axes, levels: float) -> float:
    """Points between two stacked dots, estimated from the figure's current height."""
    # About two thirds of the figure is the plot area once title, ticks and legend are laid.
    height_pt = ax.figure.get_figheight() * 72 * 0.65
    return height_pt / max(1.0, levels)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def draw_forecast_strip(ax: Axes, forecast: Forecast) -> None:
    """Each nation where it stands (dot size = weight) and the forecast lines on top.

    All nations are one scatter (gid "actors", in weight order), so 200 nations draw as
    fast as 5; stale ones are hatched by a second scatter on top (gid "stale-actors").
    """
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
    placed = [
        a
        for a in sorted(forecast.actors, key=lambda a: (-a.weight, a.nation_name))
        if a.value is not None
    ]
    biggest = max((a.weight for a in placed), default=0) or 1
    levels: list[int] = []
    stacked: dict[float, int] = {}
    for actor in placed:
        assert actor.value is not None
        levels.append(stacked.get(actor.value, 0))
        stacked[actor.value] = levels[-1] + 1
    top = max(stacked.values(), default=1)
    ax.set_ylim(-1, max(3, top + 0.5))
    pitch = _stack_pitch_pt(ax, max(4.0, top + 1.5))
    # Dots no wider than the stack's pitch, so a tall stack is a column, not a blot.
    shrink = min(1.0, (0.95 * pitch) ** 2 / DOT_AREA[1])
    lightest, heaviest = DOT_AREA
    if placed:
        xs = np.array([a.value for a in placed], dtype=float)
        ys = np.array(levels, dtype=float)
        sizes = np.array(
            [shrink * (lightest + (heaviest - lightest) * a.weight / biggest) for a in placed]
        )
        actors = ax.scatter(
            xs,
            ys,
            s=sizes,
            c=[scale_colour((a.value or 0.0) / 100) for a in placed],
            edgecolors="#333333",
            linewidths=0.8 if shrink < 0.3 else 1.0,
            zorder=3,
            gid="actors",
        )
        actors.nation_uuids = [a.nation_uuid for a in placed]  # type: ignore[attr-defined]
        stale = [i for i, a in enumerate(placed) if a.stale]
        if stale:
            ax.scatter(
                xs[stale],
                ys[stale],
                s=sizes[stale],
                facecolors="none",
                edgecolors="#333333",
                linewidths=0,
                hatch=STALE_HATCH,
                zorder=4,
                gid="stale-actors",
            )
        _name_actors(ax, placed, levels, np.sqrt(sizes) / 2, pitch)
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


def _name_actors(
    ax: Axes,
    placed: Sequence[ActorInput],
    levels: Sequence[int],
    radii: np.ndarray,
    pitch: float,
) -> None:
    """Name every actor when they fit; else only the heaviest, spaced so names stay apart.

    ``placed`` is in weight order, so the lowest dots of each stack are its heaviest.
    """
    every = max(1, int(np.ceil(LABEL_PITCH_PT / pitch)))
    named = [i for i, level in enumerate(levels) if level % every == 0]
    if len(placed) > MAX_NAMED_ACTORS or every > 1:
        named = named[:MAX_NAMED_ACTORS]
    for i in named:
        actor = placed[i]
        ax.annotate(
            _shorten(actor.nation_name, 22),
            (actor.value or 0.0, levels[i]),
            xytext=(radii[i] + 4, -3),
            textcoords="offset points",
            fontsize=8,
            gid="actor-name",
        )
    if len(named) < len(placed):
        ax.text(
            1.0,
            1.0,
            f"Named: the {len(named)} heaviest of {len(placed)} nations "
            "(all are listed in the table below)",
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=7,
            color="#5a5a5a",
            gid="names-note",
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
    scale = [(place, cell.fraction) for place, cell in data.cells.items() if cell.kind != "options"]
    if scale:
        rows, columns = zip(*(place for place, _ in scale), strict=True)
        fractions = np.array([fraction for _, fraction in scale])
        image[list(rows), list(columns)] = _scale_map()(0.1 + 0.8 * fractions)
    for (row, column), cell in data.cells.items():
        if cell.kind == "options":
            image[row, column] = option_colour(cell.place)
    return image


# Above this many rows (or columns) only every n-th is named, as on the timeline: the
# nations are in name order, so the names shown index the rest.
MAX_NAMED_NATIONS = 40
MAX_NAMED_ISSUES = 40
# Cells narrower than this (display pixels) get no white gap between them: at 200 rows a
# 2-pixel grid whited out the whole map.
GRID_MIN_CELL_PX = 8.0
# Cells this big (display pixels, both ways) carry their stance as text.
TEXT_MIN_CELL_PX = (90.0, 18.0)


def _cell_size_px(ax: Axes, rows: int, columns: int) -> tuple[float, float]:
    """Width and height of one cell on screen, from the axes' current place in the figure."""
    box = ax.get_position()
    width, height = ax.figure.get_size_inches() * ax.figure.dpi
    return box.width * width / max(1, columns), box.height * height / max(1, rows)


def _every_nth(count: int, most: int) -> range:
    return range(0, count, -(-count // most) if count > most else 1)


def draw_stance_heatmap(ax: Axes, data: HeatmapData) -> None:
    """Nations down, issues across; stale cells hatched; blank where nothing is recorded.

    One image for all cells and one collection for all stale ones, so 200 × 40 draws
    about as fast as the demo; names are thinned and cell text is shown only when the
    cells are big enough to hold it.
    """
    ax.clear()
    if not data.nations or not data.issues:
        ax.set_axis_off()
        _message(ax, "No nations or issues recorded yet.")
        return
    rows, columns = len(data.nations), len(data.issues)
    ax.imshow(heatmap_colours(data), aspect="auto", interpolation="nearest", gid="heatmap")
    stale = [
        ((c - 0.5, r - 0.5), (c + 0.5, r - 0.5), (c + 0.5, r + 0.5), (c - 0.5, r + 0.5))
        for (r, c), cell in sorted(data.cells.items())
        if cell.stale
    ]
    if stale:
        ax.add_collection(
            PolyCollection(
                stale,
                facecolors="none",
                edgecolors="#444444",
                linewidths=0,
                hatch=STALE_HATCH,
                gid="stale",
            ),
            autolim=False,
        )
    cell_width, cell_height = _cell_size_px(ax, rows, columns)
    named_columns = _every_nth(columns, MAX_NAMED_ISSUES)
    if columns <= 12:
        column_names = [textwrap.fill(data.issues[c][1], 14) for c in named_columns]
        ax.set_xticks(named_columns, column_names, fontsize=8)
    else:
        column_names = [_shorten(data.issues[c][1], 28) for c in named_columns]
        ax.set_xticks(named_columns, column_names, fontsize=7, rotation=90)
    named_rows = _every_nth(rows, min(MAX_NAMED_NATIONS, max(5, int(ax.bbox.height / 11))))
    ax.set_yticks(
        named_rows,
        [_shorten(data.nations[r][1], 28) for r in named_rows],
        fontsize=8 if len(named_rows) == rows else 7,
    )
    ax.xaxis.tick_top()
    if min(cell_width, cell_height) >= GRID_MIN_CELL_PX:
        ax.set_xticks(np.arange(-0.5, columns), minor=True)
        ax.set_yticks(np.arange(-0.5, rows), minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    if cell_width >= TEXT_MIN_CELL_PX[0] and cell_height >= TEXT_MIN_CELL_PX[1]:
        for (row, column), cell in data.cells.items():
            ax.text(
                column,
                row,
                _shorten(cell.stance, max(6, int(cell_width / 5.5))),
                ha="center",
                va="center",
                fontsize=7,
                color="#111111",
                # Readable over the hatching of stale cells and over dark greens alike.
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.75, "lw": 0},
                gid="cell-text",
            )


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
            zorder=3,  # above the white grid between cells
            gid="selected",
        )
    )
