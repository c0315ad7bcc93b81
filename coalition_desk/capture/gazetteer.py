"""Finding the nations and organisations a text names: by name, code, adjective,
demonym, possessive, or a capital standing for its government.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from coalition_desk.capture.nation_table import ORGANISATIONS, STATES
from coalition_desk.capture.proposals import Span

NAME, CODE, ADJECTIVE, DEMONYM, CAPITAL = "name", "code", "adjective", "demonym", "capital"
# A capital stands for its government only as a speaker or owner: "Washington's
# involvement", "Helsinki insists". "A visit to Kyiv" or "the Paris summit" is a place.
_GOVERNMENT_VERBS = (
    r"says|said|has|have|had|is|was|wants|wanted|will|would|insists|insisted|argues|argued|"
    r"agreed|agrees|refused|refuses|rejected|rejects|believes|hopes|fears|warned|warns|"
    r"backs|backed|supports|supported|opposes|opposed|announced|confirmed|signalled|signaled"
)
_POSSESSIVE = r"(?:['’]s?)"


@dataclass(frozen=True, slots=True)
class Party:
    code: str
    name: str
    kind: str  # "state" or "organisation"


@dataclass(frozen=True, slots=True)
class Mention:
    party: Party
    span: Span
    form: str  # NAME, CODE, ADJECTIVE, DEMONYM or CAPITAL


@dataclass(frozen=True)
class Gazetteer:
    parties: dict[str, Party]
    forms: dict[str, tuple[str, str]]  # surface → (code, form)
    pattern: re.Pattern[str]
    capital_pattern: re.Pattern[str]

    def mentions(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for match in self.pattern.finditer(text):
            surface = match.group("word")
            code, form = self.forms[surface]
            if form == CAPITAL and not self.capital_pattern.match(text, match.start("word")):
                continue
            if _inside_place_name(text, match.end()):
                continue
            found.append(Mention(self.parties[code], Span(match.start("word"),
                                                         match.end("word")), form))
        return found

    def party(self, code: str) -> Party | None:
        return self.parties.get(code)


def _inside_place_name(text: str, end: int) -> bool:
    # "NATO headquarters" is where a meeting was held, not a party to it.
    return re.match(r"\s+(?:headquarters|HQ)\b", text[end:end + 20]) is not None


def _rows(table: str, kind: str) -> Iterable[tuple[Party, dict[str, str]]]:
    for line in table.splitlines():
        if not line.strip():
            continue
        code, name, others, adjectives, demonyms, capitals = (line.split("|") + [""] * 6)[:6]
        forms: dict[str, str] = {name: NAME}
        for field, form in ((others, NAME), (adjectives, ADJECTIVE), (demonyms, DEMONYM),
                            (capitals, CAPITAL)):
            for word in filter(None, (w.strip() for w in field.split(";"))):
                forms.setdefault(word, form)
        if code.isupper() and kind == "organisation":
            forms.setdefault(code, CODE)
        yield Party(code, name, kind), forms


@functools.cache
def _base() -> tuple[dict[str, Party], dict[str, tuple[str, str]]]:
    parties: dict[str, Party] = {}
    forms: dict[str, tuple[str, str]] = {}
    for table, kind in ((STATES, "state"), (ORGANISATIONS, "organisation")):
        for party, words in _rows(table, kind):
            parties[party.code] = party
            for word, form in words.items():
                forms.setdefault(word, (party.code, form))
    import pycountry

    for country in pycountry.countries:
        code = country.alpha_3
        common = getattr(country, "common_name", None) or country.name
        if code not in parties:
            parties[code] = Party(code, common, "state")
        for word in (common, country.name, getattr(country, "official_name", None)):
            # "Korea, Republic of" is a catalogue entry, not how a text names it.
            if word and "," not in word and "(" not in word:
                forms.setdefault(word, (code, NAME))
    return parties, forms


def build(register: Iterable[tuple[str, str, str]] = ()) -> Gazetteer:
    """The words for every known party, plus the register's own (code, name, kind)."""
    base_parties, base_forms = _base()
    parties = dict(base_parties)
    forms = dict(base_forms)
    for code, name, kind in register:
        if code not in parties:
            parties[code] = Party(code, name, kind)
        forms.setdefault(name, (code, NAME))
        if kind == "organisation" or code in ("USA",):
            forms.setdefault(code, (code, CODE))
    return _compiled(parties, forms)


def _compiled(parties: dict[str, Party], forms: dict[str, tuple[str, str]]) -> Gazetteer:
    words = sorted(forms, key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    # Longest first, whole words only; "the Netherlands" reads as "Netherlands".
    pattern = re.compile(rf"(?<![\w.])(?P<word>{alternation})(?![\w])(?:{_POSSESSIVE})?")
    capitals = [w for w, (_code, form) in forms.items() if form == CAPITAL]
    capital_pattern = re.compile(
        rf"(?:{'|'.join(re.escape(w) for w in sorted(capitals, key=len, reverse=True))})"
        rf"(?:{_POSSESSIVE}(?=\s)|\s+(?:{_GOVERNMENT_VERBS})\b)"
    )
    return Gazetteer(parties, forms, pattern, capital_pattern)


@functools.cache
def default() -> Gazetteer:
    return build()
