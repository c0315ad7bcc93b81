"""Closed vocabularies of the negotiation register.

Values are stored as their lower-case string so that the database stays readable
and portable; labels are what a user sees.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class NationKind(LabelledEnum):
    STATE = "state"
    ORGANISATION = "organisation"


class CoalitionRole(LabelledEnum):
    LEAD = "lead"
    PARTICIPANT = "participant"
    OBSERVER = "observer"
    HOST = "host"
    NON_PARTICIPANT = "non_participant"
    # The source text often names a party without saying whether it takes part.
    NOT_STATED = "not_stated"


class MeetingFormat(LabelledEnum):
    SUMMIT = "summit"
    MINISTERIAL = "ministerial"
    WORKING_LEVEL = "working_level"
    VISIT = "visit"
    CALL = "call"


class DatePrecision(LabelledEnum):
    DAY = "day"
    MONTH = "month"


class AttendanceLevel(LabelledEnum):
    HEAD_OF_STATE = "head_of_state"
    MINISTER = "minister"
    SENIOR_OFFICIAL = "senior_official"
    MILITARY = "military"
    WORKING_LEVEL = "working_level"
    NOT_STATED = "not_stated"


class IssueKind(LabelledEnum):
    SCALE = "scale"
    OPTIONS = "options"


class Confidence(LabelledEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Capability(LabelledEnum):
    TROOPS = "troops"
    LOGISTICS = "logistics"
    INTELLIGENCE = "intelligence"
    AIR_DEFENCE = "air_defence"
    ISR = "isr"
    NAVAL = "naval"
    TRAINING = "training"
    FUNDING = "funding"
    OTHER = "other"

    @property
    def label(self) -> str:
        return "ISR" if self is Capability.ISR else super().label


def capability_label(capability: str) -> str:
    """How a capability reads: the default list's label, or a register's own as typed."""
    if capability in Capability.values():
        return Capability(capability).label
    return capability.replace("_", " ")


class PledgeStatus(LabelledEnum):
    CONSIDERING = "considering"
    OFFERED = "offered"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"


class SpeakerCapacity(LabelledEnum):
    OWN_NATION = "own_nation"
    # A chair, a group's spokesperson, the EU's High Representative: from elsewhere.
    ON_BEHALF = "on_behalf"


class QuestionStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    DROPPED = "dropped"

    @property
    def is_unresolved(self) -> bool:
        return self in (QuestionStatus.OPEN, QuestionStatus.IN_PROGRESS)


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


# Default capability weight (0-100) by role, used by the outcome forecast until the
# officer sets a nation's weight by hand.
DEFAULT_CAPABILITY_BY_ROLE: dict[CoalitionRole, int] = {
    CoalitionRole.LEAD: 100,
    CoalitionRole.HOST: 80,
    CoalitionRole.PARTICIPANT: 50,
    CoalitionRole.OBSERVER: 20,
    CoalitionRole.NON_PARTICIPANT: 30,
    CoalitionRole.NOT_STATED: 30,
}
