"""The Nations pane's read (only the columns it shows) says what the full reads say."""

import datetime as dt
from collections import Counter

import pytest

from coalition_desk.services import nations, pledges
from coalition_desk.services.positions import latest_stances


@pytest.mark.parametrize(
    ("as_of", "today", "stale_days"),
    [(None, dt.date(2025, 5, 1), 90), (dt.date(2025, 3, 31), dt.date(2026, 1, 1), 30)],
)
def test_each_stance_cell_is_the_nations_latest_stance(demo_db, as_of, today, stale_days) -> None:
    overviews = nations.list_nations(demo_db, as_of=as_of, today=today, stale_days=stale_days)
    latest = latest_stances(demo_db, as_of, today=today, stale_days=stale_days)
    expected: dict[str, list[tuple]] = {}
    for view in latest:
        expected.setdefault(view.nation_uuid, []).append(
            (view.issue_uuid, view.stance, view.stance_value, view.as_of, view.stale)
        )
    shown = {
        n.uuid: [(c.issue_uuid, c.stance, c.value, c.as_of, c.stale) for c in n.stances.values()]
        for n in overviews
        if n.stances
    }
    assert shown == expected and shown


def test_pledges_are_counted_and_summed_up_per_nation(demo_db) -> None:
    every = pledges.list_pledges(demo_db)
    per_nation = Counter(p.nation_uuid for p in every)
    overviews = nations.list_nations(demo_db)
    assert {n.uuid: n.pledge_count for n in overviews if n.pledge_count} == dict(per_nation)
    assert sum(per_nation.values()) > 0
    for nation in overviews:
        live = {p.capability for p in every if p.nation_uuid == nation.uuid and p.status != "withdrawn"}
        assert nation.pledge_summary.count("(") == len(live)


def test_every_nations_meetings_and_stakes_read_at_once_equal_the_reads_per_nation(
    demo_db,
) -> None:
    from coalition_desk.domain.records import Nation
    from coalition_desk.services import meetings, questions, records

    involving = meetings.meetings_involving_each_nation(demo_db)
    stakes = questions.stake_issue_uuids_of_each_nation(demo_db)
    every = [n for n in records.list_all(demo_db, Nation) if isinstance(n, Nation)]
    assert every and involving and stakes
    for nation in every:
        assert involving.get(nation.uuid, frozenset()) == meetings.meetings_involving(
            demo_db, nation.uuid
        )
        assert stakes.get(nation.uuid, frozenset()) == questions.stake_issue_uuids(
            demo_db, nation.uuid
        )
