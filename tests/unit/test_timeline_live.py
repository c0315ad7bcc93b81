"""The kept timeline on a bare Agg canvas: a new selection redraws only the markers."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

from coalition_desk.charts.timeline_data import TimelineBasis, TimelineRequest, timeline_data_from
from coalition_desk.charts.timeline_draw import marker_style
from coalition_desk.charts.timeline_live import LiveTimeline
from tests.unit.test_timeline_chart import MEETINGS, NATIONS, OBJECTIVE, POSITIONS, TROOPS

BASIS = TimelineBasis([TROOPS, OBJECTIVE], MEETINGS, NATIONS)


def nation_data(nation: tuple[str, str], **request):
    mine = [p for p in POSITIONS if p.nation_uuid == nation[0]]
    return timeline_data_from(
        BASIS, TimelineRequest(nation_uuid=nation[0], nation_name=nation[1], **request), mine
    )


def live_chart() -> tuple[LiveTimeline, FigureCanvasAgg]:
    figure = Figure(figsize=(8, 4), layout="constrained")
    canvas = FigureCanvasAgg(figure)
    # As in the window, which shows the title (naming the nation) above the chart.
    return LiveTimeline(figure.add_subplot(), show_title=False), canvas


def colour_at(canvas: FigureCanvasAgg, x: float, y: float) -> tuple[float, float, float]:
    pixels = np.asarray(canvas.buffer_rgba())
    r, g, b, _a = pixels[pixels.shape[0] - round(y), round(x)]
    return r / 255, g / 255, b / 255


def looks_like(actual, expected: str) -> bool:
    return bool(np.allclose(actual, to_rgb(expected), atol=0.02))


def test_the_next_nation_replaces_the_markers_without_drawing_the_frame_again() -> None:
    chart, canvas = live_chart()
    france = nation_data(NATIONS[0])
    chart.show(france)
    canvas.draw()
    french = {
        chart.drawing.display_position(uuid): face
        for uuid, face in zip(("p1", "p3"), marker_style(france.points)[1], strict=True)
    }
    assert all(looks_like(colour_at(canvas, *at), face) for at, face in french.items())

    poland = nation_data(NATIONS[1])
    drawing = chart.show(poland)  # the same rows and dates: the frame is kept

    assert chart.frames_drawn == 1
    assert drawing.point_uuids == ("p2",)
    assert looks_like(
        colour_at(canvas, *drawing.display_position("p2")), marker_style(poland.points)[1][0]
    )
    assert not any(looks_like(colour_at(canvas, *at), face) for at, face in french.items())


def test_a_changed_frame_is_drawn_again_with_its_markers() -> None:
    chart, canvas = live_chart()
    chart.show(nation_data(NATIONS[0]))
    canvas.draw()
    chosen = nation_data(NATIONS[0], meeting_uuid="m-paris")
    drawing = chart.show(chosen)
    canvas.draw()
    assert chart.frames_drawn == 2
    assert drawing.highlighted_meeting == "m-paris"
    assert looks_like(
        colour_at(canvas, *drawing.display_position("p1")), marker_style(chosen.points)[1][0]
    )


def test_a_saved_picture_has_the_markers_and_the_legend_explains_stale_marks() -> None:
    chart, canvas = live_chart()
    france = nation_data(NATIONS[0])
    assert not any(p.stale for p in france.points)
    drawing = chart.show(france)
    buffer = io.BytesIO()
    canvas.figure.savefig(buffer, format="png")
    picture = Image.open(buffer).convert("RGB")
    x, y = drawing.display_position("p1")
    assert looks_like(
        tuple(c / 255 for c in picture.getpixel((round(x), picture.height - round(y)))),
        marker_style(france.points)[1][0],
    )
    # Another nation's markers may be stale: the key to them is kept either way.
    legend = [t.get_text() for t in drawing.axes.get_legend().get_texts()]
    assert france.stale_label in legend
