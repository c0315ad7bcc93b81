"""Rules that one record must satisfy on its own, with no database at hand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from coalition_desk.domain import enums
from coalition_desk.domain.records import (
    Attendance,
    CapabilityRequirement,
    Issue,
    Meeting,
    Nation,
    Person,
    Pledge,
    Position,
    Question,
    Record,
)

MAX_TEXT = 32_000
MAX_NAME = 200
# The width of the pledges' and requirements' capability column.
MAX_CAPABILITY = 20
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
# Characters XML 1.0 cannot carry, so no workbook cell can hold them: the C0 controls
# other than tab, line feed and carriage return, and the two non-characters U+FFFE and
# U+FFFF. They arrive invisibly, pasted from PDFs and terminals.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The dates a record may carry. Python takes 0001-01-01 to 9999-12-31, but a stale
# threshold or a chart's margin around such a date leaves Python's range (the pack and
# the timeline crashed on them), spreadsheet programs show no date before 1900, and no
# negotiation this register follows lies outside these.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_TEXT = f"{EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}"


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class ValidationError(ValueError):
    """A record was refused; each problem names the field and the reason."""

    def __init__(self, entity: str, problems: Iterable[FieldProblem]) -> None:
        self.entity = entity
        self.problems = tuple(problems)
        text = "; ".join(str(p) for p in self.problems)
        super().__init__(f"{entity}: {text}")

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(p.field for p in self.problems)

    def reason_for(self, field: str) -> str | None:
        for problem in self.problems:
            if problem.field == field:
                return problem.reason
        return None


class _Checker:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def fail(self, field: str, reason: str) -> None:
        self.problems.append(FieldProblem(field, reason))

    def required(self, field: str, value: str | None, max_len: int = MAX_NAME) -> None:
        if value is None or not str(value).strip():
            self.fail(field, "is required")
        else:
            self.text(field, value, max_len)

    def text(self, field: str, value: str | None, max_len: int = MAX_TEXT) -> None:
        if value is None:
            return
        if len(value) > max_len:
            self.fail(field, f"is longer than {max_len:,} characters")
        self.no_control_characters(field, value)

    def no_control_characters(self, field: str, value: str) -> None:
        found = CONTROL_CHARACTERS.search(value)
        if found is not None:
            self.fail(field, control_character_reason(value, found.start()))

    def choice(self, field: str, value: str | None, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            self.fail(field, f"must be one of {', '.join(allowed)} (got {value!r})")

    def date(self, field: str, value: object, required: bool = True) -> None:
        if value is None:
            if required:
                self.fail(field, "is required")
        elif not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(field, f"must be a date (YYYY-MM-DD), got {value!r}")
        elif not EARLIEST_DATE <= value <= LATEST_DATE:
            self.fail(field, f"must be a date from {DATE_RANGE_TEXT} (got {value.isoformat()})")

    def percent(self, field: str, value: object) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            self.fail(field, f"must be a whole number from 0 to 100 (got {value!r})")


def _nation(record: Nation, check: _Checker) -> None:
    check.required("name", record.name)
    check.required("code", record.code, 10)
    if record.code and not CODE_PATTERN.match(record.code):
        check.fail(
            "code",
            "must be 2-10 capital letters or digits starting with a letter "
            "(ISO 3166 alpha-3 for a state, e.g. POL; a short code such as EU or NATO)",
        )
    elif record.kind == enums.NationKind.STATE and record.code and len(record.code) != 3:
        check.fail("code", "a state's code must be its ISO 3166 alpha-3 code (three letters)")
    check.choice("kind", record.kind, enums.NationKind.values())
    check.choice("role", record.role, enums.CoalitionRole.values())
    check.text("constraints", record.constraints)
    check.text("notes", record.notes)
    check.percent("capability", record.capability)


def _person(record: Person, check: _Checker) -> None:
    check.required("name", record.name)
    check.text("office", record.office, MAX_NAME)
    check.text("notes", record.notes)


def _meeting(record: Meeting, check: _Checker) -> None:
    check.required("title", record.title)
    check.date("date", record.date)
    check.date("end_date", record.end_date, required=False)
    check.choice("date_precision", record.date_precision, enums.DatePrecision.values())
    check.choice("format", record.format, enums.MeetingFormat.values())
    if (
        isinstance(record.date, dt.date)
        and isinstance(record.end_date, dt.date)
        and record.end_date < record.date
    ):
        check.fail("end_date", "must not be before the start date")
    if record.headcount_reported is not None and (
        not isinstance(record.headcount_reported, int) or record.headcount_reported < 0
    ):
        check.fail("headcount_reported", "must be a whole number of 0 or more")
    for name in ("place", "chair"):
        check.text(name, getattr(record, name), MAX_NAME)
    for name in ("summary", "objectives", "points_to_make", "headcount_note"):
        check.text(name, getattr(record, name))


def _attendance(record: Attendance, check: _Checker) -> None:
    check.required("meeting_uuid", record.meeting_uuid)
    check.required("nation_uuid", record.nation_uuid)
    check.choice("level", record.level, enums.AttendanceLevel.values())
    check.text("head_of_delegation", record.head_of_delegation, MAX_NAME)


def _issue(record: Issue, check: _Checker) -> None:
    check.required("name", record.name)
    check.choice("kind", record.kind, enums.IssueKind.values())
    stances = [s.strip() for s in record.stances]
    if len(stances) < 2:
        check.fail("stances", "needs at least two stances or options")
    elif any(not s for s in stances):
        check.fail("stances", "a stance or option must not be blank")
    elif len({s.casefold() for s in stances}) != len(stances):
        check.fail("stances", "each stance or option must be different")
    for stance in record.stances:
        check.no_control_characters("stances", stance)
    check.text("description", record.description)


def _position(record: Position, check: _Checker) -> None:
    check.required("nation_uuid", record.nation_uuid)
    check.required("issue_uuid", record.issue_uuid)
    check.date("as_of", record.as_of)
    check.date("last_confirmed", record.last_confirmed, required=False)
    check.percent("salience", record.salience)
    check.choice("confidence", record.confidence, enums.Confidence.values())
    check.choice("speaker_capacity", record.speaker_capacity, enums.SpeakerCapacity.values())
    for name in ("quote", "summary", "source"):
        check.text(name, getattr(record, name))
    if (
        isinstance(record.as_of, dt.date)
        and isinstance(record.last_confirmed, dt.date)
        and record.last_confirmed < record.as_of
    ):
        check.fail("last_confirmed", "must not be before the as-of date")


def _pledge(record: Pledge, check: _Checker) -> None:
    check.required("nation_uuid", record.nation_uuid)
    # Which capabilities are allowed is the register's setting: see capability_problem.
    check.required("capability", record.capability, MAX_CAPABILITY)
    check.choice("status", record.status, enums.PledgeStatus.values())
    check.date("as_of", record.as_of)
    if record.quantity is not None and (
        isinstance(record.quantity, bool)
        or not isinstance(record.quantity, int | float)
        or record.quantity < 0
    ):
        check.fail("quantity", "must be a number of 0 or more")
    check.text("unit", record.unit, MAX_NAME)
    check.text("caveats", record.caveats)
    check.text("notes", record.notes)


def _question(record: Question, check: _Checker) -> None:
    check.required("text", record.text, MAX_TEXT)
    check.choice("status", record.status, enums.QuestionStatus.values())
    check.date("due_date", record.due_date, required=False)
    check.date("raised_on", record.raised_on, required=False)
    check.text("answer", record.answer)
    if (
        record.status == enums.QuestionStatus.ANSWERED
        and not (record.answer or "").strip()
        and not record.resolved_at_uuid
    ):
        check.fail(
            "answer",
            "an answered question needs its answer, or the meeting that resolved it",
        )


def _requirement(record: CapabilityRequirement, check: _Checker) -> None:
    check.required("scenario", record.scenario)
    check.required("capability", record.capability, MAX_CAPABILITY)
    if (
        record.quantity is None
        or isinstance(record.quantity, bool)
        or not isinstance(record.quantity, int | float)
        or record.quantity < 0
    ):
        check.fail("quantity", f"must be a number of 0 or more (got {record.quantity!r})")
    check.text("unit", record.unit, MAX_NAME)
    check.text("notes", record.notes)


def speaker_problem(
    position: Position, speaker_nation_uuid: str | None
) -> FieldProblem | None:
    """Why a position's speaker is refused: one of another nation, not said to speak for it.

    A speaker with no nation recorded is not judged: there is nothing to compare.
    """
    if (
        position.speaker_uuid is None
        or speaker_nation_uuid is None
        or speaker_nation_uuid == position.nation_uuid
        or position.speaker_capacity == enums.SpeakerCapacity.ON_BEHALF
    ):
        return None
    return FieldProblem(
        "speaker_uuid",
        "this speaker belongs to another nation; choose one of this nation's people, or "
        "mark the speaker as speaking on behalf of this nation",
    )


def capability_problem(capability: str, allowed: tuple[str, ...]) -> FieldProblem | None:
    """Why a pledge's or requirement's capability is refused: not on the register's list."""
    if capability in allowed:
        return None
    return FieldProblem(
        "capability",
        f"{capability!r} is not one of this register's capabilities "
        f"({', '.join(allowed) or 'none'}); add it under Settings first",
    )


def control_character_reason(text: str, index: int) -> str:
    """Why text holding an invisible control character is refused, and where it is."""
    before = text[max(0, index - 20):index].rsplit("\n", 1)[-1]
    where = f"after {before!r}" if before.strip() else "at the start of a line"
    if index == 0:
        where = "at the very start"
    return (
        f"holds an invisible control character (U+{ord(text[index]):04X}) {where}, "
        f"character {index + 1}; remove it (it comes with text pasted from a PDF or a "
        "terminal, and no workbook can hold it)"
    )


def visible_control_characters(text: str) -> str:
    """``text`` with each control character shown as ``[U+0001]``, for a workbook cell."""
    return CONTROL_CHARACTERS.sub(lambda found: f"[U+{ord(found.group()):04X}]", text)


_RULES = {
    Nation: _nation,
    Person: _person,
    Meeting: _meeting,
    Attendance: _attendance,
    Issue: _issue,
    Position: _position,
    Pledge: _pledge,
    Question: _question,
    CapabilityRequirement: _requirement,
}


def problems_of(record: Record) -> list[FieldProblem]:
    check = _Checker()
    _RULES[type(record)](record, check)  # type: ignore[operator]
    return check.problems


def validate(record: Record, entity: str) -> None:
    problems = problems_of(record)
    if problems:
        raise ValidationError(entity, problems)


def stance_value(stances: tuple[str, ...], stance: str | None) -> float | None:
    """A scale stance's place on 0-100, least favourable first; None off the scale."""
    if stance is None or stance not in stances or len(stances) < 2:
        return None
    return 100.0 * stances.index(stance) / (len(stances) - 1)
