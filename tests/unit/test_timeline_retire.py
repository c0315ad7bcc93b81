"""A figure taken apart once replaced: freed by reference counting, and the chart that
replaced it drawn exactly as it was before."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from dataclasses import replace

import pytest
from matplotlib.artist import Artist

from coalition_desk.charts.canvas_size import CanvasSize
from coalition_desk.charts.timeline_data import TimelineRequest, timeline_data_from
from coalition_desk.charts.timeline_image import RenderedTimeline, render_timeline
from tests.unit.test_timeline_chart import OBJECTIVE, POSITIONS, TROOPS
from tests.unit.test_timeline_live import BASIS

SIZE = CanvasSize(900, 420, 1.0)


def issue_data(issue, selected: str | None = None):
    mine = [p for p in POSITIONS if p.issue_uuid == issue.uuid]
    return timeline_data_from(
        BASIS, TimelineRequest(issue_uuid=issue.uuid, position_uuid=selected), mine
    )


def rendered(data) -> RenderedTimeline:
    drawn = render_timeline(data, SIZE)
    assert drawn is not None
    return drawn


@pytest.fixture
def no_automatic_collection() -> Iterator[None]:
    """What is freed meanwhile is freed by reference counting alone."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def artists_in_cyclic_garbage() -> int:
    """How many matplotlib artists the cyclic collector would have to free now."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return sum(isinstance(thing, Artist) for thing in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()


@pytest.mark.usefixtures("no_automatic_collection")
def test_a_retired_figure_is_freed_at_once_without_the_cyclic_collector() -> None:
    old = rendered(issue_data(TROOPS))
    figure = weakref.ref(old.figure)
    axes = weakref.ref(old.figure.axes[0])
    gc.collect()  # what the drawing itself left behind (matplotlib's own) is not counted

    old.retire()
    del old

    assert figure() is None and axes() is None
    assert artists_in_cyclic_garbage() == 0


@pytest.mark.usefixtures("no_automatic_collection")
def test_a_figure_dropped_without_being_retired_is_left_to_the_collector() -> None:
    # The other side of the test above: what retire() saves the collector from.
    old = rendered(issue_data(TROOPS))
    figure = weakref.ref(old.figure)
    gc.collect()

    del old

    assert figure() is not None
    assert artists_in_cyclic_garbage() > 100


def test_the_chart_after_a_retired_one_shows_the_same_pixels_and_markers() -> None:
    troops, objective = issue_data(TROOPS), issue_data(OBJECTIVE)
    before = rendered(objective)
    selected = replace(objective, selected_uuid=before.drawing.point_uuids[0])
    before.show(selected)  # the ring redrawn in place on the kept figure
    markers_before = [before.drawing.display_position(u) for u in before.drawing.point_uuids]

    first = rendered(troops)
    first.retire()  # replaced, as the pane does, by the next issue's chart
    after = rendered(objective)
    assert after.pixels == rendered(objective).pixels
    after.show(selected)

    assert after.pixels == before.pixels
    assert after.drawing.point_uuids == before.drawing.point_uuids
    assert [after.drawing.display_position(u) for u in after.drawing.point_uuids] == (
        markers_before
    )


@pytest.mark.usefixtures("no_automatic_collection")
def test_a_drawing_cancelled_on_the_way_is_taken_apart_too() -> None:
    assert render_timeline(issue_data(TROOPS), SIZE, cancelled=lambda: True) is None

    assert artists_in_cyclic_garbage() == 0
