"""What the analysis drawings share: their colours, the stale hatching and helpers.

The scales run red (least favourable) to green (most favourable); options have no order,
so they get hues apart from that scale.
"""

from __future__ import annotations

import functools
import textwrap

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, to_rgba

SCALE_COLOURS = "RdYlGn"  # least favourable red, most favourable green
# Options have no order: colours apart from the red-yellow-green of the scales.
OPTION_COLOURS = ("#4c72b0", "#8172b2", "#937860", "#da8bc3", "#64b5cd", "#8c8c8c")
STALE_HATCH = "///"


@functools.cache
def scale_map() -> Colormap:
    # ``mpl.colormaps[name]`` hands out a fresh copy that builds its lookup table on first
    # use: ~0.3 ms, which 8,000 heatmap cells turned into 1.8 s.
    return mpl.colormaps[SCALE_COLOURS]


def scale_colour(fraction: float) -> tuple[float, float, float, float]:
    return tuple(scale_map()(0.1 + 0.8 * fraction))  # type: ignore[return-value]


def option_colour(index: int) -> tuple[float, float, float, float]:
    return to_rgba(OPTION_COLOURS[index % len(OPTION_COLOURS)])


def draw_message(ax: Axes, text: str) -> None:
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


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
