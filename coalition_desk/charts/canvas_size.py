"""The size a chart is drawn at (no matplotlib here: a window imports it before drawing)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CanvasSize:
    """Physical pixels and the device pixel ratio they were asked for at."""

    width: int
    height: int
    ratio: float = 1.0
