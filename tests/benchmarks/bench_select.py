"""Select a nation: the time until every pane shows that nation's records (p95 of 20).

Measured in the real window, offscreen: from ``hub.select_nation`` until every queued
event is delivered and the window has repainted (the timeline's redraw included).
No floor: the goal is absolute (≤ 50 ms at p95).
"""

from __future__ import annotations

import argparse

import data
from common import main, percentile, timed
from window import open_window, settle

SELECTIONS = 20


def ours(args: argparse.Namespace) -> dict[str, float]:
    app, window = open_window(args.db, args.work)
    _, issue_uuid, _ = data.timeline_issue(args.db)
    window.hub.select_issue(issue_uuid)
    settle(app, window)
    nations = data.nation_uuids(args.db, SELECTIONS)

    def select(uuid: str) -> None:
        window.hub.select_nation(uuid)
        settle(app, window)

    select(nations[-1])
    times = [timed(lambda u=uuid: select(u)) for uuid in nations]
    return {"p95": percentile(times, 0.95), "median": percentile(times, 0.5)}


if __name__ == "__main__":
    main(ours)
