"""The timeline's bounded read: the newest positions in SQL, and how many there are in all."""

from __future__ import annotations

import datetime as dt

from coalition_desk.domain.records import Position
from coalition_desk.services.crud import Writer
from coalition_desk.services.positions import latest_positions
from tests.conftest import uuid_of

FRANCE, TROOPS = uuid_of("nation", "FRA"), uuid_of("issue", "troops")


def add_french_positions(database, *days: dt.date) -> list[str]:
    writer = Writer(database, origin="test")
    return [
        writer.create(Position(FRANCE, TROOPS, day, stance="No troops")).changes[0].uuid
        for day in days
    ]


def test_only_the_newest_are_read_oldest_first_with_the_total(demo_db) -> None:
    added = add_french_positions(
        demo_db, dt.date(2025, 6, 3), dt.date(2025, 6, 1), dt.date(2025, 6, 2)
    )
    shown, recorded = latest_positions(demo_db, 2)
    assert [view.uuid for view in shown] == [added[2], added[0]]  # 2 and 3 June
    assert recorded == 15  # the demo's 12 and the 3 added


def test_a_nation_or_an_issue_narrows_both_the_rows_and_the_total(demo_db) -> None:
    add_french_positions(demo_db, dt.date(2025, 6, 1), dt.date(2025, 6, 2))
    shown, recorded = latest_positions(demo_db, 1, nation_uuid=FRANCE)
    assert recorded == 3 and [view.as_of for view in shown] == [dt.date(2025, 6, 2)]
    shown, recorded = latest_positions(demo_db, 10, nation_uuid=FRANCE, issue_uuid=TROOPS)
    assert recorded == 2 and {view.issue_uuid for view in shown} == {TROOPS}
    everything, recorded = latest_positions(demo_db, 100)
    assert recorded == len(everything) == 14
