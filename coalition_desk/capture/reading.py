"""From a readout's text to proposals: the one entry point of capture's core."""

from __future__ import annotations

import datetime as dt
import re

from coalition_desk.capture.findings import open_questions, pledges
from coalition_desk.capture.gazetteer import Gazetteer, build, default
from coalition_desk.capture.meeting import find_meeting
from coalition_desk.capture.people import find_people
from coalition_desk.capture.proposals import (
    Capture,
    NationProposal,
    PersonProposal,
    Span,
    StatementProposal,
)
from coalition_desk.capture.register import KnownRegister
from coalition_desk.capture.statements import (
    PersonMention,
    quote_statements,
    reported_statements,
)
from coalition_desk.capture.text import quoted_passages, sentences_of

TITLE_LENGTH = 90
_ATTENDING = re.compile(
    r"\b(?:attended|took\s+part|participated|were\s+represented|was\s+represented|"
    r"participants?|present\s*:|attending|delegations?\s+from)\b",
    re.IGNORECASE,
)


def capture_text(
    text: str,
    report_date: dt.date | None = None,
    register: KnownRegister | None = None,
    title: str | None = None,
) -> Capture:
    register = register or KnownRegister()
    gazetteer = build(
        (n.code, n.name, n.kind) for n in register.nations
    ) if register.nations else default()
    sentences = sentences_of(text)
    mentions = gazetteer.mentions(text)
    quotes = quoted_passages(text, sentences)
    found = find_people(text, mentions, sentences, gazetteer)
    people_mentions = _people_mentions(text, [p.name for p in found])
    # A known person the text names without a nation speaks for the register's nation.
    people = tuple(
        _person(p.name, p.office, nation_code=p.nation_code, span=p.span,
                mentions=people_mentions, register=register)
        for p in found
    )
    nations_of = {p.name: p.nation_code for p in people}
    quoted = quote_statements(quotes, people_mentions, nations_of, text, sentences)
    quoted_sentences = {
        q.sentence.index for q in quotes if any(s.span == q.span for s in quoted)
    }
    reported = reported_statements(
        sentences, quoted_sentences, people=people_mentions, nations_of=nations_of,
        mentions=mentions, text=text,
    )
    statements = sorted(quoted + reported, key=lambda s: s.span.start)
    speaker_nations = {
        s.index: next((st.nation_code for st in statements
                       if st.speaker and s.span.start <= st.span.start < s.span.end), None)
        for s in sentences
    }
    meeting = find_meeting(text, sentences, quotes, report_date, {s.span for s in quoted})
    if meeting is not None:
        known = register.meeting_on(meeting.date)
        if known is not None:
            from dataclasses import replace

            meeting = replace(meeting, known_uuid=known.uuid)
    nations = _nations(text, mentions, sentences=sentences, register=register,
                       gazetteer=gazetteer, statements=statements)
    statements = [
        _with_issue(s, register) for s in statements
    ]
    return Capture(
        text=text,
        report_date=report_date,
        title=title or _title_of(text),
        meeting=meeting,
        nations=nations,
        people=people,
        statements=tuple(statements),
        questions=tuple(open_questions(sentences)),
        pledges=tuple(pledges(sentences, mentions, speaker_nations, text)),
    )


def _people_mentions(text: str, names: list[str]) -> list[PersonMention]:
    found: list[PersonMention] = []
    taken: list[Span] = []
    for name in names:
        for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            span = Span(match.start(), match.end())
            found.append(PersonMention(name, span))
            taken.append(span)
    surnames: dict[str, list[str]] = {}
    for name in names:
        surnames.setdefault(name.split()[-1], []).append(name)
    for surname, owners in surnames.items():
        if len(owners) != 1:
            continue  # two people share it: a bare surname could be either
        for match in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", text):
            if any(t.start <= match.start() < t.end for t in taken):
                continue
            found.append(PersonMention(owners[0], Span(match.start(), match.end())))
    return sorted(found, key=lambda m: m.span.start)


def _nations(
    text: str,
    mentions: list,
    *,
    sentences: list,
    register: KnownRegister,
    gazetteer: Gazetteer,
    statements: list[StatementProposal],
) -> tuple[NationProposal, ...]:
    by_code: dict[str, list[Span]] = {}
    for mention in mentions:
        by_code.setdefault(mention.party.code, []).append(mention.span)
    for statement in statements:
        # A speaker's nation is named by the office ("Dutch"), so it is mentioned already;
        # this keeps one whose nation came from the register.
        if statement.nation_code and statement.nation_code not in by_code:
            by_code[statement.nation_code] = [statement.span]
    attending = _attending_codes(sentences, mentions)
    proposals = []
    for code, spans in by_code.items():
        party = gazetteer.party(code)
        name = party.name if party else code
        kind = party.kind if party else "state"
        known = register.nation(code, name)
        proposals.append(NationProposal(
            code=known.code if known else code,
            name=known.name if known else name,
            kind=known.kind if known else kind,
            span=spans[0],
            mentions=tuple(spans),
            involvement="attending" if code in attending else "mentioned",
            known_uuid=known.uuid if known else None,
        ))
    return tuple(sorted(proposals, key=lambda n: n.span.start))


def _attending_codes(sentences: list, mentions: list) -> set[str]:
    """Parties the text says took part: a participants list, or "X and Y attended"."""
    codes: set[str] = set()
    in_list = False
    for sentence in sentences:
        if re.match(r"^(?:participants|present|attendees|delegations)\b.*:?\s*$",
                    sentence.text, re.IGNORECASE):
            in_list = True
            continue
        inside = [m for m in mentions
                  if sentence.span.start <= m.span.start < sentence.span.end]
        if in_list and re.match(r"^\s*[-•*]", sentence.text):
            codes.update(m.party.code for m in inside[:1])
            continue
        in_list = False
        if _ATTENDING.search(sentence.text) and not re.search(
            r"\bnot\s+(?:expected\s+to\s+)?attend", sentence.text
        ):
            codes.update(m.party.code for m in inside if m.form != "capital")
    return codes


def _person(
    name: str,
    office: str,
    *,
    nation_code: str | None,
    span: Span,
    mentions: list[PersonMention],
    register: KnownRegister,
) -> PersonProposal:
    known = register.person(name)
    if known is not None and nation_code is None:
        nation_code = register.nation_code(known.nation_uuid)
    return PersonProposal(
        name=name,
        office=office,
        nation_code=nation_code,
        span=span,
        mentions=tuple(m.span for m in mentions if m.name == name),
        known_uuid=known.uuid if known else None,
        known_name=known.name if known and known.name != name else "",
    )


def _with_issue(statement: StatementProposal, register: KnownRegister) -> StatementProposal:
    issue = register.issues_named_in(statement.summary)
    if issue is None:
        return statement
    from dataclasses import replace

    return replace(statement, issue_uuid=issue)


def _title_of(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = re.sub(r"^(?:subject|title)\s*:\s*", "", first, flags=re.IGNORECASE)
    if len(first) <= TITLE_LENGTH:
        return first.rstrip(".")
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"
