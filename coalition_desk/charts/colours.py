"""Stance colours shared by the timeline chart, the tables and the workbooks.

A scale issue runs from least favourable (red) through amber to most favourable
(green); an options issue has no "better" choice, so its options get neutral hues
that do not suggest approval.
"""

from __future__ import annotations

import functools

NO_STANCE = "#9e9e9e"
UNFAVOURABLE = "#c62828"
MIDDLE = "#f9a825"
FAVOURABLE = "#2e7d32"
OPTION_COLOURS = ("#1565c0", "#6a1b9a", "#00838f", "#4e342e", "#ad1457", "#37474f")


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, part))):02x}" for part in rgb)


def mix(colour: str, other: str, share_of_other: float) -> str:
    a, b = _rgb(colour), _rgb(other)
    return _hex(tuple(x + (y - x) * share_of_other for x, y in zip(a, b, strict=True)))


def scale_colour(value: float) -> str:
    """0 (least favourable) to 100 (most favourable)."""
    share = max(0.0, min(100.0, value)) / 100.0
    if share <= 0.5:
        return mix(UNFAVOURABLE, MIDDLE, share * 2)
    return mix(MIDDLE, FAVOURABLE, (share - 0.5) * 2)


@functools.lru_cache(maxsize=4096)
def stance_colour(stance: str | None, stances: tuple[str, ...], kind: str) -> str:
    """The colour of one stance on an issue of the given kind ("scale" or "options").

    Remembered: a timeline of 10,000 markers asks for a handful of colours 10,000 times.
    """
    if stance is None or stance not in stances:
        return NO_STANCE
    index = stances.index(stance)
    if kind == "options":
        return OPTION_COLOURS[index % len(OPTION_COLOURS)]
    if len(stances) < 2:
        return MIDDLE
    return scale_colour(100.0 * index / (len(stances) - 1))


@functools.lru_cache(maxsize=1024)
def tint(colour: str, strength: float = 0.35) -> str:
    """A pale version of ``colour`` to use behind dark text (remembered, as stance_colour)."""
    return mix("#ffffff", colour, strength)
