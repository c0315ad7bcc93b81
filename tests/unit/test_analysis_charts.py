"""The analysis drawings, on a bare Figure: no Qt, no screen."""

import datetime as dt

import numpy as np
import pytest
from matplotlib.figure import Figure

from coalition_desk.charts import analysis as charts
from coalition_desk.domain import analysis as an
from coalition_desk.domain import records as rec
from coalition_desk.services.analysis import forecast

SCALE = rec.Issue("Troop numbers", "scale", ("No troops", "Small", "Substantial"))
OPTIONS = rec.Issue("Core objective", "options", ("Deterrence", "Monitoring", "Peacekeeping"))


def axes():
    return Figure(figsize=(8, 4)).add_subplot()


def actor(name: str, stance: str | None, value: float | None, capability: int = 50,
          stale: bool = False) -> an.ActorInput:
    return an.ActorInput(name, name, stance, value, capability, None, dt.date(2025, 4, 10), stale)


def by_gid(ax, gid: str) -> list:
    return [a for a in ax.get_children() if a.get_gid() == gid]


def test_forecast_strip_draws_median_and_mean_where_they_are() -> None:
    ax = axes()
    # A weighs 5000 of 9000: more than half, so the median sits on A's stance.
    result = forecast(SCALE, [actor("A", "No troops", 0.0, 100), actor("B", "Small", 50.0, 40),
                              actor("C", "Substantial", 100.0, 40)])
    charts.draw_forecast_strip(ax, result)
    (median,) = by_gid(ax, "median")
    (mean,) = by_gid(ax, "mean")
    assert median.get_xdata()[0] == result.median == 0.0
    assert mean.get_xdata()[0] == pytest.approx(result.mean)
    dots = [c for c in ax.collections if (c.get_gid() or "").startswith("nation:")]
    assert len(dots) == 3
    sizes = {c.get_gid(): c.get_sizes()[0] for c in dots}
    assert sizes["nation:A"] > sizes["nation:B"] == sizes["nation:C"]  # bigger weight
    assert [t.get_text() for t in ax.get_xticklabels()] == ["No troops", "Small", "Substantial"]


def test_a_tied_median_is_shaded_as_an_interval() -> None:
    ax = axes()
    result = forecast(SCALE, [actor("A", "No troops", 0.0), actor("B", "No troops", 0.0),
                              actor("C", "Substantial", 100.0), actor("D", "Substantial", 100.0)])
    charts.draw_forecast_strip(ax, result)
    (tie,) = by_gid(ax, "median-tie")
    box = tie.get_bbox()
    assert (box.x0, box.x1) == (0.0, 100.0)


def test_no_forecast_draws_the_reason_and_no_forecast_lines() -> None:
    ax = axes()
    result = forecast(SCALE, [actor("A", "Small", 50.0)])
    charts.draw_forecast_strip(ax, result)
    assert by_gid(ax, "median") == [] and by_gid(ax, "mean") == []
    (message,) = [t for t in ax.texts if t.get_gid() == "message"]
    assert "No forecast" in message.get_text()


def test_options_forecast_draws_shares_as_bars() -> None:
    ax = axes()
    result = forecast(OPTIONS, [actor("A", "Deterrence", None, 100), actor("B", "Monitoring", None),
                                actor("C", "Monitoring", None)])
    charts.draw_forecast_strip(ax, result)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([50.0, 50.0, 0.0])


def gap(required: float | None, confirmed: float, offered: float) -> an.GapRow:
    return an.GapRow("Deterrence", "troops", "personnel", required, confirmed, offered)


def test_gap_bars_show_confirmed_then_offered_as_share_of_the_requirement() -> None:
    ax = axes()
    rows = [gap(10_000, 2_500, 5_000), gap(None, 0, 3), gap(100, 400, 0)]
    charts.draw_gap_bars(ax, rows, ["Troops", "Air defence", "Logistics"])
    confirmed = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(
        charts.to_rgba(charts.CONFIRMED_COLOUR)[:3])]
    offered = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(
        charts.to_rgba(charts.OFFERED_COLOUR)[:3])]
    assert [p.get_width() for p in confirmed] == pytest.approx([25.0, 0.0, charts.GAP_AXIS_LIMIT])
    assert [p.get_width() for p in offered] == pytest.approx([50.0, 0.0, 0.0])
    assert offered[0].get_x() == pytest.approx(25.0)
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["gap 2,500 of 10,000", "no requirement set", "gap 0 of 100"]


def test_gap_bars_with_nothing_recorded_say_so() -> None:
    ax = axes()
    charts.draw_gap_bars(ax, [], [])
    assert "No requirements or pledges" in ax.texts[0].get_text()
    charts.draw_gap_bars(ax, [gap(None, 0, 3)], ["Troops"])
    assert len(ax.patches) == 0 and "No requirement set" in ax.texts[0].get_text()


def heatmap() -> an.HeatmapData:
    return an.HeatmapData(
        nations=(("n1", "France"), ("n2", "Poland")),
        issues=(("i1", "Troops"), ("i2", "Objective")),
        issue_kinds=("scale", "options"),
        cells={
            (0, 0): an.HeatCell("Substantial", 2, 1.0, "scale", dt.date(2025, 4, 10), False),
            (1, 0): an.HeatCell("No troops", 0, 0.0, "scale", dt.date(2025, 1, 1), True),
            (0, 1): an.HeatCell("Monitoring", 1, 0.5, "options", dt.date(2025, 4, 10), False),
        },
    )


def test_heatmap_colours_each_cell_by_stance_and_leaves_blanks_grey() -> None:
    image = charts.heatmap_colours(heatmap())
    assert tuple(image[0, 0]) == pytest.approx(charts.scale_colour(1.0))
    assert tuple(image[1, 0]) == pytest.approx(charts.scale_colour(0.0))
    assert tuple(image[0, 1]) == pytest.approx(charts.option_colour(1))
    assert tuple(image[1, 1]) == charts.EMPTY_CELL
    assert not np.allclose(image[0, 0], image[1, 0])


def test_heatmap_hatches_only_the_stale_cells() -> None:
    ax = axes()
    charts.draw_stance_heatmap(ax, heatmap())
    stale = [p for p in ax.patches if (p.get_gid() or "").startswith("stale:")]
    assert [p.get_gid() for p in stale] == ["stale:1:0"]
    assert stale[0].get_hatch() == charts.STALE_HATCH
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France", "Poland"]


def test_heatmap_cell_lookup_round_trips_and_refuses_the_margin() -> None:
    data = heatmap()
    for row in range(2):
        for column in range(2):
            assert charts.heatmap_cell_at(data, *charts.heatmap_cell_centre(row, column)) == (
                row, column)
    assert charts.heatmap_cell_at(data, 0.4, 1.45) == (1, 0)
    assert charts.heatmap_cell_at(data, 2.6, 0) is None
    assert charts.heatmap_cell_at(data, None, None) is None
