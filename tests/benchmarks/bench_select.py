"""Select a nation: the time until every pane shows that nation's records (p95 of 20).

Measured in the real window, offscreen: from ``hub.select_nation`` until every queued
event is delivered and the window has repainted (the timeline's redraw included).
No floor: the goal is absolute (≤ 50 ms at p95).

On PostgreSQL behind the delaying proxy (the pg_select row) it also reports the median
round trips to the server one selection costs, counted by the proxy between selections:
each costs 2 ms there, so a query per row would show at once.
"""

from __future__ import annotations

import argparse

import data
from common import main, median, percentile, timed
from delay_proxy import count_round_trips
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
    times, round_trips = [], []
    for uuid in nations:
        before = count_round_trips()
        times.append(timed(lambda u=uuid: select(u)))
        after = count_round_trips()
        if before is not None and after is not None:
            round_trips.append(after["round_trips"] - before["round_trips"])
    values = {"p95": percentile(times, 0.95), "median": percentile(times, 0.5)}
    if round_trips:
        values["round_trips"] = median(round_trips)
        values["round_trips_most"] = max(round_trips)
    return values


if __name__ == "__main__":
    main(ours)
