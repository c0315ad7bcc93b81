"""How each kind of register record maps between its plain value and its table row."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from coalition_desk.domain import records as rec
from coalition_desk.store import models


@dataclass(frozen=True)
class Reference:
    """A record field holding another record's UUID, stored as that row's id."""

    field: str
    column: str
    target: type[models.Tracked]
    target_entity: str
    required: bool


@dataclass(frozen=True)
class EntitySpec:
    name: str
    plural: str
    record_type: type
    row_type: type[models.Tracked]
    label_field: str
    references: tuple[Reference, ...] = ()
    unique_fields: tuple[str, ...] = ()
    json_fields: frozenset[str] = field(default_factory=frozenset)

    @property
    def reference_by_field(self) -> dict[str, Reference]:
        return {ref.field: ref for ref in self.references}


def _ref(
    name: str, column: str, target: type[models.Tracked], entity: str, required: bool = False
) -> Reference:
    return Reference(name, column, target, entity, required)


NATION = EntitySpec(
    "nation", "nations", rec.Nation, models.NationRow, "name", unique_fields=("code",)
)
PERSON = EntitySpec(
    "person",
    "people",
    rec.Person,
    models.PersonRow,
    "name",
    references=(_ref("nation_uuid", "nation_id", models.NationRow, "nation"),),
)
MEETING = EntitySpec("meeting", "meetings", rec.Meeting, models.MeetingRow, "title")
ATTENDANCE = EntitySpec(
    "attendance",
    "attendance",
    rec.Attendance,
    models.AttendanceRow,
    "head_of_delegation",
    references=(
        _ref("meeting_uuid", "meeting_id", models.MeetingRow, "meeting", True),
        _ref("nation_uuid", "nation_id", models.NationRow, "nation", True),
    ),
)
ISSUE = EntitySpec(
    "issue",
    "issues",
    rec.Issue,
    models.IssueRow,
    "name",
    unique_fields=("name",),
    json_fields=frozenset({"stances"}),
)
POSITION = EntitySpec(
    "position",
    "positions",
    rec.Position,
    models.PositionRow,
    "stance",
    references=(
        _ref("nation_uuid", "nation_id", models.NationRow, "nation", True),
        _ref("issue_uuid", "issue_id", models.IssueRow, "issue", True),
        _ref("speaker_uuid", "speaker_id", models.PersonRow, "person"),
        _ref("meeting_uuid", "meeting_id", models.MeetingRow, "meeting"),
    ),
)
PLEDGE = EntitySpec(
    "pledge",
    "pledges",
    rec.Pledge,
    models.PledgeRow,
    "capability",
    references=(
        _ref("nation_uuid", "nation_id", models.NationRow, "nation", True),
        _ref("meeting_uuid", "meeting_id", models.MeetingRow, "meeting"),
    ),
)
QUESTION = EntitySpec(
    "question",
    "questions",
    rec.Question,
    models.QuestionRow,
    "text",
    references=(
        _ref("issue_uuid", "issue_id", models.IssueRow, "issue"),
        _ref("owner_nation_uuid", "owner_nation_id", models.NationRow, "nation"),
        _ref("owner_person_uuid", "owner_person_id", models.PersonRow, "person"),
        _ref("raised_at_uuid", "raised_at_id", models.MeetingRow, "meeting"),
        _ref("resolved_at_uuid", "resolved_at_id", models.MeetingRow, "meeting"),
    ),
)

REQUIREMENT = EntitySpec(
    "requirement",
    "requirements",
    rec.CapabilityRequirement,
    models.CapabilityRequirementRow,
    "scenario",
)

SPECS: tuple[EntitySpec, ...] = (
    NATION,
    PERSON,
    MEETING,
    ATTENDANCE,
    ISSUE,
    POSITION,
    PLEDGE,
    QUESTION,
    REQUIREMENT,
)
SPEC_BY_NAME: dict[str, EntitySpec] = {spec.name: spec for spec in SPECS}
SPEC_BY_RECORD: dict[type, EntitySpec] = {spec.record_type: spec for spec in SPECS}
SPEC_BY_ROW: dict[type, EntitySpec] = {spec.row_type: spec for spec in SPECS}


def spec_for(record_or_type: object) -> EntitySpec:
    record_type = record_or_type if isinstance(record_or_type, type) else type(record_or_type)
    return SPEC_BY_RECORD[record_type]


def dependents_of(spec: EntitySpec) -> list[tuple[EntitySpec, Reference]]:
    """Every (entity, reference) that points at records of ``spec``."""
    return [
        (other, ref) for other in SPECS for ref in other.references if ref.target is spec.row_type
    ]


def to_jsonable(value: object) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def record_as_dict(record: object) -> dict[str, Any]:
    # A record's revision list is not part of its content: the audit names revisions in
    # columns of its own.
    return {
        f.name: to_jsonable(getattr(record, f.name))
        for f in dataclasses.fields(record)  # type: ignore[arg-type]
        if f.name != "revisions"
    }


def decode_json_field(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(str(item) for item in json.loads(raw))


def encode_json_field(values: tuple[str, ...]) -> str:
    return json.dumps([value.strip() for value in values], ensure_ascii=False)
