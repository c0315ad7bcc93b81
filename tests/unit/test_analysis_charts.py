"""The analysis drawings, on a bare Figure: no Qt, no screen."""

import datetime as dt

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from coalition_desk.charts.analysis_forecast import MAX_NAMED_ACTORS, draw_forecast_strip
from coalition_desk.charts.analysis_gap import (
    CONFIRMED_COLOUR,
    GAP_AXIS_LIMIT,
    OFFERED_COLOUR,
    draw_gap_bars,
)
from coalition_desk.charts.analysis_heatmap import (
    EMPTY_CELL,
    MAX_NAMED_NATIONS,
    draw_stance_heatmap,
    heatmap_cell_at,
    heatmap_cell_centre,
    heatmap_colours,
)
from coalition_desk.charts.analysis_style import STALE_HATCH, option_colour, scale_colour
from coalition_desk.domain import analysis as an
from coalition_desk.domain import records as rec
from coalition_desk.services.analysis.outlook import forecast

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
    draw_forecast_strip(ax, result)
    (median,) = by_gid(ax, "median")
    (mean,) = by_gid(ax, "mean")
    assert median.get_xdata()[0] == result.median == 0.0
    assert mean.get_xdata()[0] == pytest.approx(result.mean)
    (dots,) = by_gid(ax, "actors")
    sizes = dict(zip(dots.nation_uuids, dots.get_sizes(), strict=True))
    assert sizes["A"] > sizes["B"] == sizes["C"]  # bigger weight
    xs = dict(zip(dots.nation_uuids, dots.get_offsets()[:, 0], strict=True))
    assert xs == {"A": 0.0, "B": 50.0, "C": 100.0}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["No troops", "Small", "Substantial"]


def test_a_tied_median_is_shaded_as_an_interval() -> None:
    ax = axes()
    result = forecast(SCALE, [actor("A", "No troops", 0.0), actor("B", "No troops", 0.0),
                              actor("C", "Substantial", 100.0), actor("D", "Substantial", 100.0)])
    draw_forecast_strip(ax, result)
    (tie,) = by_gid(ax, "median-tie")
    box = tie.get_bbox()
    assert (box.x0, box.x1) == (0.0, 100.0)


def test_no_forecast_draws_the_reason_and_no_forecast_lines() -> None:
    ax = axes()
    result = forecast(SCALE, [actor("A", "Small", 50.0)])
    draw_forecast_strip(ax, result)
    assert by_gid(ax, "median") == [] and by_gid(ax, "mean") == []
    (message,) = [t for t in ax.texts if t.get_gid() == "message"]
    assert "No forecast" in message.get_text()


def test_options_forecast_draws_shares_as_bars() -> None:
    ax = axes()
    result = forecast(OPTIONS, [actor("A", "Deterrence", None, 100), actor("B", "Monitoring", None),
                                actor("C", "Monitoring", None)])
    draw_forecast_strip(ax, result)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([50.0, 50.0, 0.0])


def gap(required: float | None, confirmed: float, offered: float) -> an.GapRow:
    return an.GapRow("Deterrence", "troops", "personnel", required, confirmed, offered)


def test_gap_bars_show_confirmed_then_offered_as_share_of_the_requirement() -> None:
    ax = axes()
    rows = [gap(10_000, 2_500, 5_000), gap(None, 0, 3), gap(100, 400, 0)]
    draw_gap_bars(ax, rows, ["Troops", "Air defence", "Logistics"])
    confirmed = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(
        to_rgba(CONFIRMED_COLOUR)[:3])]
    offered = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(
        to_rgba(OFFERED_COLOUR)[:3])]
    assert [p.get_width() for p in confirmed] == pytest.approx([25.0, 0.0, GAP_AXIS_LIMIT])
    assert [p.get_width() for p in offered] == pytest.approx([50.0, 0.0, 0.0])
    assert offered[0].get_x() == pytest.approx(25.0)
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["gap 2,500 of 10,000", "no requirement set", "gap 0 of 100"]


def test_gap_bars_with_nothing_recorded_say_so() -> None:
    ax = axes()
    draw_gap_bars(ax, [], [])
    assert "No requirements or pledges" in ax.texts[0].get_text()
    draw_gap_bars(ax, [gap(None, 0, 3)], ["Troops"])
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
    image = heatmap_colours(heatmap())
    assert tuple(image[0, 0]) == pytest.approx(scale_colour(1.0))
    assert tuple(image[1, 0]) == pytest.approx(scale_colour(0.0))
    assert tuple(image[0, 1]) == pytest.approx(option_colour(1))
    assert tuple(image[1, 1]) == EMPTY_CELL
    assert not np.allclose(image[0, 0], image[1, 0])


def test_heatmap_hatches_only_the_stale_cells() -> None:
    ax = axes()
    draw_stance_heatmap(ax, heatmap())
    (stale,) = by_gid(ax, "stale")
    (cell,) = stale.get_paths()
    box = cell.get_extents()
    assert (box.x0, box.y0, box.x1, box.y1) == (-0.5, 0.5, 0.5, 1.5)  # Poland on Troops
    assert stale.get_hatch() == STALE_HATCH
    assert [t.get_text() for t in ax.get_yticklabels()] == ["France", "Poland"]


def test_heatmap_cell_lookup_round_trips_and_refuses_the_margin() -> None:
    data = heatmap()
    for row in range(2):
        for column in range(2):
            assert heatmap_cell_at(data, *heatmap_cell_centre(row, column)) == (
                row, column)
    assert heatmap_cell_at(data, 0.4, 1.45) == (1, 0)
    assert heatmap_cell_at(data, 2.6, 0) is None
    assert heatmap_cell_at(data, None, None) is None


def big_forecast(nations: int = 200) -> an.Forecast:
    stances = ("No troops", "Small", "Substantial")
    actors = [
        actor(f"N{i:03d}", stances[i % 3], 50.0 * (i % 3), capability=10 + i % 90,
              stale=i % 7 == 0)
        for i in range(nations)
    ]
    return forecast(SCALE, actors)


def test_forecast_strip_draws_200_nations_as_one_collection_and_names_only_some() -> None:
    ax = axes()
    result = big_forecast()
    draw_forecast_strip(ax, result)
    (dots,) = by_gid(ax, "actors")
    assert sorted(dots.nation_uuids) == sorted(a.nation_uuid for a in result.actors)
    assert len(dots.get_offsets()) == len(dots.get_sizes()) == len(dots.get_facecolors()) == 200
    # The heaviest dot is drawn biggest, and every dot sits on its stance.
    heaviest = max(result.actors, key=lambda a: a.weight)
    assert dots.get_sizes()[dots.nation_uuids.index(heaviest.nation_uuid)] == max(
        dots.get_sizes())
    assert set(dots.get_offsets()[:, 0]) == {0.0, 50.0, 100.0}
    (stale,) = by_gid(ax, "stale-actors")
    assert len(stale.get_offsets()) == sum(a.stale for a in result.actors)
    names = [t.get_text() for t in ax.texts if t.get_gid() == "actor-name"]
    assert 0 < len(names) <= MAX_NAMED_ACTORS
    assert heaviest.nation_name in names
    (note,) = [t for t in ax.texts if t.get_gid() == "names-note"]
    assert "of 200 nations" in note.get_text()
    assert by_gid(ax, "median") and by_gid(ax, "mean") and by_gid(ax, "spread")


def test_a_few_nations_are_all_named_with_no_note() -> None:
    ax = axes()
    draw_forecast_strip(ax, big_forecast(6))
    assert len([t for t in ax.texts if t.get_gid() == "actor-name"]) == 6
    assert not [t for t in ax.texts if t.get_gid() == "names-note"]


def big_heatmap(rows: int = 200, columns: int = 40) -> an.HeatmapData:
    return an.HeatmapData(
        nations=tuple((f"n{r}", f"Nation {r:03d}") for r in range(rows)),
        issues=tuple((f"i{c}", f"Issue {c:02d} with a long enough name") for c in range(columns)),
        issue_kinds=("scale",) * columns,
        cells={
            (r, c): an.HeatCell("Small", 1, 0.5, "scale", dt.date(2025, 4, 10), (r + c) % 9 == 0)
            for r in range(rows)
            for c in range(columns)
        },
    )


def test_a_200_by_40_heatmap_is_one_image_with_thinned_names_and_no_cell_text() -> None:
    ax = Figure(figsize=(9, 6)).add_subplot()
    data = big_heatmap()
    draw_stance_heatmap(ax, data)
    (image,) = ax.images
    assert image.get_array().shape == (200, 40, 4)
    (stale,) = by_gid(ax, "stale")
    assert len(stale.get_paths()) == sum(cell.stale for cell in data.cells.values())
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert 5 <= len(names) <= MAX_NAMED_NATIONS and names[0] == "Nation 000"
    assert not [t for t in ax.texts if t.get_gid() == "cell-text"]
    assert not ax.patches  # no per-cell patches


def test_big_cells_carry_their_stance_as_text() -> None:
    ax = Figure(figsize=(8, 4)).add_subplot()
    draw_stance_heatmap(ax, heatmap())
    texts = sorted(t.get_text() for t in ax.texts if t.get_gid() == "cell-text")
    assert texts == ["Monitoring", "No troops", "Substantial"]


def test_heatmap_cell_lookup_maps_the_corners_of_a_200_by_40_grid() -> None:
    data = big_heatmap()
    corners = {(0, 0): (0.0, 0.0), (0, 39): (39.0, 0.0), (199, 0): (0.0, 199.0),
               (199, 39): (39.0, 199.0)}
    for cell, (x, y) in corners.items():
        assert heatmap_cell_at(data, x, y) == cell
        # Anywhere inside the cell, up to just short of its edges.
        assert heatmap_cell_at(data, x - 0.49, y + 0.49) == cell
        assert data.nations[cell[0]][0] == f"n{cell[0]}" and data.issues[cell[1]][0] == f"i{cell[1]}"
    # As a click does: the drawn map's pixel of each corner cell maps back to that cell.
    figure = Figure(figsize=(9, 6))
    ax = figure.add_subplot()
    draw_stance_heatmap(ax, data)
    FigureCanvasAgg(figure).draw()
    assert ax.images[0].get_extent() == [-0.5, 39.5, 199.5, -0.5]
    for cell in corners:
        pixel = ax.transData.transform(heatmap_cell_centre(*cell))
        x, y = ax.transData.inverted().transform(pixel)
        assert heatmap_cell_at(data, x, y) == cell
    # Two pixels in from the map's top-left corner (display y grows upwards).
    inside = ax.transData.transform((-0.5, -0.5)) + np.array([2.0, -2.0])
    assert heatmap_cell_at(data, *ax.transData.inverted().transform(inside)) == (0, 0)
    assert heatmap_cell_at(data, 39.6, 199.0) is None
    assert heatmap_cell_at(data, 0.0, 199.6) is None
    assert heatmap_cell_at(data, -0.6, 0.0) is None


def test_a_stance_has_the_same_colour_in_the_analysis_as_on_the_timeline() -> None:
    from matplotlib.colors import to_rgba

    from coalition_desk.charts import colours

    stances = ("No troops", "Support from outside", "Troops on the ground")
    for index, stance in enumerate(stances):
        timeline = to_rgba(colours.stance_colour(stance, stances, "scale"))
        assert scale_colour(index / 2) == pytest.approx(timeline, abs=2 / 255)
        assert option_colour(index) == pytest.approx(
            to_rgba(colours.stance_colour(stance, stances, "options")))
