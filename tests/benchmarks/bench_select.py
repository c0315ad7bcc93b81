"""Select a nation: the time until every pane shows that nation's records (p95 of 20).

Measured in the real window, offscreen: from ``hub.select_nation`` until every queued
event is delivered and the window has repainted (the timeline's redraw included).
No floor: the goal is absolute (≤ 50 ms at p95).

On PostgreSQL behind the delaying proxy (the pg_select row) it also reports the median
round trips to the server one selection costs, counted by the proxy between selections:
each costs 2 ms there, so a query per row would show at once. ``sql_median`` is how long
a selection's statements took from sent to answered (summed, on any thread): the part
of a selection the server and the network account for.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

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

    in_sql = _time_statements(window.database.engine)
    select(nations[-1])
    times, round_trips, sql = [], [], []
    for uuid in nations:
        before = count_round_trips()
        in_sql.clear()
        times.append(timed(lambda u=uuid: select(u)))
        sql.append(sum(in_sql))
        after = count_round_trips()
        if before is not None and after is not None:
            round_trips.append(after["round_trips"] - before["round_trips"])
    values = {
        "p95": percentile(times, 0.95),
        "median": percentile(times, 0.5),
        "sql_median": median(sql),
    }
    if round_trips:
        values["round_trips"] = median(round_trips)
        values["round_trips_most"] = max(round_trips)
    return values


def _time_statements(engine: Any) -> list[float]:
    """Seconds of every statement from now on, from sent to answered (cleared by the caller)."""
    from sqlalchemy import event

    spent: list[float] = []
    started: dict[int, float] = {}

    def before(connection: Any, *_: object) -> None:
        started[id(connection)] = time.perf_counter()

    def after(connection: Any, *_: object) -> None:
        spent.append(time.perf_counter() - started.pop(id(connection), time.perf_counter()))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    return spent


if __name__ == "__main__":
    main(ours)
