"""The round trip the delaying proxy adds: ``SELECT 1`` through it against the server
directly, the median of 300 each (tests/benchmarks/pg_setup.py). Information only: it
says what the PostgreSQL rows were measured behind (the goal is 2 ms)."""

from __future__ import annotations

import argparse
import os

import pg_setup
from common import main


def ours(args: argparse.Namespace) -> dict[str, float]:
    direct = pg_setup.measure_round_trips(os.environ[pg_setup.DIRECT_URL_ENV])
    proxied = pg_setup.measure_round_trips(str(args.db))
    return {"added": proxied - direct, "direct": direct, "proxied": proxied}


if __name__ == "__main__":
    main(ours)
