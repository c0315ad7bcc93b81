"""Select a nation: the time until every pane shows that nation's records (p95 of 20).

No floor: the goal is absolute (≤ 50 ms at p95). Until the main window lands this
measures only the service reads the panes make, reported for information as "missing".
"""

from __future__ import annotations

import argparse

import data
from common import Missing, main, percentile, require, timed

SELECTIONS = 20


def ours(args: argparse.Namespace) -> dict[str, float]:
    try:
        require("coalition_desk.ui.main_window")
    except Missing as missing:
        raise Missing(str(missing) + "; services only", services_only(args)) from None
    raise Missing("the window-level select benchmark is not written yet")


def services_only(args: argparse.Namespace) -> dict[str, float]:
    from coalition_desk.services import meetings, pledges, positions, questions
    from coalition_desk.store.engine import open_database

    database = open_database(args.db)
    _, issue_uuid, _ = data.timeline_issue(args.db)

    def select(nation_uuid: str) -> None:
        meetings.list_meetings(database, nation_uuid=nation_uuid)
        positions.list_positions(
            database, positions.PositionFilter(nation_uuid=nation_uuid, issue_uuid=issue_uuid)
        )
        positions.latest_stances(database, nation_uuid=nation_uuid)
        questions.list_questions(
            database, questions.QuestionFilter(owner_nation_uuid=nation_uuid)
        )
        pledges.list_pledges(database, nation_uuid=nation_uuid)

    nations = data.nation_uuids(args.db, SELECTIONS)
    select(nations[-1])
    times = [timed(lambda u=uuid: select(u)) for uuid in nations]
    database.dispose()
    return {"p95": percentile(times, 0.95)}


if __name__ == "__main__":
    main(ours)
