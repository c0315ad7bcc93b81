"""Capture on the demo's own news report: what ``--selftest`` runs to prove that capture
and the country data it ships work in this installation, offline."""

from __future__ import annotations

import datetime as dt

REPORT_DATE = dt.date(2025, 4, 11)


class CaptureCheckFailed(Exception):
    """Capture did not read the demo's report as it must; the message says how."""


def check_demo_capture(database: object) -> str:
    from coalition_desk.capture.reading import capture_text
    from coalition_desk.capture.register import read_register
    from coalition_desk.resources import resource_path

    text = resource_path("demo", "readout.txt").read_text(encoding="utf-8")
    capture = capture_text(text, REPORT_DATE, read_register(database))
    quotes = [s for s in capture.statements if s.quote]
    if len(quotes) != 4 or any(s.speaker is None for s in quotes):
        raise CaptureCheckFailed(
            f"capture found {len(quotes)} attributed quotes in the demo's report, not 4"
        )
    if capture.meeting is None or not capture.meeting.known:
        raise CaptureCheckFailed("capture did not match the report's meeting to the demo's")
    new = [n for n in capture.nations if not n.known]
    if not new or any(len(n.code) != 3 for n in new if n.kind == "state"):
        raise CaptureCheckFailed("capture could not give new nations their ISO codes (pycountry)")
    return (f"{len(capture.nations)} nations ({len(new)} new, e.g. {new[0].name} "
            f"{new[0].code}), {len(capture.people)} people, {len(quotes)} quotes")
