"""Read-side values shaped for display: a record joined with the names it refers to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import overload


class OneCopy:
    """Hands back the first of equal strings it is given, so that the rows of one read
    share one copy of a text many of them hold (a stance, a place, an issue's name).

    Every value read from the register is a new object, and the window keeps its rows
    as long as it shows them: at scale L the nations', meetings' and questions' rows held
    3.3 MB of copies of strings they had already (docs/performance.md, "Round 2, branch
    chunk6"). Equal strings are interchangeable, so nobody can tell. Strings only: 1, 1.0
    and True are equal, but not the same value.
    """

    __slots__ = ("_first",)

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    @overload
    def __call__(self, text: str) -> str: ...
    @overload
    def __call__(self, text: None) -> None: ...
    def __call__(self, text: str | None) -> str | None:
        return None if text is None else self._first.setdefault(text, text)


@dataclass(frozen=True, slots=True)
class StanceCell:
    issue_uuid: str
    stance: str | None
    value: float | None
    as_of: dt.date
    stale: bool


@dataclass(frozen=True, slots=True)
class NationOverview:
    uuid: str
    name: str
    code: str
    kind: str
    role: str
    constraints: str
    notes: str
    capability: int | None
    pledge_count: int
    pledge_summary: str
    # Latest stance per issue UUID (only issues the nation has a position on).
    stances: dict[str, StanceCell] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MeetingOverview:
    uuid: str
    title: str
    date: dt.date
    end_date: dt.date | None
    date_precision: str
    place: str
    format: str
    chair: str
    attendance_count: int
    headcount_reported: int | None
    position_count: int

    @property
    def date_label(self) -> str:
        return format_date(self.date, self.date_precision, self.end_date)


@dataclass(frozen=True, slots=True)
class MeetingHeading:
    """A meeting by what a chart marks and labels it with (the timeline's meetings)."""

    uuid: str
    title: str
    date: dt.date
    place: str


@dataclass(frozen=True, slots=True)
class AttendanceView:
    uuid: str
    nation_uuid: str
    nation_name: str
    nation_code: str
    role: str
    level: str
    head_of_delegation: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class PositionView:
    uuid: str
    nation_uuid: str
    nation_name: str
    nation_code: str
    issue_uuid: str
    issue_name: str
    as_of: dt.date
    stance: str | None
    stance_value: float | None
    salience: int | None
    quote: str
    summary: str
    speaker_uuid: str | None
    speaker_name: str
    meeting_uuid: str | None
    meeting_title: str
    source: str
    confidence: str
    last_confirmed: dt.date | None
    stale: bool


@dataclass(frozen=True, slots=True)
class QuestionView:
    uuid: str
    text: str
    status: str
    issue_uuid: str | None
    issue_name: str
    owner_nation_uuid: str | None
    owner_person_uuid: str | None
    owner_label: str
    due_date: dt.date | None
    overdue: bool
    raised_at_uuid: str | None
    raised_at_label: str
    resolved_at_uuid: str | None
    resolved_at_label: str
    answer: str
    # Raised with no meeting recorded, on this day; ``raised_at_label`` then names it.
    raised_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PersonView:
    uuid: str
    name: str
    office: str
    nation_uuid: str | None
    nation_name: str
    notes: str
    # Positions they are recorded as the speaker of.
    statements: int = 0


@dataclass(frozen=True, slots=True)
class PledgeView:
    uuid: str
    nation_uuid: str
    nation_name: str
    capability: str
    quantity: float | None
    unit: str
    status: str
    caveats: str
    as_of: dt.date
    meeting_uuid: str | None
    meeting_title: str


@dataclass(frozen=True, slots=True)
class MeetingDetail:
    meeting: MeetingOverview
    summary: str
    objectives: str
    points_to_make: str
    headcount_note: str
    attendance: tuple[AttendanceView, ...]
    statements: tuple[PositionView, ...]
    questions_raised: tuple[QuestionView, ...]
    questions_resolved: tuple[QuestionView, ...]


@dataclass(frozen=True, slots=True)
class StanceMove:
    """A nation's stance on an issue before (None: nothing recorded) and after a move;
    ``position_uuid`` is the position that states the stance after."""

    nation_uuid: str
    nation_name: str
    issue_uuid: str
    issue_name: str
    before: str | None
    after: str | None
    before_date: dt.date | None
    after_date: dt.date
    position_uuid: str


@dataclass(frozen=True, slots=True)
class StanceChange(StanceMove):
    quote: str


def format_date(date: dt.date, precision: str = "day", end: dt.date | None = None) -> str:
    if precision == "month":
        return date.strftime("%B %Y")
    if end is None or end == date:
        return date.isoformat()
    if end.year == date.year and end.month == date.month:
        return f"{date.isoformat()}/{end.day:02d}"
    return f"{date.isoformat()} – {end.isoformat()}"
