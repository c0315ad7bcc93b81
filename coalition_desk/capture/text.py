"""Paragraphs, sentences and quoted passages of a readout, as spans of the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coalition_desk.capture.proposals import Span

OPENING = {"“": "”", '"': '"', "«": "»"}
# Words after which a full stop does not end the sentence ("U.S. Defence Secretary").
ABBREVIATIONS = frozenset({
    "U.S.", "U.K.", "E.U.", "U.N.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Gen.", "Lt.", "Col.",
    "Maj.", "Adm.", "Sgt.", "Capt.", "Prof.", "No.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.",
    "Nov.", "Dec.", "e.g.", "i.e.", "approx.",
})
_WORD_BEFORE = re.compile(r"(\S+)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    text: str
    paragraph: int
    index: int  # in the whole text


@dataclass(frozen=True, slots=True)
class Quoted:
    """A passage between quotation marks; ``span`` covers the words, not the marks."""

    span: Span
    text: str
    sentence: Sentence


def sentences_of(text: str) -> list[Sentence]:
    found: list[Sentence] = []
    paragraph = 0
    for match in re.finditer(r"[^\n]+", text):
        line_start = match.start()
        line = match.group()
        if not line.strip():
            continue
        for start, end in _split_line(line):
            piece = line[start:end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if trail > lead:
                span = Span(line_start + start + lead, line_start + start + trail)
                found.append(Sentence(span, span.of(text), paragraph, len(found)))
        paragraph += 1
    return found


def _split_line(line: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    closing: str | None = None
    index = 0
    length = len(line)
    while index < length:
        char = line[index]
        if closing is not None:
            if char == closing:
                closing = None
                end = index + 1
                # “… not.” Next sentence: a quote that ends its sentence ends it outside too.
                if (line[index - 1] in ".!?" and end + 1 < length and line[end] == " "
                        and (line[end + 1].isupper() or line[end + 1] in "“\"")):
                    pieces.append((start, end))
                    start = end
        elif char in OPENING and (char != '"' or _opens(line, index)):
            closing = OPENING[char]
        elif char in ".!?":
            end = index + 1
            while end < length and line[end] in "”\"’)»":
                end += 1
            word = _WORD_BEFORE.search(line[start:index + 1])
            abbreviation = word is not None and word.group(1).lstrip("(“\"") in ABBREVIATIONS
            if (
                end < length and line[end] == " "
                and end + 1 < length and (line[end + 1].isupper() or line[end + 1] in "“\"")
                and not abbreviation
            ):
                pieces.append((start, end))
                start = end
                index = end
                continue
        index += 1
    pieces.append((start, length))
    return pieces


def _opens(line: str, index: int) -> bool:
    # A straight double quote opens when it starts a word.
    return index == 0 or not line[index - 1].isalnum()


def quoted_passages(text: str, sentences: list[Sentence]) -> list[Quoted]:
    passages: list[Quoted] = []
    for sentence in sentences:
        for match in re.finditer(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»", sentence.text):
            group = next(g for g in (1, 2, 3) if match.group(g) is not None)
            start = sentence.span.start + match.start(group)
            end = sentence.span.start + match.end(group)
            words = text[start:end]
            # A quote ends with its own comma inside the marks ("…,” he said): not the speaker's.
            stripped = words.rstrip(",")
            passages.append(Quoted(Span(start, start + len(stripped)), stripped, sentence))
    return passages
