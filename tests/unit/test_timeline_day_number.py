"""The timeline's kept day numbers are matplotlib's own, asked again or not."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st
from matplotlib import dates as mdates

from coalition_desk.charts.timeline_axis import day_number, x_limits

days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@given(days)
def test_a_kept_day_number_is_date2nums(day: dt.date) -> None:
    assert day_number(day) == float(mdates.date2num(day))
    assert day_number(day) == float(mdates.date2num(day))  # the second time, from the cache


@given(st.lists(days, min_size=1, max_size=6))
def test_the_axis_limits_are_those_worked_out_through_date2num(shown: list[dt.date]) -> None:
    # The limits as they were worked out before the day numbers were kept.
    first, last = float(mdates.date2num(min(shown))), float(mdates.date2num(max(shown)))
    pad = 7.0 if first == last else max(3.0, (last - first) / 20)
    earliest = float(mdates.date2num(dt.date.min))
    latest = float(mdates.date2num(dt.date.max))
    expected = (max(first - math.ceil(pad), earliest), min(last + math.floor(pad), latest))
    assert x_limits(shown, None) == expected
    assert x_limits(shown, None) == expected
