"""Quotes with their speaker, and positions the text reports.

A quote's speaker comes from its attribution, in whichever form the text uses:
“…,” he said · “…,” said X · X said: “…” · X described … as “…” · “…,” she told
reporters. A pronoun or a bare surname stands for the person last named before it.
A quoted phrase with no attribution (“Coalition of the Willing”) is a name, not a quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coalition_desk.capture.gazetteer import ADJECTIVE, Mention
from coalition_desk.capture.proposals import Span, StatementProposal
from coalition_desk.capture.text import Quoted, Sentence

SPEECH_VERBS = (
    r"said|says|say|added|adds|stressed|stresses|noted|notes|told|tells|described|describes|"
    r"warned|warns|insisted|insists|declared|declares|stated|states|remarked|explained|"
    r"argued|argues|emphasi[sz]ed|emphasi[sz]es|underscored|underlined|pointed\s+out|"
    r"acknowledged|proposed|urged|called\s+for|confirmed|announced|commented|wrote|"
    r"continued|concluded|replied|asked|reaffirmed|reiterated|thanked|welcomed"
)
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_PRONOUN_AFTER = re.compile(
    rf"^[,.!?]?\s*[”\"»]?\s*,?\s*(?:he|she|He|She)\s+(?:also\s+)?(?:{SPEECH_VERBS})\b"
)
_PRONOUN_SUBJECT = re.compile(
    rf"^(?:(?:However|But|And|Also|Later|Separately|Meanwhile),?\s+)?(?:he|she|He|She)\s+"
    rf"(?:also\s+|later\s+|then\s+|further\s+)?(?:{SPEECH_VERBS})\b"
)
_AS_PERSON = re.compile(r"^As\s+")
# A nation as the subject of a reported position: "Poland … cannot", "Latvia remains
# open to", "the United States has not agreed".
_NATION_STANCE = re.compile(
    r"^(?:['’]s?)?\s*,?\s*(?:(?:also|still|so\s+far)\s+)?(?P<verb>"
    r"cannot|can\s+not|can|will\s+not|will|won['’]t|would\s+not|"
    r"(?:is|are|remains|remain|stands|stand)\s+(?:still\s+)?(?:open\s+to|ready\s+to|"
    r"willing\s+to|unwilling\s+to|prepared\s+to|opposed\s+to|committed\s+to)|"
    r"insists|insist|insisted|(?:has|have)\s+(?:said|stated|insisted|signalled|signaled|"
    r"offered|pledged|committed|refused|agreed|not\s+agreed|declined)|said|says|"
    r"emphasi[sz]ed|stressed|warned|offered|pledged|refused|opposes|oppose|supports|"
    r"support|backs|back)\b"
)
_GROUP_NOUN = re.compile(
    r"^(?:['’]s?)?\s+(?:countries|nations|members|member\s+states|states|leaders|allies|"
    r"officials|ministers|governments|partners)\b"
)


@dataclass(frozen=True, slots=True)
class PersonMention:
    name: str  # the PersonProposal's full name
    span: Span


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    nation_code: str | None


def quote_statements(
    quotes: Sequence[Quoted],
    people_mentions: Sequence[PersonMention],
    nations_of: dict[str, str | None],
    text: str,
    sentences: Sequence[Sentence],
) -> list[StatementProposal]:
    statements: list[StatementProposal] = []
    for quote in quotes:
        speaker = _speaker_of(quote, people_mentions, text, sentences)
        if speaker is None:
            continue
        statements.append(StatementProposal(
            nation_code=nations_of.get(speaker),
            speaker=speaker,
            quote=quote.text,
            summary=quote.sentence.text,
            span=quote.span,
        ))
    return statements


def _speaker_of(
    quote: Quoted, people: Sequence[PersonMention], text: str, sentences: Sequence[Sentence]
) -> str | None:
    sentence = quote.sentence
    tail = text[quote.span.end:sentence.span.end]
    head = text[sentence.span.start:quote.span.start]
    if _PRONOUN_AFTER.match(tail):
        return _last_person_before(sentence.span.start, people)
    named_after = [p for p in people if quote.span.end <= p.span.start < sentence.span.end]
    if named_after and _SPEECH.search(text[quote.span.end:named_after[0].span.end + 40]):
        gap = text[quote.span.end:named_after[0].span.start]
        if len(gap) < 60:
            return named_after[0].name
    if not head.strip(" “\"«") and not tail.strip(" ,.”\"»"):
        return _introduced_by(sentence, people, text, sentences)
    if _SPEECH.search(head) or re.search(r"\bas\s+[“\"«]?$", head) or head.rstrip().endswith(":"):
        in_head = [p for p in people if sentence.span.start <= p.span.start < quote.span.start]
        if in_head:
            return in_head[0].name
        if _PRONOUN_SUBJECT.match(head.strip()) or re.match(r"^(?:He|She)\b", head.strip()):
            return _last_person_before(sentence.span.start, people)
    return None


def _introduced_by(
    sentence: Sentence, people: Sequence[PersonMention], text: str,
    sentences: Sequence[Sentence],
) -> str | None:
    """A paragraph that is all quote, after "X said:" (the press-release form)."""
    if sentence.index == 0:
        return None
    before = sentences[sentence.index - 1]
    if not before.text.endswith(":") or not _SPEECH.search(before.text):
        return None
    named = [p for p in people if before.span.start <= p.span.start < before.span.end]
    return named[0].name if named else None


def _last_person_before(offset: int, people: Sequence[PersonMention]) -> str | None:
    earlier = [p for p in people if p.span.end <= offset]
    return earlier[-1].name if earlier else None


def reported_statements(
    sentences: Sequence[Sentence],
    quoted_sentences: set[int],
    *,
    people: Sequence[PersonMention],
    nations_of: dict[str, str | None],
    mentions: Sequence[Mention],
    text: str,
) -> list[StatementProposal]:
    """Sentences that report what a person said or where a nation stands, no quote."""
    statements: list[StatementProposal] = []
    for sentence in sentences:
        # "X said:" introduces the quote that follows; "…?" asks, it does not state.
        if sentence.index in quoted_sentences or sentence.text.endswith(("?", ":")):
            continue
        speaker = _reporting_person(sentence, people, text)
        seen: set[str | None] = set()
        if speaker is not None:
            nation = nations_of.get(speaker)
            seen.add(nation)
            statements.append(StatementProposal(nation, speaker, None, sentence.text,
                                                sentence.span))
        for code in _stance_subjects(sentence, mentions, text):
            if code in seen:
                continue
            seen.add(code)
            statements.append(StatementProposal(code, None, None, sentence.text, sentence.span))
    return statements


def _reporting_person(
    sentence: Sentence, people: Sequence[PersonMention], text: str
) -> str | None:
    body = sentence.text
    verb = _SPEECH.search(body)
    if verb is None:
        return None
    verb_at = sentence.span.start + verb.start()
    named = [p for p in people if sentence.span.start <= p.span.start < verb_at]
    if named:
        first = named[0]
        before = text[sentence.span.start:first.span.start]
        # "kept informed by … Macron" or "met with … Zelenskyy": not the one speaking.
        # A comma closes that phrase: "… to Moldova, Costa added" is Costa speaking.
        if re.search(r"\b(?:by|with|to|from|including|and)\s+(?:[^\s,]+\s+){0,4}$", before):
            return None
        between = text[first.span.end:verb_at]
        if "," in between and not re.match(
            r"^,\s*$|^,\s+who\b[^,]*,\s*(?:has\s+|had\s+)?$", between
        ):
            return None if not _AS_PERSON.match(before) else first.name
        return first.name
    if _PRONOUN_SUBJECT.match(body):
        return _last_person_before(sentence.span.start, people)
    return None


def _stance_subjects(
    sentence: Sentence, mentions: Sequence[Mention], text: str
) -> list[str]:
    inside = [
        m for m in mentions
        if sentence.span.start <= m.span.start < sentence.span.end and m.form != ADJECTIVE
    ]
    subjects: list[str] = []
    for index, mention in enumerate(inside):
        after = text[mention.span.end:sentence.span.end]
        if _GROUP_NOUN.match(after) or re.search(
            r"\b(?:[Ww]hether|[Ii]f)\s+(?:the\s+)?$", text[sentence.span.start:mention.span.start]
        ):
            continue  # "EU countries", or "whether Sweden will join": asked, not stated
        if _NATION_STANCE.match(after):
            # "Poland and Greece, have said": every nation in the list before the verb.
            group = [mention.party.code]
            back = index - 1
            while back >= 0:
                gap = text[inside[back].span.end:inside[back + 1].span.start]
                if not re.fullmatch(r"\s*(?:,|and|,\s*and|or)\s*(?:the\s+)?", gap):
                    break
                group.insert(0, inside[back].party.code)
                back -= 1
            subjects += [code for code in group if code not in subjects]
    return subjects
