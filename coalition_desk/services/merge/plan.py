"""The merge plan: what a merge would add, change and delete, and what it cannot decide.

Plain, read-only data for the command line and the window's conflicts dialog. Rules per
record and per field, against the state both sides last shared (the *base*):

| since the base                              | result            |
|---------------------------------------------|-------------------|
| changed on one side only                    | that side's value |
| changed on both sides to different values   | a conflict        |
| the same change on both sides               | no conflict       |
| created on either side                      | added             |
| deleted on one side, unchanged on the other | deleted           |
| deleted on one side, edited on the other    | a conflict        |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from coalition_desk.domain import records as rec

# Free text: a conflict on one of these may be resolved by keeping both texts.
FREE_TEXT_FIELDS = frozenset({
    "notes", "constraints", "summary", "objectives", "points_to_make", "quote", "text",
    "answer", "description", "caveats", "source", "headcount_note",
})

Choice = Literal["mine", "theirs", "both"]
ConflictKind = Literal[
    "field",             # both changed one field to different values
    "deleted_there",     # they deleted a record edited here
    "deleted_here",      # deleted here, edited there
    "still_referred",    # they deleted a record that records here still refer to
    "refers_to_deleted",  # their new record refers to one deleted here
    "same_key",          # their new record has the code/name of one here (a duplicate)
]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One decision the officer must make; ``key`` names it in a decisions mapping."""

    key: str
    kind: ConflictKind
    entity: str
    uuid: str
    label: str
    field: str | None = None
    base: Any = None
    mine: Any = None
    theirs: Any = None

    @property
    def free_text(self) -> bool:
        return self.kind == "field" and self.field in FREE_TEXT_FIELDS

    def line(self) -> str:
        what = f"{self.entity} {self.label!r}"
        if self.kind == "field":
            return (f"{what}, {self.field}: base {self.base!r} / mine {self.mine!r} / "
                    f"theirs {self.theirs!r}")
        return f"{what}: {_KIND_TEXT[self.kind]}"


_KIND_TEXT = {
    "deleted_there": "deleted there, edited here",
    "deleted_here": "deleted here, edited there",
    "still_referred": "deleted there, but records here still refer to it",
    "refers_to_deleted": "added there, but it refers to a record deleted here",
    "same_key": "added there with the same code or name as a record here",
}


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record the merge would write, with the fields that change."""

    kind: Literal["add", "change", "delete", "restore"]
    entity: str
    uuid: str
    label: str
    mine: rec.Record | None
    theirs: rec.Record | None
    base: rec.Record | None
    # Fields taken from theirs without a conflict.
    fields: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    # Revisions of the outcome when theirs is taken (a deletion: the tombstone's).
    revisions: str = ""
    # For "same_key": the record here it duplicates.
    duplicate_of: str | None = None
    # For "refers_to_deleted": their records it needs, restored when theirs is taken.
    requires: tuple[rec.Record, ...] = ()

    def line(self) -> str:
        extra = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.entity} {self.label!r}{extra}"


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two records (different UUIDs) that are likely one thing."""

    entity: str
    keep_uuid: str
    keep_label: str
    other_uuid: str
    other_label: str
    reason: str

    def line(self) -> str:
        return (f"{self.entity} {self.keep_label!r} and {self.other_label!r}: {self.reason}")


@dataclass(frozen=True)
class MergePlan:
    """What merging OTHER into this register would do; nothing is written to build it."""

    mine_name: str
    mine_id: str
    other_name: str
    other_id: str
    changes: tuple[RecordChange, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    # Metadata a merge copies so that it travels on: tombstones and redirects it did not
    # hold, and revision lists to extend where the content already agrees.
    tombstones: tuple[Any, ...] = ()
    redirects: tuple[Any, ...] = ()
    revisions_only: tuple[tuple[str, str, str], ...] = ()  # (entity, uuid, revisions)
    problems: tuple[str, ...] = field(default_factory=tuple)
    # The audit origin when not "merge from <name> <id>" (an import keeps its own).
    origin_override: str = ""

    @property
    def added(self) -> tuple[RecordChange, ...]:
        return tuple(c for c in self.changes if c.kind in ("add", "restore") and not c.conflicts)

    @property
    def changed(self) -> tuple[RecordChange, ...]:
        return tuple(c for c in self.changes if c.kind == "change")

    @property
    def deleted(self) -> tuple[RecordChange, ...]:
        return tuple(c for c in self.changes if c.kind == "delete" and not c.conflicts)

    @property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(conflict for c in self.changes for conflict in c.conflicts)

    @property
    def origin(self) -> str:
        if self.origin_override:
            return self.origin_override[:200]
        return f"merge from {self.other_name} {self.other_id}"[:200]

    @property
    def is_empty(self) -> bool:
        return not (self.changes or self.tombstones or self.redirects or self.revisions_only)

    def summary_lines(self) -> list[str]:
        conflicted = sum(1 for c in self.changes if c.conflicts)
        return [
            f"From {self.other_name} ({self.other_id or 'no register id'}):",
            f"  added: {len(self.added)}",
            f"  changed: {len(self.changed)}",
            f"  deleted: {len(self.deleted)}",
            f"  conflicts: {len(self.conflicts)} in {conflicted} records",
            f"  likely duplicates: {len(self.duplicates)}",
        ]


Decisions = dict[str, Choice]


def decide_all(plan: MergePlan, choice: Literal["mine", "theirs"]) -> Decisions:
    """The same answer to every conflict (``merge --take mine|theirs``)."""
    return {conflict.key: choice for conflict in plan.conflicts}
