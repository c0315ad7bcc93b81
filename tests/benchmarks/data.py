"""Picks the records a benchmark works on, the same way for ours and the floor."""

from __future__ import annotations

import sqlite3
from pathlib import Path

MAX_TIMELINE_MARKERS = 2_000
PACK_NATIONS = 30


def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def timeline_issue(db: Path) -> tuple[int, str, int]:
    """(id, uuid, markers) of the busiest issue with at most 2,000 positions."""
    with connect(db) as connection:
        row = connection.execute(
            "SELECT i.id, i.uuid, count(*) AS n FROM positions p JOIN issues i ON i.id = p.issue_id"
            " GROUP BY i.id HAVING n <= ? ORDER BY n DESC, i.id LIMIT 1",
            (MAX_TIMELINE_MARKERS,),
        ).fetchone()
    return row


def pack_meeting(db: Path) -> tuple[str, int]:
    """(uuid, attendance) of the first meeting with 30 nations (or the largest below)."""
    with connect(db) as connection:
        row = connection.execute(
            "SELECT m.uuid, count(*) AS n FROM meetings m JOIN attendance a ON a.meeting_id = m.id"
            " GROUP BY m.id HAVING n <= ? ORDER BY n DESC, m.date, m.id LIMIT 1",
            (PACK_NATIONS,),
        ).fetchone()
    return row


def nation_uuids(db: Path, count: int) -> list[str]:
    """``count`` nations spread over the register, busiest and quietest alike."""
    with connect(db) as connection:
        uuids = [r[0] for r in connection.execute("SELECT uuid FROM nations ORDER BY id")]
    step = max(1, len(uuids) // count)
    return uuids[::step][:count]
