"""Filter a pane by text and sort a column, in the real window's table views (p95).

Filter: typing into the Nations pane's filter box, one character at a time (the only
text filter in the window). Sort: every column of the Nations, Meetings and Questions
tables, each way. Each step ends when the view has repainted.
No floor: the goals are absolute (filter ≤ 50 ms, sort ≤ 100 ms).
"""

from __future__ import annotations

import argparse

from common import main, percentile, timed
from PySide6.QtCore import Qt
from window import open_window, settle

TYPED = ("a", "ar", "ara", "ar", "a", "", "or", "organisation", "")


def ours(args: argparse.Namespace) -> dict[str, float]:
    app, window = open_window(args.db, args.work)
    filter_times = []
    box = window.nations_pane.filter_box
    for text in TYPED:

        def type_text(value: str = text) -> None:
            box.setText(value)
            settle(app, window)

        filter_times.append(timed(type_text))
    sort_times = []
    for pane in (window.nations_pane, window.meetings_pane, window.questions_pane):
        view = pane.view
        for column in range(view.model().columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):

                def sort(c: int = column, o: Qt.SortOrder = order, v: object = view) -> None:
                    v.sortByColumn(c, o)  # type: ignore[attr-defined]
                    settle(app, window)

                sort_times.append(timed(sort))
    return {
        "filter_p95": percentile(filter_times, 0.95),
        "sort_p95": percentile(sort_times, 0.95),
    }


if __name__ == "__main__":
    main(ours)
