"""Three-way comparison of two replicas into a ``MergePlan`` (see plan.py for the rules).

The base of a record is the newest state of its revision list here that the other side
has in its own: revisions are random ids, never clock readings.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable

from coalition_desk.domain import records as rec
from coalition_desk.services.entities import SPECS
from coalition_desk.services.merge.checks import check_keys, check_references
from coalition_desk.services.merge.duplicates import likely_duplicates
from coalition_desk.services.merge.plan import Conflict, MergePlan, RecordChange, label_of
from coalition_desk.services.merge.replica import Redirect, Replica, Tombstone
from coalition_desk.store.versions import joined, split


def content(record: rec.Record) -> tuple:
    return tuple(getattr(record, name) for name in rec.editable_field_names(type(record)))


def derived_revision(revision: str, record: rec.Record) -> str:
    """The revision of a workbook row edited after export: the same edit, the same id."""
    digest = hashlib.sha1(repr((revision, content(record))).encode())
    return digest.hexdigest()[:16]


def _redirected(record: rec.Record, redirects: dict[str, Redirect]) -> rec.Record:
    changes = {}
    for ref in _spec(record).references:
        value = getattr(record, ref.field)
        seen = set()
        while value and value in redirects and value not in seen:
            seen.add(value)
            value = redirects[value].new_uuid
        if value != getattr(record, ref.field):
            changes[ref.field] = value
    return dataclasses.replace(record, **changes) if changes else record


def _spec(record: rec.Record):  # noqa: ANN202
    from coalition_desk.services.entities import spec_for

    return spec_for(record)


Progress = Callable[[int, int], None]
# Progress units after the records are compared: references, keys, likely duplicates.
TAIL_STEPS = 3


def plan_merge(mine: Replica, theirs: Replica, progress: Progress | None = None) -> MergePlan:
    """Compare ``theirs`` against ``mine`` (this register); writes nothing.

    Kind by kind, the two sides' revision lists are compared first; only records whose
    lists differ are read whole. ``progress(done, total)`` is called per chunk of records
    and may raise to stop (nothing is written either way)."""
    redirects = {**theirs.redirects, **mine.redirects}
    counts = {spec.name: (mine.count(spec.name), theirs.count(spec.name)) for spec in SPECS}
    ticker = _Ticker(progress, sum(m + t for m, t in counts.values()) + TAIL_STEPS)
    changes: list[RecordChange] = []
    revisions_only: list[tuple[str, str, str]] = []
    for spec in SPECS:
        kind = _KindPlan(spec.name, mine, theirs, redirects, ticker)
        kind.compare()
        changes += kind.changes
        revisions_only += kind.revisions_only
    changes = check_references(changes, mine, theirs)
    ticker.step()
    changes = check_keys(changes, mine)
    ticker.step()
    candidates = [u for u in theirs.tombstones if u not in mine.tombstones]
    present = mine.existing(candidates)
    tombstones = tuple(
        tombstone for uuid, tombstone in theirs.tombstones.items()
        if uuid not in mine.tombstones and uuid not in present
    )
    new_redirects = tuple(r for old, r in theirs.redirects.items() if old not in mine.redirects)
    duplicates = tuple(likely_duplicates(mine, changes))
    ticker.step()
    return MergePlan(
        mine_name=mine.name,
        mine_id=mine.register_id,
        other_name=theirs.name,
        other_id=theirs.register_id,
        changes=tuple(changes),
        duplicates=duplicates,
        tombstones=tombstones,
        redirects=new_redirects,
        revisions_only=tuple(revisions_only),
    )


class _Ticker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        if progress is not None:
            progress(0, self.total)

    def poke(self) -> None:
        """Work the total did not count (records read whole): no move, but a chance
        to stop."""
        if self.progress is not None:
            self.progress(self.done, self.total)

    def step(self, amount: int = 1) -> None:
        self.done = min(self.done + amount, self.total)
        if self.progress is not None:
            self.progress(self.done, self.total)


# Sentinels in the index of this side's records while theirs stream past.
_SAME, _DIFFERENT = object(), object()


class _KindPlan:
    """One kind of record: compare the revision lists, read whole only what differs."""

    def __init__(self, entity: str, mine: Replica, theirs: Replica,
                 redirects: dict[str, Redirect], ticker: _Ticker) -> None:
        self.entity = entity
        self.mine, self.theirs = mine, theirs
        self.redirects = redirects
        self.ticker = ticker
        self.changes: list[RecordChange] = []
        self.revisions_only: list[tuple[str, str, str]] = []

    def compare(self) -> None:
        entity, mine, theirs = self.entity, self.mine, self.theirs
        index: dict[str, object] = {}
        for chunk in mine.index_chunks(entity):
            index.update(chunk)
            self.ticker.step(len(chunk))
        # A workbook row may be edited without its revision changing: compare them all.
        every = theirs.from_workbook
        theirs_only: list[str] = []
        for chunk in theirs.index_chunks(entity):
            for uuid, revisions in chunk:
                if uuid in self.redirects:
                    continue  # folded into another record (a combined duplicate)
                here = index.get(uuid)
                if here is None:
                    theirs_only.append(uuid)
                elif not every and revisions and here == revisions:
                    index[uuid] = _SAME
                else:
                    index[uuid] = _DIFFERENT
            self.ticker.step(len(chunk))
        both = [u for u, v in index.items() if v is _DIFFERENT]
        mine_only = [u for u, v in index.items()
                     if v is not _SAME and v is not _DIFFERENT and u in theirs.tombstones]
        wanted_here = {u for u, v in index.items() if v is _DIFFERENT} | set(mine_only)
        order = [u for u in index if u in wanted_here]
        del index
        poke = self.ticker.poke
        mine_records = mine.fetch(entity, order, poke)
        theirs_records = self._theirs(theirs.fetch(entity, [*both, *theirs_only], poke))
        if theirs.from_workbook:
            theirs_records = _mark_workbook_edits(entity, mine, mine_records, theirs_records,
                                                  poke)
        _load_bases(mine, theirs, mine_records, theirs_records, poke)
        for uuid in [*order, *theirs_only]:
            self._one(uuid, mine_records.get(uuid), theirs_records.get(uuid))
        mine.forget(entity)
        theirs.forget(entity)

    def _theirs(self, records: dict[str, rec.Record]) -> dict[str, rec.Record]:
        """Their records with references re-pointed past combined duplicates."""
        if not self.redirects:
            return records
        return {u: _redirected(r, self.redirects) for u, r in records.items()}

    def _one(self, uuid: str, m: rec.Record | None, t: rec.Record | None) -> None:
        entity, mine, theirs = self.entity, self.mine, self.theirs
        if m is not None and t is not None:
            change = _both_present(entity, m, t, mine, theirs)
            if change is None and not set(split(t.revisions)) <= set(split(m.revisions)):
                self.revisions_only.append(
                    (entity, uuid, joined([*split(m.revisions), *split(t.revisions)])))
        elif m is not None:
            change = _deleted_there(entity, m, theirs.tombstones.get(uuid), mine)
        elif t is not None:
            change = _only_there(entity, t, mine.tombstones.get(uuid), theirs)
        else:
            return
        if change is not None:
            self.changes.append(change)


def _mark_workbook_edits(
    entity: str, mine: Replica, mine_records: dict[str, rec.Record],
    theirs_records: dict[str, rec.Record], tick: Callable[[], None] | None = None,
) -> dict[str, rec.Record]:
    """A row whose values are not those of the revision it names was edited after export:
    it gets a revision of its own, derived from that one (the same edit, the same id).

    A row naming a revision this register never held is taken as that revision: there
    is nothing to compare it with (docs/merge.md, known limits)."""
    named = [record for record in theirs_records.values() if record.revisions]
    # Only rows naming an older state than this register's need the audit trail.
    older = [
        r.uuid for r in named
        if (m := mine_records.get(r.uuid)) is None
        or split(m.revisions)[:1] != split(r.revisions)[:1]
    ]
    mine.load_past(older, tick)
    for record in named:
        first = split(record.revisions)[0]
        here = mine_records.get(record.uuid)
        known = here if here is not None and split(here.revisions)[:1] == [first] else \
            mine.past_state(entity, record.uuid, first)
        if known is not None and content(known) != content(record):
            theirs_records[record.uuid] = dataclasses.replace(
                record, revisions=joined([derived_revision(first, record),
                                          *split(record.revisions)])
            )
    return theirs_records


def _diverged(m: rec.Record, t: rec.Record) -> bool:
    revs_m, revs_t = split(m.revisions), split(t.revisions)
    if content(m) == content(t):
        return False
    return not (revs_t[:1] and revs_t[0] in revs_m) and not (revs_m[:1] and revs_m[0] in revs_t)


def _load_bases(
    mine: Replica, theirs: Replica, mine_records: dict[str, rec.Record],
    theirs_records: dict[str, rec.Record], tick: Callable[[], None] | None = None,
) -> None:
    wanted = [
        uuid for uuid, t in theirs_records.items()
        if (m := mine_records.get(uuid)) is not None and _diverged(m, t)
    ]
    mine.load_past(wanted, tick)
    theirs.load_past(wanted, tick)


def _base_of(entity: str, m: rec.Record, t: rec.Record, mine: Replica, theirs: Replica):  # noqa: ANN202
    theirs_revisions = set(split(t.revisions))
    for revision in split(m.revisions):
        if revision in theirs_revisions:
            return mine.state(entity, m.uuid, revision) or theirs.state(entity, m.uuid, revision)
    return None


def _both_present(
    entity: str, m: rec.Record, t: rec.Record, mine: Replica, theirs: Replica
) -> RecordChange | None:
    revs_m, revs_t = split(m.revisions), split(t.revisions)
    label = label_of(m, entity, m.uuid)
    if content(m) == content(t):
        return None
    if revs_t and revs_t[0] in revs_m:
        return None  # theirs is a state this register has already moved on from
    names = rec.editable_field_names(type(m))
    if revs_m and revs_m[0] in revs_t:
        changed = tuple(n for n in names if getattr(m, n) != getattr(t, n))
        return RecordChange("change", entity, m.uuid, label, m, t, m, changed, (),
                            t.revisions)
    base = _base_of(entity, m, t, mine, theirs)
    taken: list[str] = []
    conflicts: list[Conflict] = []
    for name in names:
        b = getattr(base, name) if base is not None else None
        mv, tv = getattr(m, name), getattr(t, name)
        if mv == tv:
            continue
        if base is not None and mv == b:
            taken.append(name)
        elif base is not None and tv == b:
            continue
        else:
            conflicts.append(Conflict(f"{entity}:{m.uuid}:{name}", "field", entity, m.uuid,
                                      label, name, b, mv, tv))
    if not taken and not conflicts:
        return None
    return RecordChange("change", entity, m.uuid, label, m, t, base, tuple(taken),
                        tuple(conflicts), joined([*revs_m, *revs_t]))


def _unchanged_since(
    entity: str, record: rec.Record, tombstone: Tombstone, side: Replica
) -> bool:
    """Is ``record`` as it was when the other side deleted it (edited and edited back
    counts as unchanged)?"""
    revisions = split(record.revisions)
    if revisions and revisions[0] in tombstone.revisions:
        return True
    deleted = set(tombstone.revisions)
    base = next((r for r in revisions if r in deleted), None)
    if base is None:
        return False
    side.load_past([record.uuid])
    known = side.state(entity, record.uuid, base)
    return known is not None and content(known) == content(record)


def _deleted_there(
    entity: str, m: rec.Record, tombstone: Tombstone | None, mine: Replica
) -> RecordChange | None:
    if tombstone is None:
        return None
    revs_m = split(m.revisions)
    label = label_of(m, entity, m.uuid)
    if tombstone.revisions[:1] and tombstone.revisions[0] in revs_m:
        return None  # re-created here after that deletion
    if _unchanged_since(entity, m, tombstone, mine):
        return RecordChange("delete", entity, m.uuid, label, m, None, m,
                            revisions=joined(tombstone.revisions))
    conflict = Conflict(f"{entity}:{m.uuid}", "deleted_there", entity, m.uuid, label,
                        mine="edited", theirs="deleted")
    return RecordChange("delete", entity, m.uuid, label, m, None, None, (), (conflict,),
                        joined([*tombstone.revisions, *revs_m]))


def _only_there(
    entity: str, t: rec.Record, tombstone: Tombstone | None, theirs: Replica
) -> RecordChange | None:
    label = label_of(t, entity, t.uuid)
    revs_t = split(t.revisions)
    if tombstone is None:
        return RecordChange("add", entity, t.uuid, label, None, t, None, revisions=t.revisions)
    if tombstone.revisions[:1] and tombstone.revisions[0] in revs_t:
        return RecordChange("restore", entity, t.uuid, label, None, t, None,
                            revisions=t.revisions)
    if _unchanged_since(entity, t, tombstone, theirs):
        return None  # deleted here after the state they still hold
    conflict = Conflict(f"{entity}:{t.uuid}", "deleted_here", entity, t.uuid, label,
                        mine="deleted", theirs="edited")
    return RecordChange("restore", entity, t.uuid, label, None, t, None, (), (conflict,),
                        joined([*revs_t, *tombstone.revisions]))


