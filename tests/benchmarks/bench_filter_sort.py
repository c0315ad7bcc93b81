"""Filter a pane by text and sort a column, in the window's own table models (p95).

No floor: the goals are absolute (filter ≤ 50 ms, sort ≤ 100 ms).
"""

from __future__ import annotations

import argparse

from common import Missing, main, require


def ours(args: argparse.Namespace) -> dict[str, float]:
    require("coalition_desk.ui.main_window")
    raise Missing("the filter/sort benchmark is waiting for the window's table models")


if __name__ == "__main__":
    main(ours)
