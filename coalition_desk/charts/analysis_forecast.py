"""The forecast strip: each nation where it stands, and the weighted median and mean.

Clears the axes it is given and draws from plain values only, so the same drawing serves
the window (a Qt canvas) and the tests (a bare Figure).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from coalition_desk.charts.analysis_style import (
    STALE_HATCH,
    draw_message,
    option_colour,
    scale_colour,
    shorten,
)
from coalition_desk.domain.analysis import ActorInput, Forecast

MEDIAN_COLOUR = "#1f3a93"
MEAN_COLOUR = "#7f3fbf"

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
        draw_message(ax, forecast.no_forecast_reason)
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
            shorten(actor.nation_name, 22),
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
        draw_message(ax, forecast.no_forecast_reason)
        return
    for position, option in zip(positions, options, strict=True):
        share = 100 * shares.get(option, 0.0)
        ax.text(share + 1, position, f"{share:.0f}%", va="center", fontsize=8)
