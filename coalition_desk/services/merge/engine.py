"""Three-way comparison of two replicas into a ``MergePlan`` (see plan.py for the rules).

The base of a record is the newest state of its revision list here that the other side
has in its own: revisions are random ids, never clock readings.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator

from coalition_desk.domain import records as rec
from coalition_desk.services.entities import SPEC_BY_NAME, SPECS
from coalition_desk.services.merge.duplicates import likely_duplicates, same_key
from coalition_desk.services.merge.plan import Conflict, MergePlan, RecordChange
from coalition_desk.services.merge.replica import Redirect, Replica, Tombstone
from coalition_desk.services.versions import joined, split


def label_of(record: rec.Record | None, entity: str, uuid: str) -> str:
    if record is None:
        return uuid
    spec = SPEC_BY_NAME[entity]
    value = getattr(record, spec.label_field, "") or ""
    if entity == "position" and not value:
        value = f"{record.as_of} statement"  # type: ignore[union-attr]
    return str(value) or uuid


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


def plan_merge(mine: Replica, theirs: Replica) -> MergePlan:
    """Compare ``theirs`` against ``mine`` (this register); writes nothing."""
    redirects = {**theirs.redirects, **mine.redirects}
    theirs_records = _theirs_records(theirs, redirects)
    if theirs.from_workbook:
        theirs_records = _mark_workbook_edits(mine, theirs_records)
    _load_bases(mine, theirs, theirs_records)
    changes: list[RecordChange] = []
    revisions_only: list[tuple[str, str, str]] = []
    for spec in SPECS:
        mine_by_uuid = mine.records.get(spec.name, {})
        theirs_by_uuid = theirs_records.get(spec.name, {})
        # Their new records keep their order (an import into an empty register keeps
        # the workbook's row order).
        order = [*mine_by_uuid, *(u for u in theirs_by_uuid if u not in mine_by_uuid)]
        for uuid in order:
            m, t = mine_by_uuid.get(uuid), theirs_by_uuid.get(uuid)
            if m is not None and t is not None:
                change = _both_present(spec.name, m, t, mine, theirs)
                if change is None and not set(split(t.revisions)) <= set(split(m.revisions)):
                    revisions_only.append(
                        (spec.name, uuid, joined([*split(m.revisions), *split(t.revisions)]))
                    )
            elif m is not None:
                change = _deleted_there(spec.name, m, theirs.tombstones.get(uuid), mine)
            else:
                assert t is not None
                change = _only_there(spec.name, t, mine.tombstones.get(uuid), theirs)
            if change is not None:
                changes.append(change)
    changes = _check_references(changes, mine, theirs_records)
    changes = _check_keys(changes, mine)
    tombstones = tuple(
        tombstone for uuid, tombstone in theirs.tombstones.items()
        if uuid not in mine.tombstones and uuid not in _all_uuids(mine)
    )
    new_redirects = tuple(r for old, r in theirs.redirects.items() if old not in mine.redirects)
    return MergePlan(
        mine_name=mine.name,
        mine_id=mine.register_id,
        other_name=theirs.name,
        other_id=theirs.register_id,
        changes=tuple(changes),
        duplicates=tuple(likely_duplicates(mine, theirs_records, changes)),
        tombstones=tombstones,
        redirects=new_redirects,
        revisions_only=tuple(revisions_only),
    )


def _all_uuids(replica: Replica) -> set[str]:
    cached = getattr(replica, "_uuids", None)
    if cached is None:
        cached = {u for by_uuid in replica.records.values() for u in by_uuid}
        replica._uuids = cached  # type: ignore[attr-defined]
    return cached


def _theirs_records(
    theirs: Replica, redirects: dict[str, Redirect]
) -> dict[str, dict[str, rec.Record]]:
    """Their records with combined duplicates folded away and references re-pointed."""
    result: dict[str, dict[str, rec.Record]] = {}
    for entity, by_uuid in theirs.records.items():
        kept: dict[str, rec.Record] = {}
        for uuid, record in by_uuid.items():
            if uuid in redirects:
                continue
            kept[uuid] = _redirected(record, redirects) if redirects else record
        result[entity] = kept
    return result


def _mark_workbook_edits(
    mine: Replica, theirs_records: dict[str, dict[str, rec.Record]]
) -> dict[str, dict[str, rec.Record]]:
    """A row whose values are not those of the revision it names was edited after export:
    it gets a revision of its own, derived from that one (the same edit, the same id).

    A row naming a revision this register never held is taken as that revision: there
    is nothing to compare it with (docs/merge.md, known limits)."""
    named = [
        (entity, record) for entity, by_uuid in theirs_records.items()
        for record in by_uuid.values() if record.revisions
    ]
    mine.load_past(record.uuid for _, record in named)
    for entity, record in named:
        first = split(record.revisions)[0]
        known = mine.state(entity, record.uuid, first)
        if known is not None and content(known) != content(record):
            theirs_records[entity][record.uuid] = dataclasses.replace(
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
    mine: Replica, theirs: Replica, theirs_records: dict[str, dict[str, rec.Record]]
) -> None:
    wanted = [
        uuid for entity, by_uuid in theirs_records.items() for uuid, t in by_uuid.items()
        if (m := mine.records.get(entity, {}).get(uuid)) is not None and _diverged(m, t)
    ]
    mine.load_past(wanted)
    theirs.load_past(wanted)


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


def _references(record: rec.Record) -> Iterator[tuple[str, str, bool]]:
    for ref in _spec(record).references:
        value = getattr(record, ref.field)
        if value:
            yield ref.target_entity, value, ref.required


def _check_references(
    changes: list[RecordChange], mine: Replica, theirs_records: dict[str, dict[str, rec.Record]]
) -> list[RecordChange]:
    """A deletion of a record still referred to here, or an addition that refers to a
    record deleted here, is a decision too."""
    deleted = {c.uuid for c in changes if c.kind == "delete"}
    present = (_all_uuids(mine) - deleted) | {
        c.uuid for c in changes if c.kind in ("add", "restore")
    }
    referred: dict[str, int] = {}
    # What each record here will refer to after the merge: a reference they changed
    # (unlinked from a record they deleted) counts as changed.
    outcome = {
        c.uuid: dataclasses.replace(c.mine, **{n: getattr(c.theirs, n) for n in c.fields})
        for c in changes
        if c.kind == "change" and c.mine is not None and c.theirs is not None and c.fields
    }
    for by_uuid in mine.records.values():
        for uuid, record in by_uuid.items():
            if uuid not in deleted:
                for _entity, target, _required in _references(outcome.get(uuid, record)):
                    if target in deleted:
                        referred[target] = referred.get(target, 0) + 1
    for c in changes:
        if c.kind in ("add", "restore") and c.theirs is not None:
            for _entity, target, _required in _references(c.theirs):
                if target in deleted:
                    referred[target] = referred.get(target, 0) + 1
    result: list[RecordChange] = []
    for change in changes:
        c = change
        if c.kind == "delete" and not c.conflicts and c.uuid in referred:
            conflict = Conflict(f"{c.entity}:{c.uuid}", "still_referred", c.entity, c.uuid,
                                c.label, mine=f"referred to by {referred[c.uuid]}",
                                theirs="deleted")
            c = dataclasses.replace(c, conflicts=(conflict,))
        elif c.kind in ("add", "restore") and not c.conflicts and c.theirs is not None:
            missing = [(e, t) for e, t, _r in _references(c.theirs) if t not in present]
            if missing:
                conflict = Conflict(f"{c.entity}:{c.uuid}", "refers_to_deleted", c.entity,
                                    c.uuid, c.label,
                                    mine="deleted " + ", ".join(t for _e, t in missing),
                                    theirs="refers to it")
                needed = tuple(
                    found for e, t in missing
                    if (found := theirs_records.get(e, {}).get(t)) is not None
                )
                c = dataclasses.replace(c, conflicts=(conflict,), requires=needed)
        result.append(c)
    return result


def _check_keys(changes: list[RecordChange], mine: Replica) -> list[RecordChange]:
    """An added record with the code or name of one here cannot be stored beside it."""
    result: list[RecordChange] = []
    for change in changes:
        c = change
        if c.kind in ("add", "restore") and not c.conflicts and c.theirs is not None:
            twin = same_key(mine, c.entity, c.theirs)
            if twin is not None:
                conflict = Conflict(f"{c.entity}:{c.uuid}", "same_key", c.entity, c.uuid,
                                    c.label, mine=twin, theirs=c.uuid)
                c = dataclasses.replace(c, conflicts=(conflict,), duplicate_of=twin)
        result.append(c)
    return result
