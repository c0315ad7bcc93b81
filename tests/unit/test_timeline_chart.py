"""The timeline drawing on a bare matplotlib Figure: no Qt, no database."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import replace

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from coalition_desk.charts.colours import FAVOURABLE, NO_STANCE, UNFAVOURABLE, stance_colour
from coalition_desk.charts.timeline_data import (
    TimelineBasis,
    TimelineRequest,
    build_timeline_data,
    timeline_data_from,
)
from coalition_desk.charts.timeline_draw import SELECTED_MEETING, draw_timeline
from coalition_desk.domain.records import Issue, Meeting
from coalition_desk.domain.views import PositionView

TROOPS = Issue(name="Troop numbers", stances=("None", "Some", "Many"), uuid="i-troops")
OBJECTIVE = Issue(
    name="Objective", kind="options", stances=("Deterrence", "Monitoring"), uuid="i-objective"
)
NATIONS = [("n-fra", "France"), ("n-pol", "Poland")]
MEETINGS = [
    Meeting(title="Summit", date=dt.date(2025, 3, 27), place="Élysée, Paris", uuid="m-paris"),
    Meeting(
        title="Ministers", date=dt.date(2025, 4, 10), place="NATO HQ, Brussels", uuid="m-brussels"
    ),
]


def position(
    uuid: str,
    nation: tuple[str, str],
    issue: Issue,
    day: int,
    stance: str | None,
    *,
    stale: bool = False,
    quote: str = "",
) -> PositionView:
    return PositionView(
        uuid=uuid,
        nation_uuid=nation[0],
        nation_name=nation[1],
        nation_code=nation[1][:3],
        issue_uuid=issue.uuid,
        issue_name=issue.name,
        as_of=dt.date(2025, 4, day),
        stance=stance,
        stance_value=None,
        salience=None,
        quote=quote,
        summary="",
        speaker_uuid=None,
        speaker_name="",
        meeting_uuid=None,
        meeting_title="",
        source="",
        confidence="medium",
        last_confirmed=None,
        stale=stale,
    )


POSITIONS = [
    position("p1", NATIONS[0], TROOPS, 1, "Many", quote="real and substantial"),
    position("p2", NATIONS[1], TROOPS, 10, "None", stale=True),
    position("p3", NATIONS[0], OBJECTIVE, 10, "Deterrence"),
]


def drawn(request: TimelineRequest, positions=POSITIONS):
    figure = Figure(figsize=(8, 4), layout="constrained")
    FigureCanvasAgg(figure)
    data = build_timeline_data(request, positions, [TROOPS, OBJECTIVE], MEETINGS, NATIONS)
    drawing = draw_timeline(figure.add_subplot(), data)
    figure.canvas.draw()
    return data, drawing


def test_one_issue_puts_nations_on_rows_and_colours_by_stance() -> None:
    data, drawing = drawn(
        TimelineRequest(issue_uuid="i-troops"), [p for p in POSITIONS if p.issue_uuid == "i-troops"]
    )
    assert data.rows == ("France", "Poland")
    colours = {p.uuid: p.colour for p in data.points}
    assert colours == {"p1": FAVOURABLE, "p2": UNFAVOURABLE}
    assert [label for label, _ in data.legend] == ["None", "Some", "Many", "No stance taken"]
    assert drawing.point_uuids == ("p1", "p2")


def test_a_selected_nation_gets_one_row_per_issue() -> None:
    mine = [p for p in POSITIONS if p.nation_uuid == "n-fra"]
    data, _ = drawn(TimelineRequest(nation_uuid="n-fra", nation_name="France"), mine)
    assert data.rows == ("Troop numbers", "Objective")
    assert {(p.uuid, p.y) for p in data.points} == {("p1", 0.0), ("p3", 1.0)}
    assert data.title.startswith("France")


def test_all_issues_fan_out_same_day_statements_of_a_nation_in_issue_order() -> None:
    same_day = [
        position("a", NATIONS[0], OBJECTIVE, 10, "Deterrence"),
        position("b", NATIONS[0], TROOPS, 10, "Many"),
        position("c", NATIONS[0], TROOPS, 1, "Some"),
        position("d", NATIONS[1], TROOPS, 10, "None"),
    ]
    data, drawing = drawn(TimelineRequest(), same_day)
    y = {p.uuid: p.y for p in data.points}
    # Troop numbers comes before Objective in the issue list, so it sits higher (smaller y).
    assert y["b"] < 0 < y["a"] and abs(y["a"] - y["b"]) >= 0.3
    assert max(abs(y["a"]), abs(y["b"])) < 0.5  # still inside France's row
    assert y["c"] == 0.0 and y["d"] == 1.0  # alone on their day: the row's middle
    first, second = (drawing.display_position(u) for u in ("a", "b"))
    assert abs(first[1] - second[1]) > 6  # pixels apart: two markers, not one blob


def test_the_marker_under_a_display_point_is_found_and_nothing_beside_it() -> None:
    _data, drawing = drawn(TimelineRequest(issue_uuid="i-troops"))
    x, y = drawing.display_position("p2")
    assert drawing.point_at(x + 2, y - 2) == "p2"
    assert drawing.point_at(x + 60, y + 60) is None
    assert "real and substantial" in drawing.tooltip_at(*drawing.display_position("p1"))


def test_stale_positions_are_drawn_pale_and_say_so() -> None:
    data, drawing = drawn(TimelineRequest(issue_uuid="i-troops", stale_after_days=30))
    collection = drawing.axes.collections[0]
    faces = [to_hex(face) for face in collection.get_facecolors()]
    assert faces[0] == FAVOURABLE  # fresh: the stance colour itself
    assert faces[1] != UNFAVOURABLE  # stale: a pale version
    stale_point = next(p for p in data.points if p.uuid == "p2")
    assert "STALE" in stale_point.tooltip and "30 days" in stale_point.tooltip
    legend = [t.get_text() for t in drawing.axes.get_legend().get_texts()]
    assert "Stale (not reconfirmed in 30 days)" in legend


DAY_MONTH = re.compile(r"^([1-9]|[12][0-9]|3[01]) [A-Z][a-z]{2}(\n20[0-9]{2})?$")


def test_date_ticks_read_as_day_and_month_with_the_year_once() -> None:
    _data, drawing = drawn(TimelineRequest())
    labels = [label.get_text() for label in drawing.axes.get_xticklabels()]
    assert len(labels) >= 3
    # "27 Mar", never a bare "29" or "Apr" that leaves the officer guessing.
    assert all(DAY_MONTH.match(label) for label in labels), labels
    assert labels[0].endswith("\n2025")
    assert not any("\n" in label for label in labels[1:])
    assert drawing.axes.xaxis.get_offset_text().get_text() == ""


def test_ticks_across_years_name_each_year_where_it_starts() -> None:
    figure = Figure()
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    days = [dt.date(2024, 11, 1), dt.date(2025, 6, 1)]
    data = build_timeline_data(
        TimelineRequest(),
        [],
        [TROOPS],
        [Meeting(title=f"M{d}", date=d, place="Paris", uuid=f"m{d}") for d in days],
        NATIONS,
    )
    draw_timeline(ax, data)
    figure.canvas.draw()
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert labels[0].endswith("\n2024")
    assert any(label.endswith("\n2025") for label in labels[1:]), labels
    assert all(label.split("\n")[0].isalpha() for label in labels), labels  # month ticks


def test_the_selected_meeting_is_marked() -> None:
    _data, drawing = drawn(TimelineRequest(meeting_uuid="m-brussels"))
    assert drawing.highlighted_meeting == "m-brussels"
    assert drawing.meeting_lines["m-brussels"].get_color() == SELECTED_MEETING
    assert drawing.meeting_lines["m-paris"].get_color() != SELECTED_MEETING
    labels = [t.get_text() for t in drawing.axes.texts]
    assert "Brussels 10 Apr" in labels and "Paris 27 Mar" in labels


def test_the_selected_position_is_ringed() -> None:
    _data, drawing = drawn(TimelineRequest(position_uuid="p3"))
    assert len(drawing.axes.collections) == 2


def test_nothing_recorded_says_so() -> None:
    data, drawing = drawn(
        TimelineRequest(nation_uuid="n-pol", nation_name="Poland", issue_uuid="i-objective"), []
    )
    assert data.empty_message == "No positions recorded for Poland on Objective."
    assert data.empty_message in [t.get_text() for t in drawing.axes.texts]
    assert drawing.point_at(10, 10) is None


@pytest.mark.parametrize(
    ("stance", "expected"),
    [("None", UNFAVOURABLE), ("Many", FAVOURABLE), (None, NO_STANCE), ("unknown", NO_STANCE)],
)
def test_stance_colours_follow_the_scale(stance, expected) -> None:
    assert stance_colour(stance, TROOPS.stances, "scale") == expected


def test_options_are_not_coloured_as_good_or_bad() -> None:
    colours = {stance_colour(s, OBJECTIVE.stances, "options") for s in OBJECTIVE.stances}
    assert not colours & {UNFAVOURABLE, FAVOURABLE}
    assert len(colours) == 2


def test_a_capped_overview_says_how_many_it_shows_and_spans_only_their_period() -> None:
    latest = [p for p in POSITIONS if p.as_of == dt.date(2025, 4, 10)]
    data = timeline_data_from(
        TimelineBasis([TROOPS, OBJECTIVE], MEETINGS, NATIONS),
        TimelineRequest(meeting_uuid="m-paris"),
        latest,
        recorded=2_345,
    )
    assert data.title == (
        "All issues: latest 2 of 2,345 positions — choose an issue or a nation to see all"
    )
    # The Paris summit (27 March) is before the first position shown (10 April).
    assert [m.uuid for m in data.meetings] == ["m-brussels"]
    assert {p.uuid for p in data.points} == {"p2", "p3"}


def test_a_read_that_was_not_cut_short_keeps_its_title() -> None:
    data = timeline_data_from(
        TimelineBasis([TROOPS, OBJECTIVE], MEETINGS, NATIONS),
        TimelineRequest(issue_uuid="i-troops", meeting_uuid="m-paris"),
        POSITIONS[:2],
        recorded=2,
    )
    assert data.title == "Troop numbers: each nation's stance over time"
    assert [(m.uuid, m.highlighted) for m in data.meetings] == [
        ("m-paris", True),
        ("m-brussels", False),
    ]


def test_a_hundred_nations_are_named_every_few_rows_so_the_names_do_not_overlap() -> None:
    nations = [(f"n{index:03}", f"Nation {index:03}") for index in range(100)]
    figure = Figure(figsize=(8, 4), layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    draw_timeline(ax, build_timeline_data(TimelineRequest(), [], [TROOPS], MEETINGS, nations))
    figure.canvas.draw()
    ticks = zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
    named = {label.get_text(): tick for label, tick in ticks}
    assert 20 <= len(named) <= 40
    assert named["Nation 000"] == 0 and named["Nation 003"] == 3  # each name on its own row


def test_many_meetings_shade_their_days_darker_where_more_met_and_label_only_the_chosen() -> None:
    from coalition_desk.charts.timeline_draw import MAX_LABELLED_MEETINGS, meeting_density

    first = dt.date(2025, 1, 1)
    busy, quiet = dt.date(2025, 2, 3), dt.date(2025, 3, 3)
    meetings = [
        Meeting(title=f"Talks {i}", date=first + dt.timedelta(days=i % 60), place="Geneva",
                uuid=f"m-{i}")
        for i in range(MAX_LABELLED_MEETINGS + 1)
    ]
    meetings += [Meeting(title=f"Busy {i}", date=busy, place="Oslo", uuid=f"b-{i}")
                 for i in range(3)]
    meetings.append(Meeting(title="Quiet", date=quiet, place="Rome", uuid="q"))
    figure = Figure(figsize=(8, 4))
    FigureCanvasAgg(figure)
    data = build_timeline_data(
        TimelineRequest(issue_uuid=TROOPS.uuid, meeting_uuid="q"), POSITIONS[:2],
        [TROOPS, OBJECTIVE], meetings, NATIONS,
    )  # fmt: skip
    drawing = draw_timeline(figure.add_subplot(), data)
    figure.canvas.draw()

    ax = drawing.axes
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["Rome 3 Mar"]  # only the chosen meeting is named
    (strip,) = ax.images
    limits = ax.get_xlim()
    image = meeting_density([m.date for m in meetings if m.uuid != "q"], limits)
    assert (strip.get_array() == image).all()

    def alpha_on(day: dt.date) -> float:
        column = int((dt.date.toordinal(day) - dt.date(1970, 1, 1).toordinal() - limits[0])
                     / (limits[1] - limits[0]) * image.shape[1])
        return float(image[0, column, 3])

    assert alpha_on(busy) > alpha_on(first) > 0
    assert alpha_on(dt.date(2025, 3, 20)) == 0  # no meeting that day


@pytest.mark.parametrize("days", [20, 45, 120, 400, 1500])
def test_date_labels_never_touch_and_a_wider_axis_gets_more_of_them(days: int) -> None:
    counts = []
    for inches in (4, 6, 9, 15):
        figure = Figure(figsize=(inches, 3), layout="constrained")
        FigureCanvasAgg(figure)
        data = build_timeline_data(TimelineRequest(), POSITIONS, [TROOPS, OBJECTIVE], [], NATIONS)
        span = (dt.date(2025, 3, 1), dt.date(2025, 3, 1) + dt.timedelta(days=days))
        drawing = draw_timeline(figure.add_subplot(), replace(data, span=span))
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        boxes = [
            label.get_window_extent(renderer)
            for label in drawing.axes.get_xticklabels()
            if label.get_text() and label.get_visible()
        ]
        boxes = [b for b in boxes if drawing.axes.bbox.x0 - 30 <= b.x0 <= drawing.axes.bbox.x1]
        for left, right in itertools.pairwise(sorted(boxes, key=lambda b: b.x0)):
            assert right.x0 - left.x1 >= 4, (inches, days, left, right)
        counts.append(len(boxes))
    assert counts == sorted(counts) and counts[-1] > counts[0], counts


def test_the_all_issues_legend_shows_each_option_colour_named_by_its_options() -> None:
    from coalition_desk.charts.colours import OPTION_COLOURS

    data, drawing = drawn(TimelineRequest())
    legend = dict(data.legend)
    assert legend["Option: Deterrence"] == OPTION_COLOURS[0]
    assert legend["Option: Monitoring"] == OPTION_COLOURS[1]
    assert {"Least favourable", "Most favourable", "No stance taken"} <= set(legend)
    shown = [t.get_text() for t in drawing.axes.get_legend().get_texts()]
    assert "Option: Deterrence" in shown and "Option: Monitoring" in shown
