"""The chart places its markers and meetings on the days matplotlib's own conversion gives."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from matplotlib import dates as mdates

from coalition_desk.charts.timeline_axis import day_numbers


@given(st.lists(st.dates(), max_size=50))
def test_day_numbers_are_matplotlibs_for_any_dates(days: list[dt.date]) -> None:
    numbers = day_numbers(days)
    expected = mdates.date2num(days) if days else np.empty(0)
    assert numbers.dtype == np.float64 and numbers.shape == (len(days),)
    assert np.array_equal(numbers, expected)


def test_the_calendars_ends_and_a_register_year() -> None:
    days = [dt.date.min, dt.date(1970, 1, 1), dt.date(2025, 3, 27), dt.date.max]
    assert day_numbers(days).tolist() == [float(mdates.date2num(day)) for day in days]
