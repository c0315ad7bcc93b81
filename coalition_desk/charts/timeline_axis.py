"""The timeline's time axis: its extent, and date ticks an officer reads at a glance."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib import dates as mdates
from matplotlib.ticker import Formatter

# The widest tick label ("29 Sep", or "Sep" over "2025") at the 8 pt the timeline uses is
# ~40 px at 100 dpi; with a gap between labels, one tick per 70 px of axis (scaled by dpi).
PIXELS_PER_TICK = 70.0
MIN_TICKS, MAX_TICKS = 2, 8


class WidthAwareDateLocator(mdates.AutoDateLocator):
    """Date ticks as dense as the axis's width allows without their labels touching.

    A fixed "up to 8 ticks" ran the labels together on a 1024-pixel window ("29 Mar1 Apr");
    the count is worked out again at each draw, from the axis's width then.
    """

    def __init__(self) -> None:
        super().__init__(minticks=MIN_TICKS, maxticks=MAX_TICKS)

    def ticks_that_fit(self) -> int:
        axes = self.axis.axes if self.axis is not None else None
        if axes is None:
            return MAX_TICKS
        width = axes.bbox.width * 100.0 / axes.figure.dpi
        return int(min(MAX_TICKS, max(MIN_TICKS, width // PIXELS_PER_TICK)))

    def __call__(self) -> list[float]:
        # Never under 4: below that the locator finds no interval for some ranges (13
        # months in 2 ticks); a tick too many is then dropped by _spaced.
        self.maxticks = dict.fromkeys(self._freqs, max(4, self.ticks_that_fit()))
        vmin, vmax = sorted(self.axis.get_view_interval())
        return self._spaced(list(super().__call__()), vmin, vmax)

    def _spaced(self, ticks: list[float], vmin: float, vmax: float) -> list[float]:
        """``ticks`` without one crowding the one before it.

        Day ticks restart on each month's 1st (1, 8, 15, 22, 29, 1): "29 Mar" stood three
        days before "1 Apr", half a label away; and a narrow axis may get ticks closer than
        a label's width. A tick too close to the last one kept goes; a month's 1st is kept
        rather than the day before it.
        """
        ticks = [t for t in ticks if vmin <= t <= vmax]
        room = self._pixels_per_day(vmin, vmax)
        if room is None or len(ticks) < 2:
            return ticks
        kept: list[float] = []
        for tick in ticks:
            if kept and (tick - kept[-1]) * room < self._tick_pixels():
                if not _starts_month(tick) or _starts_month(kept[-1]):
                    continue
                kept.pop()
            kept.append(tick)
        return kept

    def _tick_pixels(self) -> float:
        axes = self.axis.axes
        return PIXELS_PER_TICK * axes.figure.dpi / 100.0

    def _pixels_per_day(self, vmin: float, vmax: float) -> float | None:
        axes = self.axis.axes if self.axis is not None else None
        if axes is None or vmax <= vmin:
            return None
        return axes.bbox.width / (vmax - vmin)


def _starts_month(tick: float) -> bool:
    return mdates.num2date(tick).day == 1


class ReadableDateFormatter(Formatter):
    """Date ticks as an officer writes them: "27 Mar", or "Apr" for month ticks.

    The year goes on a second line under the first tick and wherever it changes, so
    no tick is a bare day number and no "2025-Apr" offset floats in a corner.
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        day = mdates.num2date(x).date()
        return f"{day.day} {day:%b} {day.year}"

    def format_ticks(self, values: list[float]) -> list[str]:
        days = [mdates.num2date(value).date() for value in values]
        step = min(((b - a).days for a, b in itertools.pairwise(days)), default=1)
        labels = []
        previous_year: int | None = None
        for day in days:
            if step >= 365:
                labels.append(str(day.year))
                continue
            text = f"{day:%b}" if step >= 28 else f"{day.day} {day:%b}"
            if day.year != previous_year:
                text += f"\n{day.year}"
            previous_year = day.year
            labels.append(text)
        return labels


def day_numbers(days: Sequence[dt.date]) -> np.ndarray:
    """``mdates.date2num(days)`` for plain dates, the same numbers: whole days from
    matplotlib's epoch. date2num converted 5,000 dates in ~8 ms in one call that holds the
    interpreter (a chart drawn on a pool thread froze the window meanwhile); counted from
    each day's ordinal it is ~0.5 ms, and other threads may run between the days."""
    if not days:
        return np.empty(0)
    # The epoch's own ordinal, whatever rcParams["date.epoch"] says (a whole day for dates).
    offset = float(mdates.date2num(days[0])) - days[0].toordinal()
    return np.fromiter((day.toordinal() for day in days), dtype=float, count=len(days)) + offset


def x_limits(
    shown: Iterable[dt.date], span: tuple[dt.date, dt.date] | None
) -> tuple[float, float]:
    """The axis from the first to the last day ``shown`` (at least ``span``), with a margin."""
    days = list(shown)
    if span is not None:
        days.extend(span)
    if not days:
        today = dt.date.today()
        days = [today - dt.timedelta(days=30), today]
    first, last = float(mdates.date2num(min(days))), float(mdates.date2num(max(days)))
    pad = 7.0 if first == last else max(3.0, (last - first) / 20)
    # In day numbers, not dates: a margin around a date near 0001-01-01 or 9999-12-31
    # (an older register may hold one) leaves the calendar. Whole days, as date
    # arithmetic gave: the earlier limit rounded out, the later one in.
    return (max(first - math.ceil(pad), _EARLIEST_DAY_NUMBER),
            min(last + math.floor(pad), _LATEST_DAY_NUMBER))


# The calendar's ends as matplotlib numbers its days; its date locators refuse anything beyond.
_EARLIEST_DAY_NUMBER = float(mdates.date2num(dt.date.min))
_LATEST_DAY_NUMBER = float(mdates.date2num(dt.date.max))
