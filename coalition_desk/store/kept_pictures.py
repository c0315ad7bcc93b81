"""A picture a window keeps in its register between starts (migration 0010).

Not a record: the table has a metadata of its own, so nothing that walks the register's
records (exports, merges, copies, the history, the damage check) meets it. Keeping one
is a courtesy that must never be felt: it is written in one short transaction that
gives up at once if another writer holds the register, and any failure (a read-only
file or connection, a full disk, a register from before 0010) just keeps nothing.
"""

from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from coalition_desk.store.engine import BUSY_TIMEOUT_MS, Database

log = logging.getLogger(__name__)

KEPT_PICTURES = Table(
    "kept_pictures",
    MetaData(),
    Column("slot", String(40), primary_key=True),
    Column("picture_key", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("ratio", Float, nullable=False),
    Column("pixels", LargeBinary, nullable=False),
)
# A chart is mostly white: level 1 packs ~4 MB of RGBA to ~0.1 MB in ~10 ms.
COMPRESSION_LEVEL = 1


@dataclass(frozen=True)
class KeptPicture:
    key: str
    title: str
    width: int
    height: int
    ratio: float
    # RGBA, row by row from the top.
    pixels: bytes


def can_keep(database: Database) -> bool:
    """Only a register file opened for writing keeps pictures (see docs/performance.md,
    first6: a server's table would be shared by every user, who could plant one)."""
    return not database.read_only and not database.on_server and database.path is not None


def find(database: Database, slot: str, key: str) -> KeptPicture | None:
    """The picture kept in ``slot`` if it was kept under ``key``, else None."""
    if database.on_server:
        return None
    try:
        with database.engine.connect() as connection:
            row = connection.execute(
                select(KEPT_PICTURES).where(KEPT_PICTURES.c.slot == slot)
            ).one_or_none()
    except SQLAlchemyError as error:
        log.debug("No kept picture read: %s", error)
        return None
    if row is None or row.picture_key != key:
        return None
    try:
        pixels = zlib.decompress(row.pixels)
    except zlib.error:
        return None
    if len(pixels) != 4 * row.width * row.height:
        return None
    return KeptPicture(key, row.title, row.width, row.height, row.ratio, pixels)


def pack(pixels: bytes) -> bytes:
    """The pixels as kept (on any thread: zlib lets go of the interpreter meanwhile)."""
    return zlib.compress(pixels, COMPRESSION_LEVEL)


def keep(database: Database, slot: str, picture: KeptPicture, packed: bytes | None = None
         ) -> bool:  # fmt: skip
    """Keep ``picture`` (its pixels ``packed`` already, if given) in ``slot``, replacing
    what was there; False, quietly, if the register would not take it at once."""
    if not can_keep(database):
        return False
    packed = pack(picture.pixels) if packed is None else packed
    values = {
        "slot": slot, "picture_key": picture.key, "title": picture.title,
        "width": picture.width, "height": picture.height, "ratio": picture.ratio,
        "pixels": packed,
    }  # fmt: skip
    try:
        with database.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            # Never wait for the register's writer (an officer saving): give up instead.
            raw.execute("PRAGMA busy_timeout=0")
            try:
                with connection.begin():
                    connection.execute(delete(KEPT_PICTURES).where(KEPT_PICTURES.c.slot == slot))
                    connection.execute(insert(KEPT_PICTURES).values(**values))
            finally:
                raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    except SQLAlchemyError as error:
        log.debug("No picture kept: %s", error)
        return False
    return True

