"""A nation chosen on an issue the chart has just shown whole is taken from that read:
it must show exactly what reading the nation would, and never a read a change outdated."""

from __future__ import annotations

import datetime as dt

import pytest

from coalition_desk.domain.records import Change, ChangeSet, Issue, Nation
from coalition_desk.services import positions, records
from coalition_desk.ui.hub import SelectionContext
from coalition_desk.ui.timeline.chart_reads import ChartReads
from tests.unit.test_timeline_reads import FRANCE, TROOPS, add_french_positions

LIMIT = 10_000


def _issue_wide_read(reads: ChartReads, issue_uuid: str) -> None:
    reads.read_issues()
    reads.prepare(SelectionContext(issue_uuid=issue_uuid), LIMIT)()


def _no_position_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the held read should have answered")

    monkeypatch.setattr(positions, "latest_positions", refuse)


def test_every_nation_on_every_issue_shows_what_its_own_read_shows(demo_db, monkeypatch) -> None:
    add_french_positions(demo_db, dt.date(2025, 6, 1), dt.date(2025, 6, 2))
    issues = [i.uuid for i in records.list_all(demo_db, Issue)]
    nations = [n.uuid for n in records.list_all(demo_db, Nation)]
    direct = ChartReads(demo_db)
    direct.read_issues()
    expected = {
        (issue, nation): direct.prepare(SelectionContext(nation_uuid=nation, issue_uuid=issue), LIMIT)()
        for issue in issues
        for nation in nations
    }
    assert any(data.points for data in expected.values())
    held = ChartReads(demo_db)
    for issue in issues:
        _issue_wide_read(held, issue)
        with monkeypatch.context() as patched:
            _no_position_read(patched)
            for nation in nations:
                shown = held.prepare(SelectionContext(nation_uuid=nation, issue_uuid=issue), LIMIT)()
                assert shown == expected[(issue, nation)]


def test_a_change_drops_the_held_read(demo_db) -> None:
    reads = ChartReads(demo_db)
    _issue_wide_read(reads, TROOPS)
    before = reads.prepare(SelectionContext(nation_uuid=FRANCE, issue_uuid=TROOPS), LIMIT)()
    added = add_french_positions(demo_db, dt.date(2025, 6, 5))
    reads.forget(ChangeSet((Change("position", "create", added[0]),)))
    after = reads.prepare(SelectionContext(nation_uuid=FRANCE, issue_uuid=TROOPS), LIMIT)()
    assert {p.uuid for p in after.points} == {p.uuid for p in before.points} | set(added)


def test_a_read_begun_before_a_change_is_not_kept(demo_db, monkeypatch) -> None:
    reads = ChartReads(demo_db)
    reads.read_issues()
    read_begun = reads.prepare(SelectionContext(issue_uuid=TROOPS), LIMIT)
    # What a pool thread's query saw before the change, landing after it.
    seen_before = positions.latest_positions(demo_db, LIMIT, issue_uuid=TROOPS)
    added = add_french_positions(demo_db, dt.date(2025, 6, 5))
    reads.forget(ChangeSet((Change("position", "create", added[0]),)))
    with monkeypatch.context() as patched:
        patched.setattr(positions, "latest_positions", lambda *_a, **_k: seen_before)
        read_begun()
    shown = reads.prepare(SelectionContext(nation_uuid=FRANCE, issue_uuid=TROOPS), LIMIT)()
    assert set(added) <= {p.uuid for p in shown.points}


def test_a_capped_issue_read_is_not_used_for_a_nation(demo_db) -> None:
    add_french_positions(demo_db, dt.date(2025, 6, 1), dt.date(2025, 6, 2))
    reads = ChartReads(demo_db)
    reads.read_issues()
    reads.prepare(SelectionContext(issue_uuid=TROOPS), 1)()  # only the newest of several
    shown = reads.prepare(SelectionContext(nation_uuid=FRANCE, issue_uuid=TROOPS), LIMIT)()
    assert len(shown.points) == 2
