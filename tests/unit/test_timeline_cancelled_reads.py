"""The chart's read of an issue stops between chunks once the officer has chosen past it.

A read that is not cancelled must show exactly what the whole read (every row fetched at
once through the ORM, as before chunks) showed; a cancelled one must stop at its next
chunk, return nothing and leave nothing behind that a later selection could show.
"""

from __future__ import annotations

import datetime as dt

import pytest

from coalition_desk.charts.timeline import TimelineData
from coalition_desk.charts.timeline_data import TimelineRequest, timeline_data_from
from coalition_desk.domain.errors import ReadCancelled
from coalition_desk.domain.records import Issue, Nation
from coalition_desk.services import positions, records, settings
from coalition_desk.store.engine import Database
from coalition_desk.ui.hub import SelectionContext
from coalition_desk.ui.timeline.chart_reads import ChartReads
from tests.benchmarks import synth
from tests.unit.test_timeline_reads import FRANCE, TROOPS, add_french_positions

LIMIT = 10_000
OVERVIEW = 2_000


class Looks:
    """A ``cancelled`` that counts how often it is asked and turns true at look ``at``."""

    def __init__(self, at: int | None = None) -> None:
        self.at = at
        self.count = 0

    def __call__(self) -> bool:
        self.count += 1
        return self.at is not None and self.count >= self.at


def _whole_read(database: Database, reads: ChartReads, context: SelectionContext,
                limit: int) -> TimelineData:  # fmt: skip
    """What the chart showed before its reads came in chunks: the ORM's one fetch."""
    basis = reads.basis()
    stale_days = settings.stale_after_days(database)
    request = TimelineRequest(
        nation_uuid=context.nation_uuid,
        nation_name=basis.nation_name(context.nation_uuid),
        issue_uuid=context.issue_uuid,
        stale_after_days=stale_days,
    )
    rows, recorded = positions.latest_positions(
        database, limit, nation_uuid=context.nation_uuid, issue_uuid=context.issue_uuid,
        today=dt.date.today(), stale_days=stale_days,
    )  # fmt: skip
    span = positions.date_span(database)
    return timeline_data_from(basis, request, rows, recorded=recorded, span=span)


def _selections(database: Database) -> list[tuple[SelectionContext, int]]:
    issues = [i.uuid for i in records.list_all(database, Issue)]
    nations = [n.uuid for n in records.list_all(database, Nation)]
    chosen = [(SelectionContext(), OVERVIEW)]
    chosen += [(SelectionContext(issue_uuid=issue), LIMIT) for issue in issues]
    chosen += [(SelectionContext(nation_uuid=nation), LIMIT) for nation in nations[:5]]
    chosen += [
        (SelectionContext(nation_uuid=nation, issue_uuid=issue), LIMIT)
        for nation in nations[:3]
        for issue in issues
    ]
    return chosen


def _assert_chunked_reads_show_the_same(database: Database) -> int:
    """Every selection read in chunks (never cancelled, and on the GUI thread's way with
    no ``cancelled`` at all) gives the whole read's chart data; returns the most looks
    one read took."""
    most_looks = 0
    for context, limit in _selections(database):
        reads = ChartReads(database)
        reads.read_issues()
        expected = _whole_read(database, reads, context, limit)
        looks = Looks()
        assert reads.prepare(context, limit)(looks) == expected
        on_gui_thread = ChartReads(database)
        on_gui_thread.read_issues()
        assert on_gui_thread.prepare(context, limit)() == expected
        most_looks = max(most_looks, looks.count)
    return most_looks


def test_a_read_not_cancelled_shows_what_the_whole_read_showed_on_the_demo(demo_db) -> None:
    add_french_positions(demo_db, dt.date(2025, 6, 1), dt.date(2025, 6, 2))
    assert _assert_chunked_reads_show_the_same(demo_db) >= 2


@pytest.fixture
def synthetic(empty_db: Database) -> Database:
    """The benchmarks' scale S register (2,000 positions, ~250 an issue) on either backend."""
    synth.write(empty_db, synth.generate(synth.SCALES["S"]))
    return empty_db


def test_a_read_not_cancelled_shows_what_the_whole_read_showed_on_a_synthetic_register(
    synthetic,
) -> None:
    # Issues of ~250 positions and the overview's 2,000 span many chunks of rows.
    most_looks = _assert_chunked_reads_show_the_same(synthetic)
    assert most_looks > OVERVIEW // positions.CHUNK_ROWS


def test_the_rows_read_in_chunks_are_the_rows_read_at_once(synthetic) -> None:
    for issue in records.list_all(synthetic, Issue):
        at_once = positions.latest_positions(synthetic, LIMIT, issue_uuid=issue.uuid)
        in_chunks = positions.latest_positions(
            synthetic, LIMIT, issue_uuid=issue.uuid, cancelled=Looks()
        )
        assert len(at_once[0]) > positions.CHUNK_ROWS
        assert in_chunks == at_once


def _largest_issue(database: Database) -> str:
    issues = records.list_all(database, Issue)
    return max(
        issues, key=lambda issue: len(positions.latest_positions(database, LIMIT, issue_uuid=issue.uuid)[0])
    ).uuid


@pytest.mark.parametrize("cancelled_at", [1, 2, 3])
def test_a_cancelled_read_stops_at_its_next_chunk_and_returns_nothing(
    synthetic, cancelled_at
) -> None:
    issue = _largest_issue(synthetic)
    looks = Looks(at=cancelled_at)
    with pytest.raises(ReadCancelled):
        positions.latest_positions(synthetic, LIMIT, issue_uuid=issue, cancelled=looks)
    # Not one look more than it took to see it: no further chunk was read.
    assert looks.count == cancelled_at


def test_building_the_markers_stops_once_cancelled(synthetic) -> None:
    reads = ChartReads(synthetic)
    reads.read_issues()
    issue = _largest_issue(synthetic)
    rows, recorded = positions.latest_positions(synthetic, LIMIT, issue_uuid=issue)
    request = TimelineRequest(issue_uuid=issue)
    with pytest.raises(ReadCancelled):
        timeline_data_from(reads.basis(), request, rows, recorded=recorded, cancelled=Looks(at=2))


def test_a_cancelled_issue_read_is_not_kept_for_a_nation_chosen_next(
    synthetic, monkeypatch
) -> None:
    issue = _largest_issue(synthetic)
    nation = next(
        n.uuid for n in records.list_all(synthetic, Nation)
        if positions.latest_positions(synthetic, LIMIT, nation_uuid=n.uuid, issue_uuid=issue)[0]
    )  # fmt: skip
    on_nation = SelectionContext(nation_uuid=nation, issue_uuid=issue)
    expected = ChartReads(synthetic)
    expected.read_issues()
    wanted = expected.prepare(on_nation, LIMIT)()
    whole = Looks()
    expected.prepare(SelectionContext(issue_uuid=issue), LIMIT)(whole)
    reads = ChartReads(synthetic)
    reads.read_issues()
    # Cancelled at every look it takes: in the rows, after them, in the markers.
    for cancelled_at in range(1, whole.count + 1):
        with pytest.raises(ReadCancelled):
            reads.prepare(SelectionContext(issue_uuid=issue), LIMIT)(Looks(at=cancelled_at))
    real_read = positions.latest_positions
    asked: list[str | None] = []

    def read(*args, **kwargs):
        asked.append(kwargs.get("nation_uuid"))
        return real_read(*args, **kwargs)

    monkeypatch.setattr(positions, "latest_positions", read)
    shown = reads.prepare(on_nation, LIMIT)()
    assert asked == [nation]  # read afresh: nothing of the cancelled reads was held
    assert shown == wanted
    # A read that ran to its end is still kept (the held read answers the nation).
    reads.prepare(SelectionContext(issue_uuid=issue), LIMIT)(Looks())
    asked.clear()
    assert reads.prepare(on_nation, LIMIT)() == wanted
    assert asked == []


def test_the_demo_issue_read_cancelled_raises_and_keeps_nothing(demo_db) -> None:
    reads = ChartReads(demo_db)
    reads.read_issues()
    with pytest.raises(ReadCancelled):
        reads.prepare(SelectionContext(issue_uuid=TROOPS), LIMIT)(Looks(at=1))
    shown = reads.prepare(SelectionContext(nation_uuid=FRANCE, issue_uuid=TROOPS), LIMIT)()
    assert shown == _whole_read(
        demo_db, reads, SelectionContext(nation_uuid=FRANCE, issue_uuid=TROOPS), LIMIT
    )
