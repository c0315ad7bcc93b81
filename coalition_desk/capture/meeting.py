"""The meeting a readout reports: date, place, format and reported headcount."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from coalition_desk.capture.proposals import MeetingProposal, Span
from coalition_desk.capture.text import Quoted, Sentence
from coalition_desk.domain.enums import MeetingFormat

MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY_MONTH_YEAR = rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})\s+(?P<y1>\d{{4}})"
_MONTH_DAY_YEAR = rf"(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})"
_ISO = r"(?P<iso>\d{4}-\d{2}-\d{2})"
_DATE = re.compile(rf"\b(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_ISO})\b")
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z .'’-]+?),\s+(?P<date>(?:{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}))"
    r"\s*[—–-]",
    re.MULTILINE,
)
_WEEKDAY = re.compile(r"\b(?:on|last)\s+(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|"
                      r"Saturday|Sunday)\b")
_MEETING_WORDS = re.compile(
    r"\b(?:meeting|meetings|summit|talks|conference|ministerial|session|gathering|"
    r"video\s+call|call|met|convened|gathered|hosted|hosts)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:held\s+)?(?:at|in)\s+(?P<place>(?:the\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+(?:[A-Z][\w’'.-]*|headquarters|HQ|of|de|the))*?(?:\s+(?:headquarters|HQ))?)"
    r"(?=[\s,.;:]|$)"
)
_CITY_MEETING = re.compile(
    r"\b[Tt]he\s+(?P<city>[A-Z][a-z]+)\s+(?:meeting|talks|summit|ministerial|gathering)\b"
)
_NUMBER = r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" \
          r"fifteen|twenty|thirty|forty|fifty)"
_NUMBER_2 = _NUMBER.replace("?P<n>", "?P<n2>")
_HEADCOUNT = re.compile(
    rf"\b(?:ministers|representatives|delegations|leaders|officials|participants|heads\s+of\s+"
    rf"(?:state|government))\s+from\s+(?P<about>around\s+|some\s+|about\s+|nearly\s+|over\s+)?"
    rf"{_NUMBER}\s+(?:countries|nations|states|allies|member\s+states)\b|"
    rf"\b{_NUMBER_2}\s+(?:countries|nations|delegations)\s+(?:took\s+part|attended|participated|"
    rf"were\s+represented|present)\b",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50,
}


def parse_date(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    try:
        if groups.get("iso"):
            return dt.date.fromisoformat(groups["iso"])
        day, month, year = (
            (groups["d1"], groups["m1"], groups["y1"]) if groups.get("d1")
            else (groups["d2"], groups["m2"], groups["y2"])
        )
        return dt.date(int(year), MONTHS[month.rstrip(".").casefold()], int(day))
    except (ValueError, KeyError):
        return None


def resolve_weekday(day: str, report_date: dt.date) -> dt.date:
    """The latest such weekday on or before the report's date ("on Thursday")."""
    back = (report_date.weekday() - WEEKDAYS.index(day.casefold())) % 7
    return report_date - dt.timedelta(days=back)


def find_meeting(
    text: str,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quoted],
    report_date: dt.date | None,
    attributed: set[Span],
) -> MeetingProposal | None:
    dateline = _DATELINE.search(text)
    header = _header_fields(text)
    candidates = [s for s in sentences if _MEETING_WORDS.search(s.text)]
    if not candidates and dateline is None:
        return None
    # A minute's "Date:" line dates the meeting; its items may name the next one.
    sentence = None if "date" in header else _meeting_sentence(candidates, report_date)
    date: dt.date | None = None
    place = ""
    spans: list[Span] = []
    if sentence is not None:
        spans.append(sentence.span)
        explicit = _DATE.search(sentence.text)
        weekday = _WEEKDAY.search(sentence.text)
        if explicit is not None:
            date = parse_date(explicit)
        elif weekday is not None and report_date is not None:
            date = resolve_weekday(weekday.group("day"), report_date)
        place_match = _PLACE.search(sentence.text)
        if place_match is not None:
            place = re.sub(r"^the\s+", "", place_match.group("place"))
    if "date" in header:
        value, span = header["date"]
        parsed = _DATE.search(value)
        if parsed is not None and parse_date(parsed) is not None:
            date = parse_date(parsed)
            spans.append(span)
    if "place" in header:
        place, span = header["place"]
        spans.append(span)
    if dateline is not None:
        spans.append(Span(dateline.start("place"), dateline.end("date")))
        date = date or parse_date(dateline)
        city = dateline.group("place").strip().title()
        place = f"{place}, {city}" if place and city not in place else place or city
    city_match = _CITY_MEETING.search(text)
    if (city_match is not None and city_match.group("city") not in place
            and city_match.group("city").casefold() not in MONTHS
            and city_match.group("city").casefold() not in WEEKDAYS):
        place = f"{place}, {city_match.group('city')}" if place else city_match.group("city")
    body = sentence.text if sentence is not None else ""
    headcount, note = _headcount(body)
    name = next(
        (q.text for q in quotes
         if sentence is not None and q.sentence.index == sentence.index
         and q.span not in attributed),
        "",
    )
    opening = " ".join(s.text for s in sentences[:2] if not sentence or s.index <= 1)
    meeting_format = _format(body + " " + opening)
    label = MeetingFormat(meeting_format).label.lower()
    if name:
        title = f"{name} {label} meeting"
    elif place:
        title = f"{label.capitalize()} meeting, {place}"
    else:
        title = f"{label.capitalize()} meeting"
    span = Span(min(s.start for s in spans), max(s.end for s in spans)) if spans else Span(0, 0)
    return MeetingProposal(title, date, place, meeting_format, headcount, span, note)


_HEADER = re.compile(
    r"^[ \t]*(?P<key>Date|Place|Venue|Location)[ \t]*:[ \t]*(?P<value>\S[^\n]*?)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def _header_fields(text: str) -> dict[str, tuple[str, Span]]:
    """A minute's "Date:" and "Place:" lines, before its first numbered item."""
    fields: dict[str, tuple[str, Span]] = {}
    for match in _HEADER.finditer(text[:2000]):
        key = "date" if match.group("key").casefold() == "date" else "place"
        fields.setdefault(key, (match.group("value"), Span(match.start("value"),
                                                             match.end("value"))))
    return fields


def _meeting_sentence(
    candidates: Sequence[Sentence], report_date: dt.date | None
) -> Sentence | None:
    # The first sentence that both speaks of a meeting and dates it; else the first.
    for sentence in candidates:
        if _DATE.search(sentence.text) or (report_date and _WEEKDAY.search(sentence.text)):
            return sentence
    return candidates[0] if candidates else None


def _headcount(sentence: str) -> tuple[int | None, str]:
    match = _HEADCOUNT.search(sentence)
    if match is None:
        return None, ""
    raw = match.group("n") or match.group("n2") or ""
    number = int(raw) if raw.isdigit() else _WORD_NUMBERS.get(raw.casefold())
    return number, match.group(0)[0].upper() + match.group(0)[1:] + "."


def _format(words: str) -> str:
    lowered = words.casefold()
    if re.search(r"\bworking[- ]level\b", lowered):
        return MeetingFormat.WORKING_LEVEL.value
    # Ministers who speak by phone hold a call, not a ministerial.
    if re.search(r"\b(?:by|on\s+the)\s+(?:phone|telephone)\b|\b(?:phone|video|telephone)\s+"
                 r"(?:call|conference)\b", lowered):
        return MeetingFormat.CALL.value
    if re.search(r"\bsummit\b|\bleaders\b|heads of state", lowered):
        return MeetingFormat.SUMMIT.value
    if re.search(r"\bministers?\b|\bministerial\b", lowered):
        return MeetingFormat.MINISTERIAL.value
    if re.search(r"\b(?:video|phone|telephone)\s+(?:call|conference)\b|\bcall\b", lowered):
        return MeetingFormat.CALL.value
    if re.search(r"\bvisit(?:ed)?\b", lowered):
        return MeetingFormat.VISIT.value
    return MeetingFormat.WORKING_LEVEL.value
