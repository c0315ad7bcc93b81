"""A register big enough that writing it takes a while: the demo plus many positions."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from coalition_desk.domain import records as rec
from coalition_desk.services import demo, records
from coalition_desk.services.crud import create_in
from coalition_desk.store.engine import open_database

BULK_MARK = " [bulk edit]"


def extra_positions(database_path: Path, count: int, seed: int = 7) -> list[rec.Position]:
    """``count`` new positions over the demo's nations and issues (not yet written)."""
    database = open_database(database_path, create=False)
    try:
        nations = records.list_all(database, rec.Nation)
        issues = [i for i in records.list_all(database, rec.Issue) if i.stances]
    finally:
        database.dispose()
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    return [
        rec.Position(
            nation_uuid=rng.choice(nations).uuid,
            issue_uuid=(issue := rng.choice(issues)).uuid,
            as_of=start + dt.timedelta(days=rng.randrange(900)),
            stance=rng.choice(issue.stances),
            quote=f"Statement {number}: « we will consider it » — délégation {number % 97}",
            source=f"cable {number:06d}",
        )
        for number in range(count)
    ]


def build(database_path: Path, positions: int) -> dict[str, int]:
    """The demo plus ``positions`` extra positions; returns the record counts."""
    database = open_database(database_path)
    try:
        demo.install_demo(database)
    finally:
        database.dispose()
    extra = extra_positions(database_path, positions)
    database = open_database(database_path)
    try:
        with database.session() as session:
            for position in extra:
                create_in(session, position, "test")
        return records.counts(database)
    finally:
        database.dispose()
