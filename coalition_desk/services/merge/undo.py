"""Undo and redo of a merge in the window: the records, and the merge history with them.

Reverting a merge's record changes alone would leave behind what the merge copied and
what the revert itself writes: the tombstones and redirects it brought in, a tombstone
for every record it added (the revert deletes them), and revision lists that descend
from the other register's. Kept, those would make the next merge from the same file
skip what was undone, and the next merge towards a colleague delete their records or
overwrite their edits. So a merge remembers that history as it was before and after,
and undo puts it back as it was before (redo as it was after), in the same transaction
as the records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.services.crud import Writer
from coalition_desk.services.entities import SPEC_BY_NAME
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.versions import joined, split

Side = Literal["before", "after"]
RecordKey = tuple[str, str]  # (entity, uuid)


@dataclass(frozen=True)
class MergeHistory:
    """The merge history a merge changed: each entry's value before and after it (None:
    absent). Tombstones by record UUID, redirects by old UUID, revision lists by record."""

    tombstones: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    redirects: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    revisions: dict[RecordKey, tuple[str | None, str | None]] = field(default_factory=dict)


def tombstone_rows(session: Session) -> dict[str, tuple]:
    return {
        row.uuid: (row.entity, row.deleted_at, row.register_id, row.revisions)
        for row in session.scalars(select(models.TombstoneRow))
    }


def redirect_rows(session: Session) -> dict[str, tuple]:
    return {
        row.old_uuid: (row.new_uuid, row.entity, row.at, row.register_id)
        for row in session.scalars(select(models.RedirectRow))
    }


def revision_lists(session: Session, keys: Iterable[RecordKey]) -> dict[RecordKey, str | None]:
    by_entity: dict[str, list[str]] = {}
    for entity, uuid in keys:
        by_entity.setdefault(entity, []).append(uuid)
    found: dict[RecordKey, str | None] = {}
    for entity, uuids in by_entity.items():
        table = SPEC_BY_NAME[entity].row_type.__table__
        for start in range(0, len(uuids), 500):
            chunk = uuids[start:start + 500]
            stored = dict(session.execute(
                select(table.c.uuid, table.c.revisions).where(table.c.uuid.in_(chunk))).all())
            for uuid in chunk:
                found[(entity, uuid)] = stored.get(uuid)
    return found


@dataclass
class HistoryWatch:
    """The merge history before a merge's writes; ``finish`` compares it with after."""

    session: Session
    planned: list[RecordKey]
    added: list[str] = field(default_factory=list)
    tombstones: dict[str, tuple] = field(default_factory=dict)
    redirects: dict[str, tuple] = field(default_factory=dict)
    revisions: dict[RecordKey, str | None] = field(default_factory=dict)

    @classmethod
    def start(
        cls, session: Session, planned: Iterable[RecordKey], added: Iterable[str] = ()
    ) -> HistoryWatch:
        """``planned``: records whose revision lists to keep; ``added``: records the
        merge creates (an undo deletes them, and must not leave their tombstones)."""
        keys = list(dict.fromkeys(planned))
        return cls(session, keys, list(added), tombstone_rows(session),
                   redirect_rows(session), revision_lists(session, keys))

    def finish(self, changes: rec.ChangeSet) -> MergeHistory:
        session = self.session
        session.flush()
        before_revisions = dict(self.revisions)
        added = set(self.added)
        for change in changes.changes:
            key = (change.entity, change.uuid)
            if key not in before_revisions and change.uuid not in added:
                # Written by a combine: its first change read the record as it was.
                before_revisions[key] = (change.before.revisions
                                         if change.before is not None else None)
        after_revisions = revision_lists(session, before_revisions)
        tombstones_after, redirects_after = tombstone_rows(session), redirect_rows(session)
        touched = {uuid for _entity, uuid in before_revisions} | added
        return MergeHistory(
            tombstones=_differences(self.tombstones, tombstones_after, touched),
            redirects=_differences(self.redirects, redirects_after, ()),
            revisions={key: (before_revisions[key], after_revisions.get(key))
                       for key in before_revisions
                       if before_revisions[key] != after_revisions.get(key)},
        )


def _differences(before: dict, after: dict, also: Iterable[str]) -> dict[str, tuple]:
    keys = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    keys |= set(also)
    return {k: (before.get(k), after.get(k)) for k in keys}


class _InTransaction:
    """A Database stand-in whose ``session()`` is the caller's open transaction, so that
    writers that open their own (a combine, an undo) write inside this one instead."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @contextmanager
    def session(self) -> Iterator[Session]:
        yield self._session


def in_transaction(session: Session) -> Database:
    return _InTransaction(session)  # type: ignore[return-value]


def undo_merge(
    database: Database, changes: rec.ChangeSet, history: MergeHistory, origin: str
) -> rec.ChangeSet:
    """Revert a merge's records and its merge history, as one transaction."""
    with database.session() as session:
        done = Writer(in_transaction(session), origin).revert(changes)
        _put_back(session, history, "before")
    return done


def redo_merge(
    database: Database, changes: rec.ChangeSet, history: MergeHistory, origin: str
) -> rec.ChangeSet:
    """Re-apply an undone merge's records and its merge history, as one transaction."""
    with database.session() as session:
        done = Writer(in_transaction(session), origin).apply(changes)
        _put_back(session, history, "after")
    return done


def _put_back(session: Session, history: MergeHistory, side: Side) -> None:
    at = 0 if side == "before" else 1
    session.flush()
    for (entity, uuid), values in history.revisions.items():
        wanted, other = values[at], values[1 - at]
        table = SPEC_BY_NAME[entity].row_type.__table__
        current = session.scalar(select(table.c.revisions).where(table.c.uuid == uuid))
        if current is None or wanted is None:
            continue
        # Untouched by the revert: as it was. Rewritten by it: the revert's own revision
        # on top of the list as it was (the content is that state's).
        revisions = wanted if current == other else joined([split(current)[0],
                                                             *split(wanted)])
        session.execute(update(table).where(table.c.uuid == uuid).values(revisions=revisions)
                        .execution_options(synchronize_session=False))
    for uuid in history.tombstones:
        existing = session.get(models.TombstoneRow, uuid)
        if existing is not None:
            session.delete(existing)
    for old_uuid in history.redirects:
        existing = session.get(models.RedirectRow, old_uuid)
        if existing is not None:
            session.delete(existing)
    session.flush()
    for uuid, values in history.tombstones.items():
        if values[at] is not None:
            entity, deleted_at, register, revisions = values[at]
            session.add(models.TombstoneRow(uuid=uuid, entity=entity, deleted_at=deleted_at,
                                            register_id=register, revisions=revisions))
    for old_uuid, values in history.redirects.items():
        if values[at] is not None:
            new_uuid, entity, when, register = values[at]
            session.add(models.RedirectRow(old_uuid=old_uuid, new_uuid=new_uuid, entity=entity,
                                           at=when, register_id=register))
    session.flush()
    session.expire_all()
