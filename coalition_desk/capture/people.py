"""People a readout names with their office: "UK Defence Secretary John Healey",
"Ruben Brekelmans, the Dutch defence minister", "- Latvia: Andris Sprūds, Minister of
Defence" (a participants list). Later mentions by surname are found too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coalition_desk.capture.gazetteer import CAPITAL, Gazetteer, Mention
from coalition_desk.capture.proposals import Span
from coalition_desk.capture.text import Sentence

_QUALIFIER = (
    r"(?:Deputy|Vice|Acting|First|Prime|Defence|Defense|Foreign|Interior|Finance|Economy|"
    r"Armed\s+Forces|High|Chief|Permanent|State|Assistant|Under|Senior|Special|"
    r"foreign\s+policy|foreign|defence|defense|deputy|prime|armed\s+forces|security\s+policy)"
)
_TITLE = (
    r"(?:Prime\s+Minister|Secretary[- ]General|Secretary\s+of\s+State|President|Minister|"
    r"Secretary|Chancellor|Premier|Ambassador|Commissioner|Representative|Spokesperson|"
    r"Chief\s+of\s+(?:the\s+)?Defence(?:\s+Staff)?|prime\s+minister|minister|secretary|chief|"
    r"ambassador|commissioner|spokesperson|spokesman|spokeswoman|representative|president)"
)
_OF = (
    r"(?:\s+(?:of|for)\s+(?:the\s+)?(?:National\s+)?(?:Defen[cs]e|Foreign\s+Affairs|"
    r"Armed\s+Forces|Europe|Security|State))?"
)
OFFICE = rf"(?:{_QUALIFIER}\s+)*{_TITLE}{_OF}"
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'\-]*"
NAME = rf"(?:{_NAME_WORD}(?:[ \t]+(?:van|von|de|der|da|di|al|bin|le|la)\b)?[ \t]+{_NAME_WORD})"
# Two-word names, or three when the third is capitalised too ("Ursula von der Leyen").
# "Minister of Defence, Kadri Tamm," too: the office, a comma, the name, a comma.
_OFFICE_THEN_NAME = re.compile(
    rf"(?P<office>\b{OFFICE})(?:[ \t]+|,[ \t]+(?={NAME},))"
    rf"(?P<name>{NAME}(?:[ \t]+{_NAME_WORD})?)"
)
_NAME_THEN_OFFICE = re.compile(
    rf"(?P<name>{NAME}),\s+(?:the\s+|a\s+)?(?P<qual>[\w.]+\s+)?(?P<office>{OFFICE})\b"
)
_LIST_LINE = re.compile(
    rf"^[ \t]*(?:[-•*][ \t]*)?(?P<nation>[^:\n]{{2,40}}?)[ \t]*[:—–][ \t]*(?P<name>{NAME}),"
    rf"[ \t]*(?P<office>[^\n,;()]{{3,60}}?)[ \t]*$",
    re.MULTILINE,
)
# Capitalised words that start an office phrase but are not a person's name.
_NOT_NAMES = frozenset({
    "The", "A", "An", "This", "That", "Minister", "Secretary", "President", "Defence",
    "Defense", "Foreign", "Prime", "Affairs", "Ministers", "Forces", "Armed", "Office",
    "Ministry", "Department", "General", "Staff", "He", "She", "They", "It",
})


@dataclass
class FoundPerson:
    name: str
    office: str
    nation_code: str | None
    span: Span  # name and office as they stand in the text


def find_people(
    text: str, mentions: list[Mention], sentences: list[Sentence], gazetteer: Gazetteer
) -> list[FoundPerson]:
    by_end = {m.span.end: m for m in mentions}
    found: dict[str, FoundPerson] = {}

    def add(name: str, office: str, nation: str | None, span: Span) -> None:
        name = _clean_name(name)
        if not name or _names_a_party(name, gazetteer):
            return
        if name in found:
            # A headline names the office bare; the body may say whose it is.
            if found[name].nation_code is None and nation is not None:
                found[name].nation_code = nation
            return
        found[name] = FoundPerson(name, _office_label(office), nation, span)

    for match in _LIST_LINE.finditer(text):
        nation_words = match.group("nation").strip()
        party = _party_named(nation_words, gazetteer)
        if party is not None:
            add(match.group("name"), match.group("office").strip(), party,
                Span(match.start("nation"), match.end("office")))
    for match in _OFFICE_THEN_NAME.finditer(text):
        if not _office_starts_cleanly(text, match.start("office")):
            continue
        nation = _qualifier_before(text, match.start("office"), by_end)
        if nation is None:
            nation = _qualifier_in(match.group("office"), gazetteer)
        if nation is None:
            nation = _sole_party_earlier(match.start(), mentions, sentences)
        start = match.start("office")
        qualifier = _qualifier_mention(text, start, by_end)
        if qualifier is not None:
            start = qualifier.span.start
        add(match.group("name"), match.group("office"), nation, Span(start, match.end("name")))
    for match in _NAME_THEN_OFFICE.finditer(text):
        qualifier = (match.group("qual") or "").strip()
        nation = _party_named(qualifier, gazetteer) if qualifier else None
        if nation is None and qualifier:
            continue  # "X, the new defence minister": not a nation word, leave it
        add(match.group("name"), match.group("office"), nation,
            Span(match.start("name"), match.end("office")))
    return sorted(found.values(), key=lambda person: person.span.start)


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[0] in _NOT_NAMES:
        words = words[1:]
    # A trailing possessive belongs to the sentence ("Healey's plan"), not the name.
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1])
    return " ".join(words) if len(words) >= 2 else ""


def _names_a_party(name: str, gazetteer: Gazetteer) -> bool:
    return name in gazetteer.forms or any(word in gazetteer.forms for word in name.split())


def _office_starts_cleanly(text: str, start: int) -> bool:
    # "the Latvian defence minister said" is not followed by a name; "Deputy Prime
    # Minister" must be read whole, not from "Prime".
    before = text[max(0, start - 12):start]
    return not re.search(rf"{_QUALIFIER}\s+$", before)


def _qualifier_mention(text: str, start: int, by_end: dict[int, Mention]) -> Mention | None:
    gap = text[max(0, start - 5):start]
    # "Estonia’s Minister of Defence": the possessive belongs to the nation.
    trimmed = re.sub(r"(?:['’]s?)?[ \t]*$", "", gap)
    end = start - (len(gap) - len(trimmed))
    mention = by_end.get(end)
    if mention is None or mention.form == CAPITAL or end == start:
        return None
    return mention


def _qualifier_before(text: str, start: int, by_end: dict[int, Mention]) -> str | None:
    mention = _qualifier_mention(text, start, by_end)
    return mention.party.code if mention else None


def _qualifier_in(office: str, gazetteer: Gazetteer) -> str | None:
    # "Minister of Defence of Latvia" carries its nation inside.
    for mention in gazetteer.mentions(office):
        return mention.party.code
    return None


def _sole_party_earlier(
    offset: int, mentions: list[Mention], sentences: list[Sentence]
) -> str | None:
    """A bare office ("President Donald Trump") belongs to the one state the paragraph
    has named before it, when there is exactly one."""
    sentence = next((s for s in sentences if s.span.start <= offset < s.span.end), None)
    if sentence is None:
        return None
    paragraph_start = min(
        s.span.start for s in sentences if s.paragraph == sentence.paragraph
    )
    codes = {
        m.party.code for m in mentions
        if paragraph_start <= m.span.start < offset and m.party.kind == "state"
        and m.form != CAPITAL
    }
    return codes.pop() if len(codes) == 1 else None


def _party_named(words: str, gazetteer: Gazetteer) -> str | None:
    words = re.sub(r"^(?:the)\s+", "", words.strip())
    entry = gazetteer.forms.get(words)
    return entry[0] if entry else None


def _office_label(office: str) -> str:
    office = re.sub(r"\s+", " ", office.strip())
    # Capitalised as an office is in the register ("Defence Minister"), except the
    # lower-case descriptions journalists use ("foreign policy chief").
    return office
