"""Precision and recall of capture against the hand-written expected records.

`python3 -m tests.capture_scoring` prints the table that docs/capture.md shows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from coalition_desk.capture import Capture, capture_text

FIXTURES = Path(__file__).parent / "fixtures" / "capture"
READOUTS = ("scenario_article", "press_release", "meeting_minute", "call_readout")
KINDS = ("meeting", "nations", "attending", "people", "quotes", "reported", "questions",
         "pledges")


@dataclass(frozen=True)
class Score:
    found: int
    expected: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


def expected_of(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def capture_of(name: str) -> Capture:
    expected = expected_of(name)
    text = (FIXTURES / expected["file"]).read_text(encoding="utf-8")
    date = expected["report_date"]
    return capture_text(text, dt.date.fromisoformat(date) if date else None)


def _norm(words: str) -> str:
    return " ".join(words.split()).rstrip(".,")


def items(capture: Capture) -> dict[str, set]:
    meeting = capture.meeting
    return {
        "meeting": set() if meeting is None else {(
            meeting.date.isoformat() if meeting.date else None, meeting.headcount,
            meeting.format,
        )},
        "nations": {n.code for n in capture.nations},
        "attending": {n.code for n in capture.nations if n.involvement == "attending"},
        "people": {(p.name, p.office, p.nation_code) for p in capture.people},
        "quotes": {(s.speaker, _norm(s.quote)) for s in capture.statements if s.quote},
        "reported": {(s.nation_code, s.speaker, s.summary) for s in capture.statements
                     if not s.quote},
        "questions": {q.text for q in capture.questions},
        "pledges": {(p.nation_code, p.capability, p.quantity) for p in capture.pledges},
    }


def wanted(expected: dict) -> dict[str, set]:
    meeting = expected["meeting"]
    return {
        "meeting": {(meeting["date"], meeting["headcount"], meeting["format"])},
        "nations": set(expected["nations"]),
        "attending": set(expected["attending"]),
        "people": {tuple(p) for p in expected["people"]},
        "quotes": {(speaker, _norm(words)) for speaker, words in expected["quotes"]},
        "reported": {tuple(r) for r in expected["reported"]},
        "questions": set(expected["questions"]),
        "pledges": {tuple(p) for p in expected["pledges"]},
    }


def _matches(kind: str, found: object, want: object) -> bool:
    # Sentences are named by their first words; everything else must be equal.
    if kind == "reported":
        nation, speaker, summary = found  # type: ignore[misc]
        return (nation, speaker) == want[:2] and summary.startswith(want[2])  # type: ignore[index]
    if kind == "questions":
        return str(found).startswith(str(want))
    return found == want


def score(name: str) -> dict[str, Score]:
    capture = capture_of(name)
    got, expected = items(capture), wanted(expected_of(name))
    scores: dict[str, Score] = {}
    for kind in KINDS:
        remaining = list(expected[kind])
        right = 0
        for found in got[kind]:
            hit = next((w for w in remaining if _matches(kind, found, w)), None)
            if hit is not None:
                remaining.remove(hit)
                right += 1
        scores[kind] = Score(len(got[kind]), len(expected[kind]), right)
    place_word = expected_of(name)["meeting"]["place"]
    if capture.meeting is None or place_word not in capture.meeting.place:
        m = scores["meeting"]
        scores["meeting"] = Score(m.found, m.expected, 0)
    return scores


def total(scores: dict[str, Score]) -> Score:
    return Score(
        sum(s.found for s in scores.values()),
        sum(s.expected for s in scores.values()),
        sum(s.right for s in scores.values()),
    )


def table() -> str:
    lines = ["| readout | kind | found | expected | right | precision | recall |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for name in READOUTS:
        scores = score(name)
        for kind, s in [*scores.items(), ("all", total(scores))]:
            lines.append(f"| {name} | {kind} | {s.found} | {s.expected} | {s.right} | "
                         f"{s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
