"""A server register has the kept-picture table (one Alembic tree) but keeps no picture
and shows none: the table would be shared by every user of the register, any of whom
could plant a picture under a key they can compute (docs/performance.md, first6)."""

from __future__ import annotations

import zlib

from sqlalchemy import insert, inspect, text

from coalition_desk.services.team.copy import copied_tables
from coalition_desk.store import kept_pictures
from coalition_desk.store.kept_pictures import KEPT_PICTURES, KeptPicture
from coalition_desk.store.models import Base
from coalition_desk.ui.timeline.kept_chart import START_SLOT


def test_a_server_register_keeps_none_and_shows_none_even_if_planted(pg_demo_db) -> None:
    assert "kept_pictures" in inspect(pg_demo_db.engine).get_table_names()
    picture = KeptPicture("k" * 64, "Planted", 2, 1, 1.0, b"\x00" * 8)
    assert not kept_pictures.can_keep(pg_demo_db)
    assert kept_pictures.keep(pg_demo_db, START_SLOT, picture) is False
    with pg_demo_db.engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM kept_pictures")).scalar() == 0
        connection.execute(insert(KEPT_PICTURES).values(
            slot=START_SLOT, picture_key="k" * 64, title="Planted", width=2, height=1,
            ratio=1.0, pixels=zlib.compress(b"\x00" * 8)))  # fmt: skip
    assert kept_pictures.find(pg_demo_db, START_SLOT, "k" * 64) is None


def test_the_kept_pictures_are_no_part_of_the_records() -> None:
    """Exports, merges, copies, the history and the damage check walk the models'
    metadata (or the record tables in it): the kept pictures are not in it."""
    assert "kept_pictures" not in Base.metadata.tables
    assert "kept_pictures" not in {table.name for table in copied_tables()}
