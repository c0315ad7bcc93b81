"""Timeline redraw for one issue (≤ 2,000 markers): median of 5 redraws after a first draw.

Floor: the same markers (date × nation, coloured by stance) and the same meeting lines
with bare matplotlib on the same Agg canvas. The data is read before the clock starts in
both; what is timed is clearing the figure, drawing the chart and rendering it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

import data
from common import main, median, require, timed

REDRAWS = 3
# The most row names our timeline draws (coalition_desk.charts.timeline_draw.MAX_NAMED_ROWS);
# copied, not imported: the floor runs with nothing of ours.
MAX_NAMED_ROWS = 40
SIZE = (12, 6)


def _figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=100)
    FigureCanvasAgg(figure)
    return figure


def ours(args: argparse.Namespace) -> dict[str, float]:
    draw_timeline = require("coalition_desk.charts.timeline_draw", "draw_timeline")
    timeline_data = require("coalition_desk.charts.timeline_data")
    from coalition_desk.domain.records import Issue, Meeting, Nation
    from coalition_desk.services import positions, records
    from coalition_desk.store.engine import open_database

    database = open_database(args.db)
    _, issue_uuid, _ = data.timeline_issue(args.db)
    # What the timeline pane gathers for one chosen issue and no nation selected.
    nations = sorted(
        ((n.uuid, n.name) for n in records.list_all(database, Nation)),
        key=lambda pair: pair[1].lower(),
    )
    chart_data = timeline_data.build_timeline_data(
        timeline_data.TimelineRequest(issue_uuid=issue_uuid),
        positions.list_positions(database, positions.PositionFilter(issue_uuid=issue_uuid)),
        [i for i in records.list_all(database, Issue)],
        [m for m in records.list_all(database, Meeting)],
        nations,
    )
    database.dispose()
    figure = _figure()
    axes = figure.add_subplot()

    def redraw() -> None:
        draw_timeline(axes, chart_data, show_title=False)
        figure.canvas.draw()

    redraw()
    return {"seconds": median([timed(redraw) for _ in range(REDRAWS)])}


def floor(args: argparse.Namespace) -> dict[str, float]:
    import matplotlib.dates as mdates

    issue_id, _, _ = data.timeline_issue(args.db)
    with data.connect(args.db) as connection:
        stances = json.loads(
            connection.execute("SELECT stances FROM issues WHERE id = ?", (issue_id,)).fetchone()[0]
        )
        rows = connection.execute(
            "SELECT p.as_of, n.name, p.stance FROM positions p JOIN nations n ON n.id = p.nation_id"
            " WHERE p.issue_id = ? ORDER BY p.as_of",
            (issue_id,),
        ).fetchall()
        meeting_days = [
            mdates.date2num(dt.date.fromisoformat(r[0]))
            for r in connection.execute("SELECT date FROM meetings ORDER BY date")
        ]
    names = sorted({name for _, name, _ in rows})
    row_of = {name: index for index, name in enumerate(names)}
    palette = ["#b2182b", "#ef8a62", "#cccccc", "#67a9cf", "#2166ac", "#1b7837"]
    colour = {stance: palette[i % len(palette)] for i, stance in enumerate(stances)}
    xs = [mdates.date2num(dt.date.fromisoformat(day)) for day, _, _ in rows]
    ys = [row_of[name] for _, name, _ in rows]
    cs = [colour.get(stance, "#999999") for _, _, stance in rows]
    every = -(-len(names) // MAX_NAMED_ROWS)
    named_rows = list(range(0, len(names), every))
    figure = _figure()
    axes = figure.add_subplot()

    def redraw() -> None:
        axes.clear()
        axes.vlines(meeting_days, 0, 1, transform=axes.get_xaxis_transform(), colors="#90a4ae")
        axes.scatter(xs, ys, c=cs, s=16)
        # Named like ours: every n-th row above MAX_NAMED_ROWS, so both do the same text work.
        axes.set_yticks(named_rows, [names[i] for i in named_rows], fontsize=6)
        axes.xaxis_date()
        figure.canvas.draw()

    redraw()
    return {"seconds": median([timed(redraw) for _ in range(REDRAWS)])}


if __name__ == "__main__":
    main(ours, floor)
