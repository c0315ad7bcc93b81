"""Plain, frozen values that cross from services into the window and the reports.

A record carries references to other records by UUID, never by database id, so the
same value can be exported, imported and later merged between laptops.
An empty ``uuid`` on a record passed to a create call means "assign a new one".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Nation:
    name: str
    code: str
    kind: str = "state"
    role: str = "not_stated"
    constraints: str = ""
    notes: str = ""
    capability: int | None = None
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    office: str = ""
    nation_uuid: str | None = None
    notes: str = ""
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Meeting:
    title: str
    date: dt.date
    date_precision: str = "day"
    end_date: dt.date | None = None
    place: str = ""
    format: str = "working_level"
    chair: str = ""
    headcount_reported: int | None = None
    headcount_note: str = ""
    summary: str = ""
    objectives: str = ""
    points_to_make: str = ""
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Attendance:
    meeting_uuid: str
    nation_uuid: str
    level: str = "not_stated"
    head_of_delegation: str = ""
    notes: str = ""
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Issue:
    name: str
    kind: str = "scale"
    # For a scale: stance labels ordered from least to most favourable.
    # For options: the mutually exclusive choices, in no particular order.
    stances: tuple[str, ...] = ()
    description: str = ""
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Position:
    nation_uuid: str
    issue_uuid: str
    as_of: dt.date
    # None records a statement on the issue that takes no stance on it.
    stance: str | None = None
    salience: int | None = None
    quote: str = ""
    summary: str = ""
    speaker_uuid: str | None = None
    meeting_uuid: str | None = None
    source: str = ""
    confidence: str = "medium"
    last_confirmed: dt.date | None = None
    # "on_behalf": the speaker, from another nation or an organisation, spoke for this one.
    speaker_capacity: str = "own_nation"
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Pledge:
    nation_uuid: str
    capability: str
    as_of: dt.date
    quantity: float | None = None
    unit: str = ""
    status: str = "considering"
    caveats: str = ""
    meeting_uuid: str | None = None
    notes: str = ""
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    status: str = "open"
    issue_uuid: str | None = None
    owner_nation_uuid: str | None = None
    owner_person_uuid: str | None = None
    due_date: dt.date | None = None
    raised_at_uuid: str | None = None
    resolved_at_uuid: str | None = None
    answer: str = ""
    # When it was raised with no meeting recorded (a call, a note); else the meeting's date.
    raised_on: dt.date | None = None
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class CapabilityRequirement:
    """How much of one capability a planning scenario (e.g. "Deterrence force") needs."""

    scenario: str
    capability: str
    quantity: float
    unit: str = ""
    notes: str = ""
    uuid: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    # The record's write counter as read; an update or delete of an older one is refused.
    version: int = 0
    # The states the record has been in, newest first (docs/merge.md); set by the store.
    revisions: str = ""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: dt.datetime
    os_user: str
    action: str
    entity: str
    record_uuid: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    origin: str = ""


Record = (
    Nation | Person | Meeting | Attendance | Issue | Position | Pledge | Question
    | CapabilityRequirement
)

SYSTEM_FIELDS = ("uuid", "created_at", "updated_at", "version", "revisions")


def editable_field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type) if f.name not in SYSTEM_FIELDS)


def all_field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


@dataclass(frozen=True, slots=True)
class Change:
    """One record created, updated or deleted by a write."""

    entity: str
    action: str
    uuid: str
    before: Record | None = None
    after: Record | None = None


@dataclass(frozen=True, slots=True)
class ChangeSet:
    changes: tuple[Change, ...] = ()

    @property
    def entities(self) -> frozenset[str]:
        return frozenset(change.entity for change in self.changes)

    def touches(self, *entities: str) -> bool:
        return bool(self.entities.intersection(entities))

    def merged(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.changes + other.changes)

    @property
    def created(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.action == "create")


@dataclass(frozen=True, slots=True)
class Counts:
    nations: int = 0
    people: int = 0
    meetings: int = 0
    issues: int = 0
    positions: int = 0
    pledges: int = 0
    questions: int = 0
    extra: dict[str, int] = field(default_factory=dict)
