"""Record versions: the stale-write check, revisions, tombstones and the register id.

A record's ``version`` counts its writes in this register; every update and delete says
which version it read, and a write over a newer one is refused with a
``StaleRecordError`` naming both values. A record's ``revisions`` (newest first) name
the states it has been in; a merge uses them to find the state two registers last
shared (docs/merge.md). Revisions are random, never clock readings: laptop clocks
disagree.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import FieldProblem, ValidationError
from coalition_desk.store import models
from coalition_desk.store.models import new_revision

REGISTER_ID_KEY = "register_id"
# How many past states a record remembers; older ones can no longer be a merge's base
# (a merge then asks, as for records with no shared past).
MAX_REVISIONS = 64


class StaleRecordError(ValidationError):
    """A write based on a copy of a record that was changed since it was read.

    A ``ValidationError`` so that a form shows it beside the fields and keeps what the
    officer typed; ``mine`` is what the write wanted, ``theirs`` what is stored now.
    """

    def __init__(
        self,
        entity: str,
        label: str,
        *,
        read_version: int,
        stored_version: int,
        differences: Sequence[tuple[str, object, object]] = (),
    ) -> None:
        self.label = label
        self.read_version = read_version
        self.stored_version = stored_version
        self.differences = tuple(differences)
        problems = [
            FieldProblem(name, f"changed elsewhere since you read it: stored {theirs!r}, "
                               f"yours {mine!r}")
            for name, mine, theirs in self.differences
        ] or [FieldProblem("version", "changed elsewhere since you read it")]
        super().__init__(entity, problems)
        self.args = (
            f"{entity} {label!r} was changed elsewhere since it was read (version "
            f"{read_version} read, {stored_version} stored); nothing was written. "
            + "; ".join(f"{n}: mine {m!r}, theirs {t!r}" for n, m, t in self.differences),
        )

    def __str__(self) -> str:
        return str(self.args[0])


def split(revisions: str | None) -> list[str]:
    return revisions.split() if revisions else []


def joined(revisions: Iterable[str]) -> str:
    seen: list[str] = []
    for revision in revisions:
        if revision and revision not in seen:
            seen.append(revision)
        if len(seen) == MAX_REVISIONS:
            break
    return " ".join(seen)


def register_id(session: Session) -> str:
    """This register's stable id (a copy of the file is the same register)."""
    cached = session.info.get(REGISTER_ID_KEY)
    if cached:
        return cached
    value = session.scalar(
        select(models.SettingRow.value).where(models.SettingRow.key == REGISTER_ID_KEY)
    )
    if not value:
        value = str(uuid_module.uuid4())
        session.add(models.SettingRow(key=REGISTER_ID_KEY, value=value))
        session.flush()
    session.info[REGISTER_ID_KEY] = value
    return value


@dataclass(frozen=True, slots=True)
class Stamp:
    """The version metadata a write gives the record (a merge sets it; others derive it)."""

    version: int
    revisions: str
    written_by: str = ""

    @property
    def revision(self) -> str:
        return self.revisions.split(" ", 1)[0]


def differences(
    mine: rec.Record, theirs: rec.Record
) -> list[tuple[str, object, object]]:
    return [
        (name, getattr(mine, name), getattr(theirs, name))
        for name in rec.editable_field_names(type(mine))
        if getattr(mine, name) != getattr(theirs, name)
    ]


def claim_version(
    session: Session, row: models.Tracked, read_version: int, label: str, entity: str, *,
    mine: rec.Record | None = None, theirs: rec.Record | None = None,
    next_version: int | None = None,
) -> int:
    """Move the stored row from ``read_version`` to the next one, or refuse.

    A plain conditional UPDATE, so that two writers (team mode) cannot both pass the
    check; ``read_version`` 0 means the caller read no version (a new value built from
    scratch), and then the stored one is taken as read.
    """
    stored = row.version
    expected = read_version or stored
    target = next_version if next_version is not None else stored + 1
    table = type(row).__table__
    result = session.execute(
        update(table).where(table.c.id == row.id, table.c.version == expected)
        .values(version=target)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(row)
        raise StaleRecordError(
            entity, label, read_version=expected, stored_version=row.version,
            differences=differences(mine, theirs) if mine is not None and theirs is not None
            else (),
        )
    row.version = target
    return target


def write_tombstone(
    session: Session, entity: str, uuid: str, revisions: str, register: str,
) -> str:
    """Record a deletion so that it travels; returns the deletion's revision."""
    revision = new_revision()
    existing = session.get(models.TombstoneRow, uuid)
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(models.TombstoneRow(
        uuid=uuid, entity=entity, deleted_at=models.utc_now(), register_id=register,
        revisions=joined([revision, *split(revisions)]),
    ))
    return revision


def take_tombstone(session: Session, uuid: str) -> list[str]:
    """A record re-created under a deleted UUID descends from its deletion."""
    existing = session.get(models.TombstoneRow, uuid)
    if existing is None:
        return []
    revisions = split(existing.revisions)
    session.delete(existing)
    return revisions
