"""Picks the records a benchmark works on, the same way for ours and the floor.

``db`` is the SQLite file, or the URL of the same register on PostgreSQL (the
PostgreSQL rows, tests/benchmarks/pg_setup.py): the same queries pick the same records.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

MAX_TIMELINE_MARKERS = 2_000
PACK_NATIONS = 30


def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def _rows(db: Path | str, query: str, **parameters: Any) -> list[tuple]:
    if isinstance(db, str) and "://" in db:
        from sqlalchemy import create_engine, text

        engine = create_engine(db)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(query), parameters)]
        finally:
            engine.dispose()
    with connect(Path(db)) as connection:
        return connection.execute(query, parameters).fetchall()


def timeline_issue(db: Path | str) -> tuple[int, str, int]:
    """(id, uuid, markers) of the busiest issue with at most 2,000 positions."""
    return _rows(
        db,
        "SELECT i.id, i.uuid, count(*) AS n FROM positions p JOIN issues i ON i.id = p.issue_id"
        " GROUP BY i.id HAVING count(*) <= :most ORDER BY n DESC, i.id LIMIT 1",
        most=MAX_TIMELINE_MARKERS,
    )[0]


def pack_meeting(db: Path | str) -> tuple[str, int]:
    """(uuid, attendance) of the first meeting with 30 nations (or the largest below)."""
    return _rows(
        db,
        "SELECT m.uuid, count(*) AS n FROM meetings m JOIN attendance a ON a.meeting_id = m.id"
        " GROUP BY m.id HAVING count(*) <= :most ORDER BY n DESC, m.date, m.id LIMIT 1",
        most=PACK_NATIONS,
    )[0]


def nation_uuids(db: Path | str, count: int) -> list[str]:
    """``count`` nations spread over the register, busiest and quietest alike."""
    uuids = [r[0] for r in _rows(db, "SELECT uuid FROM nations ORDER BY id")]
    step = max(1, len(uuids) // count)
    return uuids[::step][:count]
