"""Decisions a merge needs beyond field conflicts: references and unique keys.

A deletion of a record still referred to here, an addition that refers to a record
deleted here, and an addition with the code or name of a record here all need the
officer's word. Records here are asked about by UUID, never read all at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from coalition_desk.domain import records as rec
from coalition_desk.services.entities import spec_for
from coalition_desk.services.merge.duplicates import same_key
from coalition_desk.services.merge.plan import Conflict, RecordChange
from coalition_desk.services.merge.replica import Replica


def _references(record: rec.Record) -> Iterator[tuple[str, str, bool]]:
    for ref in spec_for(record).references:
        value = getattr(record, ref.field)
        if value:
            yield ref.target_entity, value, ref.required


def check_references(
    changes: list[RecordChange], mine: Replica, theirs: Replica
) -> list[RecordChange]:
    """A deletion of a record still referred to here, or an addition that refers to a
    record deleted here, is a decision too."""
    deleted = {c.uuid for c in changes if c.kind == "delete"}
    added = {c.uuid for c in changes if c.kind in ("add", "restore")}
    # What each record here will refer to after the merge: a reference they changed
    # (unlinked from a record they deleted) counts as changed.
    outcome = {
        c.uuid: dataclasses.replace(c.mine, **{n: getattr(c.theirs, n) for n in c.fields})
        for c in changes
        if c.kind == "change" and c.mine is not None and c.theirs is not None and c.fields
    }
    referred: dict[str, int] = {}
    for target, uuid in mine.referrers(deleted):
        if uuid not in deleted and uuid not in outcome:
            referred[target] = referred.get(target, 0) + 1
    for uuid, record in outcome.items():
        if uuid not in deleted:
            for _entity, target, _required in _references(record):
                if target in deleted:
                    referred[target] = referred.get(target, 0) + 1
    for c in changes:
        if c.kind in ("add", "restore") and c.theirs is not None:
            for _entity, target, _required in _references(c.theirs):
                if target in deleted:
                    referred[target] = referred.get(target, 0) + 1
    targets = {
        target for c in changes if c.kind in ("add", "restore") and c.theirs is not None
        for _e, target, _r in _references(c.theirs) if target not in added
    }
    here = mine.existing(targets) - deleted
    result: list[RecordChange] = []
    for change in changes:
        c = change
        if c.kind == "delete" and not c.conflicts and c.uuid in referred:
            conflict = Conflict(f"{c.entity}:{c.uuid}", "still_referred", c.entity, c.uuid,
                                c.label, mine=f"referred to by {referred[c.uuid]}",
                                theirs="deleted")
            c = dataclasses.replace(c, conflicts=(conflict,))
        elif c.kind in ("add", "restore") and not c.conflicts and c.theirs is not None:
            missing = [(e, t) for e, t, _r in _references(c.theirs)
                       if t not in added and t not in here]
            if missing:
                conflict = Conflict(f"{c.entity}:{c.uuid}", "refers_to_deleted", c.entity,
                                    c.uuid, c.label,
                                    mine="deleted " + ", ".join(t for _e, t in missing),
                                    theirs="refers to it")
                needed = tuple(
                    found for e, t in missing
                    if (found := theirs.fetch(e, [t]).get(t)) is not None
                )
                c = dataclasses.replace(c, conflicts=(conflict,), requires=needed)
        result.append(c)
    return result


def check_keys(changes: list[RecordChange], mine: Replica) -> list[RecordChange]:
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
