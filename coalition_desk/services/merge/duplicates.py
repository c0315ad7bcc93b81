"""Likely duplicates: two UUIDs for one thing, as when two officers each typed "Poland".

- nations: the same code, or the same name ignoring case and accents;
- people: near-identical names in the same nation (difflib's similarity ratio: the
  standard library's, so the bundle stays under its size limit; rapidfuzz added 12 MB);
- meetings: the same date at the same place;
- positions: identical in nation, issue, date and quote.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from difflib import SequenceMatcher

from coalition_desk.domain import records as rec
from coalition_desk.services.merge.plan import Duplicate, RecordChange, label_of
from coalition_desk.services.merge.replica import Replica

# The similarity ratio (0-1) at or above which two people's names are taken for one:
# "Jonas Gahr Støre" and "Jonas Gahr Store" fold alike; "Andris Sprūds" and "Andris
# Spruds" too; one letter off in a fifteen-letter name still counts.
PERSON_NAME_SIMILARITY = 0.9


def folded(text: str | None) -> str:
    """Case and accents ignored: "Łódź " and "lodz" fold alike."""
    decomposed = unicodedata.normalize("NFKD", (text or "").strip().casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ł", "l").replace("ø", "o").replace("đ", "d").replace("ß", "ss")


def same_key(mine: Replica, entity: str, record: rec.Record) -> str | None:
    """The record here that ``record`` cannot be stored beside (a unique code or name)."""
    key = _unique_key(entity, record)
    return _unique_keys(mine, entity).get(key) if key is not None else None


def _unique_key(entity: str, record: rec.Record) -> object | None:
    if entity == "nation":
        return record.code.strip().casefold()  # type: ignore[union-attr]
    if entity == "issue":
        return record.name.strip().casefold()  # type: ignore[union-attr]
    if entity == "attendance":
        return (record.meeting_uuid, record.nation_uuid)  # type: ignore[union-attr]
    return None


def _unique_keys(mine: Replica, entity: str) -> dict[object, str]:
    cache = getattr(mine, "_unique_keys", None)
    if cache is None:
        cache = mine._unique_keys = {}  # type: ignore[attr-defined]
    if entity not in cache:
        cache[entity] = {
            _unique_key(entity, record): uuid
            for uuid, record in mine.records.get(entity, {}).items()
        }
    return cache[entity]


def _matches(entity: str, a: rec.Record, b: rec.Record) -> str | None:
    if entity == "nation":
        if a.code.strip().casefold() == b.code.strip().casefold():  # type: ignore[union-attr]
            return "the same code"
        if folded(a.name) == folded(b.name):  # type: ignore[union-attr]
            return "the same name"
        return None
    if entity == "person":
        same_nation = a.nation_uuid == b.nation_uuid  # type: ignore[union-attr]
        similarity = SequenceMatcher(
            None, folded(a.name), folded(b.name)  # type: ignore[union-attr]
        ).ratio()
        if same_nation and similarity >= PERSON_NAME_SIMILARITY:
            return "near-identical names in the same nation"
        return None
    if entity == "meeting":
        same_day = a.date == b.date  # type: ignore[union-attr]
        if same_day and folded(a.place) == folded(b.place):  # type: ignore[union-attr]
            return "the same date and place"
        return None
    if entity == "position":
        key_a = (a.nation_uuid, a.issue_uuid, a.as_of, a.quote.strip())  # type: ignore[union-attr]
        key_b = (b.nation_uuid, b.issue_uuid, b.as_of, b.quote.strip())  # type: ignore[union-attr]
        if key_a == key_b:
            return "the same nation, issue, date and quote"
    return None


def _bucket(entity: str, record: rec.Record) -> object:
    # Candidates are compared within a bucket only, so a large register stays fast.
    if entity == "nation":
        return None
    if entity == "person":
        return record.nation_uuid  # type: ignore[union-attr]
    if entity == "meeting":
        return record.date  # type: ignore[union-attr]
    return (record.nation_uuid, record.issue_uuid, record.as_of)  # type: ignore[union-attr]


def pairs_among(
    entity: str, here: Iterable[rec.Record], new: Sequence[rec.Record],
    tick: Callable[[], None] | None = None,
) -> Iterator[tuple[rec.Record, rec.Record, str]]:
    buckets: dict[object, list[rec.Record]] = {}
    for record in here:
        buckets.setdefault(_bucket(entity, record), []).append(record)
    for number, record in enumerate(new):
        if tick is not None and number % 200 == 0:
            tick()  # a chance to stop: names are compared pair by pair
        for other in buckets.get(_bucket(entity, record), ()):
            if other.uuid != record.uuid:
                reason = _matches(entity, other, record)
                if reason:
                    yield other, record, reason


def likely_duplicates(mine: Replica, changes: Sequence[RecordChange]) -> list[Duplicate]:
    """Their new records that look like records here."""
    found: list[Duplicate] = []
    for entity in ("nation", "person", "meeting", "position"):
        new = [c.theirs for c in changes
               if c.entity == entity and c.kind == "add" and c.theirs is not None]
        if not new:
            continue
        if entity == "position":
            # Only positions of the same dates can match: read those, not every one.
            here: Iterable[rec.Record] = mine.matching(
                entity, "as_of", {r.as_of for r in new})  # type: ignore[attr-defined]
        else:
            here = mine.records.get(entity, {}).values()
        for keep, other, reason in pairs_among(entity, here, new):
            found.append(Duplicate(entity, keep.uuid, label_of(keep, entity, keep.uuid),
                                   other.uuid, label_of(other, entity, other.uuid), reason))
    return found


# Kinds whose duplicates share these values exactly: only records that repeat them are
# read (a 200,000-position register is not read whole to find a handful).
_SHARED = {"meeting": ("date",), "position": ("nation_uuid", "issue_uuid", "as_of")}


def duplicates_within(
    replica: Replica, progress: Callable[[int, int], None] | None = None
) -> list[Duplicate]:
    """Likely duplicates among one register's own records (for the window's list);
    ``progress(done, total)`` is called per kind and may raise to stop."""
    found: list[Duplicate] = []
    kinds = ("nation", "person", "meeting", "position")
    for done, entity in enumerate(kinds):
        tick = None
        if progress is not None:
            progress(done, len(kinds))
            tick = lambda done=done: progress(done, len(kinds))  # noqa: E731
        if entity in _SHARED:
            candidates = replica.repeated(entity, _SHARED[entity], tick).values()
        else:
            candidates = replica.records.get(entity, {}).values()
        records = sorted(candidates, key=lambda r: r.uuid)
        seen: set[tuple[str, str]] = set()
        for keep, other, reason in pairs_among(entity, records, records, tick):
            pair = tuple(sorted((keep.uuid, other.uuid)))
            if pair in seen:
                continue
            seen.add(pair)  # type: ignore[arg-type]
            found.append(Duplicate(entity, keep.uuid, label_of(keep, entity, keep.uuid),
                                   other.uuid, label_of(other, entity, other.uuid), reason))
        replica.forget(entity)
    if progress is not None:
        progress(len(kinds), len(kinds))
    return found
