"""Open questions and pledges a readout reports."""

from __future__ import annotations

import re
from collections.abc import Sequence

from coalition_desk.capture.gazetteer import ADJECTIVE, Mention
from coalition_desk.capture.proposals import PledgeProposal, QuestionProposal, Span
from coalition_desk.capture.text import Sentence
from coalition_desk.domain.enums import Capability, PledgeStatus

_OPEN = re.compile(
    r"\b(?:remains?|is|are)\s+(?:still\s+)?(?:unresolved|open(?!\s+to\b)|unclear|undecided|"
    r"to\s+be\s+(?:decided|agreed|settled|determined|seen|confirmed))\b|"
    r"\bstill\s+(?:undecided|unresolved|unclear|open)\b|"
    r"\b(?:must|need\s+to|needs\s+to|have\s+to|has\s+to)\s+(?:first\s+)?(?:agree|decide|settle|"
    r"clarify)\s+(?:on\s+)?(?:whether|how|what|which|when|where|who)\b|"
    r"\bdeclined\s+to\s+(?:provide|give|offer|share)\s+(?:any\s+)?(?:specifics|details|"
    r"figures|numbers)\b|"
    r"\b(?:key|open|outstanding|unresolved)\s+questions?\b|"
    r"\bno\s+(?:decision|agreement)\s+(?:has\s+been|was|have\s+been)\s+(?:reached|made|taken)\b|"
    r"\bunder\s+pressure\s+to\s+clarify\b|"
    r"\bremains?\s+an?\s+(?:central|key|major|open|unresolved)\s+(?:concern|question|issue)\b|"
    r"\b(?:discussions|talks)\s+(?:focused|focussed|centred|centered)\s+on\s+(?:where|whether|"
    r"how|what|which|when)\b|"
    r"\b(?:action|to\s+do)\s*:",
    re.IGNORECASE,
)

_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "several": None,
}
_OFFER = re.compile(
    r"\b(?P<how>ready|willing|prepared|open|offered|offers|offer|pledged|pledges|pledge|"
    r"will|would|committed|commits|commit|has\s+committed|confirmed|confirms|intends|plans)\s+"
    r"(?:to\s+)?(?P<verb>contribut\w*|provid\w*|send\w*|deploy\w*|supply\w*|offer\w*|"
    r"deliver\w*|fund\w*|station\w*|lend\w*)\s+(?P<what>[^.;:—,]+)",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:not|cannot|can['’]t|won['’]t|no|never|unable)\s+(?:\w+\s+){0,2}$",
                       re.IGNORECASE)
# Which capability the words name; the first that matches wins.
_CAPABILITIES: tuple[tuple[str, str], ...] = (
    (r"air[- ]defen[cs]e|patriot|samp/t|iris-t|nasams", Capability.AIR_DEFENCE),
    (r"surveillance|reconnaissance|\bisr\b|awacs|drones?\b", Capability.ISR),
    (r"intelligence", Capability.INTELLIGENCE),
    (r"logistic|transport|airlift|fuel|medical", Capability.LOGISTICS),
    (r"frigates?|ships?|vessels?|naval|minehunters?|submarines?", Capability.NAVAL),
    (r"train(?:ing|ers)|instructors", Capability.TRAINING),
    (r"fund|million|billion|euros?|€|\$|£|pounds", Capability.FUNDING),
    (r"troops|soldiers|personnel|battalions?|brigades?|companies|company|forces|staff",
     Capability.TROOPS),
)


# "The offer remains open" keeps an offer alive; it asks nothing.
_STILL_OFFERED = re.compile(r"\b(?:offer|door|invitation|option)\b[^.;]*\bremains?\s+open\b",
                            re.IGNORECASE)


def open_questions(sentences: Sequence[Sentence]) -> list[QuestionProposal]:
    return [
        QuestionProposal(sentence.text.lstrip("-•* "), sentence.span)
        for sentence in sentences
        if (_OPEN.search(sentence.text) and not _STILL_OFFERED.search(sentence.text))
        or _is_question(sentence.text)
    ]


def _is_question(text: str) -> bool:
    return text.endswith("?") and not text.endswith(("?”", '?"'))


def pledges(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    speaker_nations: dict[int, str | None],
    text: str,
) -> list[PledgeProposal]:
    """Offers of a capability by a nation named before the offer (or its speaker's)."""
    found: list[PledgeProposal] = []
    for sentence in sentences:
        for match in _OFFER.finditer(sentence.text):
            start = sentence.span.start + match.start()
            if _NEGATION.search(text[sentence.span.start:start]):
                continue
            what = match.group("what").strip().rstrip(",")
            what = re.split(r",|\s+(?:but|while|if|once|provided|as\s+long\s+as)\s+", what)[0]
            capability = _capability_of(what)
            if capability is None:
                continue
            nation = _offering_nation(sentence, start, mentions, text) or speaker_nations.get(
                sentence.index
            )
            if nation is None:
                continue
            quantity, unit = _quantity(what)
            end = sentence.span.start + match.start("what") + len(what)
            found.append(PledgeProposal(
                nation_code=nation,
                capability=capability,
                quantity=quantity,
                unit=unit,
                status=_status(match.group("how")),
                text=text[start:end],
                span=Span(start, end),
            ))
    return found


def _capability_of(words: str) -> str | None:
    for pattern, capability in _CAPABILITIES:
        if re.search(pattern, words, re.IGNORECASE):
            return capability.value
    return None


def _offering_nation(
    sentence: Sentence, offset: int, mentions: Sequence[Mention], text: str
) -> str | None:
    before = [
        m for m in mentions
        if sentence.span.start <= m.span.start < offset and m.form != ADJECTIVE
    ]
    if not before:
        return None
    # "Portugal is prepared to send … to Moldova, and will provide …": the second offer
    # shares the sentence's subject, not the nation named last.
    if re.search(r"\band\s+$", text[sentence.span.start:offset]):
        return before[0].party.code
    return before[-1].party.code


_DETERMINERS = frozenset({
    "the", "its", "their", "our", "some", "more", "additional", "further", "second", "third",
    "new", "extra", "up", "to",
})
_UNIT_ENDS = frozenset({
    "to", "for", "as", "in", "on", "by", "from", "with", "until", "once", "at", "and", "this",
    "next", "before", "after", "within", "over",
})
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def _quantity(what: str) -> tuple[float | None, str]:
    words = what.split()
    if not words:
        return None, ""
    first = words[0].casefold()
    number: float | None = None
    if re.fullmatch(r"\d+(?:[.,]\d+)?", first):
        number = float(first.replace(",", "")) if re.fullmatch(r"\d{1,3}(?:,\d{3})+", first) \
            else float(first.replace(",", "."))
    elif first in _NUMBERS:
        number = _NUMBERS[first]
    rest = words[1:] if (number is not None or first == "several") else words
    if number is not None and rest and rest[0].casefold() in _SCALES:
        number *= _SCALES[rest[0].casefold()]
        rest = rest[1:]
    while rest and rest[0].casefold() in _DETERMINERS:
        rest = rest[1:]
    unit: list[str] = []
    for word in rest:
        if word.casefold() in _UNIT_ENDS or len(unit) == 4:
            break
        unit.append(word)
    if number is not None and number == int(number):
        number = int(number)
    return number, " ".join(unit)


def _status(how: str) -> str:
    how = how.casefold()
    if how in ("open", "intends", "plans"):
        return PledgeStatus.CONSIDERING.value
    if how in ("pledged", "pledges", "pledge", "committed", "commits", "commit",
               "has committed", "confirmed", "confirms"):
        return PledgeStatus.CONFIRMED.value
    return PledgeStatus.OFFERED.value
