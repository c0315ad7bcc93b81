"""What capture proposes from a readout: plain values, each with the span it came from.

Nothing here is a register record yet. The officer reviews the proposals (or a script
passes ``--apply``) and ``capture.apply`` turns the ticked ones into records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of the text that was read."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True, slots=True)
class MeetingProposal:
    title: str
    date: dt.date | None
    place: str
    format: str
    headcount: int | None
    span: Span
    headcount_note: str = ""
    # The register's meeting on the same date, when it has one.
    known_uuid: str | None = None

    @property
    def known(self) -> bool:
        return self.known_uuid is not None


@dataclass(frozen=True, slots=True)
class NationProposal:
    code: str
    name: str
    kind: str  # NationKind value
    span: Span  # the first mention
    mentions: tuple[Span, ...] = ()
    # "attending" only when the text says the party took part; otherwise "mentioned".
    involvement: str = "mentioned"
    known_uuid: str | None = None

    @property
    def known(self) -> bool:
        return self.known_uuid is not None


@dataclass(frozen=True, slots=True)
class PersonProposal:
    name: str
    office: str
    nation_code: str | None
    span: Span
    mentions: tuple[Span, ...] = ()
    known_uuid: str | None = None
    # The register's spelling when the text's differs slightly ("Kalals" for "Kallas").
    known_name: str = ""

    @property
    def known(self) -> bool:
        return self.known_uuid is not None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True, slots=True)
class StatementProposal:
    """A quote (verbatim, with its speaker) or a position reported in the text.

    There is no stance: the text never says where on an issue's scale a nation stands,
    so the officer picks one, or leaves "no stance taken".
    """

    nation_code: str | None
    speaker: str | None  # a PersonProposal's name
    quote: str | None  # None for a reported position
    summary: str  # the sentence the statement stands in
    span: Span  # the quote's characters, or the sentence's
    issue_uuid: str | None = None
    stance: str | None = None  # only ever what the officer picked


@dataclass(frozen=True, slots=True)
class QuestionProposal:
    text: str
    span: Span
    issue_uuid: str | None = None


@dataclass(frozen=True, slots=True)
class PledgeProposal:
    nation_code: str
    capability: str  # Capability value
    quantity: float | None
    unit: str
    status: str  # PledgeStatus value
    text: str  # the words the pledge was read from
    span: Span


@dataclass(frozen=True, slots=True)
class Capture:
    """Everything proposed from one text."""

    text: str
    report_date: dt.date | None
    title: str
    meeting: MeetingProposal | None
    nations: tuple[NationProposal, ...] = ()
    people: tuple[PersonProposal, ...] = ()
    statements: tuple[StatementProposal, ...] = ()
    questions: tuple[QuestionProposal, ...] = ()
    pledges: tuple[PledgeProposal, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def nation(self, code: str | None) -> NationProposal | None:
        return next((n for n in self.nations if n.code == code), None)

    def person(self, name: str | None) -> PersonProposal | None:
        return next((p for p in self.people if p.name == name), None)

    @property
    def source(self) -> str:
        """What every saved statement's source says: the report's title and date."""
        when = self.report_date.isoformat() if self.report_date else "undated"
        return f"{self.title} ({when})"
