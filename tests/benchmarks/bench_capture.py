"""Capture from a 2,000-word report: read the register, then propose every record.

The report is the three capture readouts (the reference article, a press release, a
meeting minute) one after another and repeated to at least 2,000 words. Timed: the
register read (nations, people, meetings, issues) and ``capture_text``, in a fresh
process, so building the nation words is included. No floor: the goal is absolute (≤ 1 s).
"""

from __future__ import annotations

import argparse

from common import ROOT, main, require, timed

READOUTS = (
    ROOT / "tests" / "fixtures" / "scenario_article.txt",
    ROOT / "tests" / "fixtures" / "capture" / "press_release.txt",
    ROOT / "tests" / "fixtures" / "capture" / "meeting_minute.txt",
)
WORDS = 2_000


def report() -> str:
    pieces = [path.read_text(encoding="utf-8").strip() for path in READOUTS]
    text: list[str] = []
    while sum(len(piece.split()) for piece in text) < WORDS:
        text.extend(pieces)
    return "\n\n".join(text)


def ours(args: argparse.Namespace) -> dict[str, float]:
    import datetime as dt

    capture_text = require("coalition_desk.capture", "capture_text")
    read_register = require("coalition_desk.capture.register", "read_register")
    from coalition_desk.store.engine import open_database

    text = report()
    database = open_database(args.db, read_only=True, create=False, upgrade=False)
    found: list[object] = []

    def capture() -> None:
        found.append(capture_text(text, dt.date(2025, 4, 11), read_register(database)))

    seconds = timed(capture)
    database.dispose()
    assert found and found[0].statements  # type: ignore[attr-defined]
    return {"seconds": seconds, "words": float(len(text.split()))}


if __name__ == "__main__":
    main(ours)
