"""The stance heatmap: nations down, issues across, one coloured cell per stance.

Clears the axes it is given and draws from plain values only, so the same drawing serves
the window (a Qt canvas) and the tests (a bare Figure).
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from coalition_desk.charts.analysis_style import (
    STALE_HATCH,
    draw_message,
    option_colour,
    scale_map,
    shorten,
)
from coalition_desk.domain.analysis import HeatmapData

EMPTY_CELL = (0.94, 0.94, 0.94, 1.0)


def heatmap_colours(data: HeatmapData) -> np.ndarray:
    """An RGBA image, one pixel per nation × issue."""
    image = np.empty((len(data.nations), len(data.issues), 4))
    image[:, :] = EMPTY_CELL
    scale = [(place, cell.fraction) for place, cell in data.cells.items() if cell.kind != "options"]
    if scale:
        rows, columns = zip(*(place for place, _ in scale), strict=True)
        fractions = np.array([fraction for _, fraction in scale])
        image[list(rows), list(columns)] = scale_map()(fractions)
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


# The smallest nation name (points) and the room a name needs beyond its size.
MIN_LABEL_PT = 6.0
LABEL_LEADING = 1.15


def _named_rows(ax: Axes, rows: int) -> tuple[range, float]:
    """Every row named when the names fit (at down to MIN_LABEL_PT), else as many as fit.

    The rows that are named and the font size: a dock-sized map of ten nations named
    every other one, though ten names fitted at a slightly smaller size.
    """
    height_pt = ax.bbox.height * 72 / ax.figure.dpi
    pitch = height_pt / max(1, rows)
    if pitch >= MIN_LABEL_PT * LABEL_LEADING:
        return range(rows), min(8.0, pitch / LABEL_LEADING)
    fitting = int(height_pt / (MIN_LABEL_PT * LABEL_LEADING))
    return _every_nth(rows, min(MAX_NAMED_NATIONS, max(5, fitting))), MIN_LABEL_PT


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
        draw_message(ax, "No nations or issues recorded yet.")
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
        column_names = [shorten(data.issues[c][1], 28) for c in named_columns]
        ax.set_xticks(named_columns, column_names, fontsize=7, rotation=90)
    named_rows, size = _named_rows(ax, rows)
    ax.set_yticks(named_rows, [shorten(data.nations[r][1], 28) for r in named_rows],
                  fontsize=size)
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
                shorten(cell.stance, max(6, int(cell_width / 5.5))),
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
