"""Find across names, quotes, notes and questions."""

from __future__ import annotations

from coalition_desk.store import fulltext
from coalition_desk.store.engine import Database

Hit = fulltext.Hit


def find(database: Database, text: str, limit: int = 200) -> list[Hit]:
    with database.session() as session:
        return fulltext.search(session, text, limit)
