"""Proposals as JSON (``capture --json``) and as a readable list (plain ``capture``)."""

from __future__ import annotations

from typing import Any

from coalition_desk.capture.proposals import Capture, Span


def _span(span: Span) -> list[int]:
    return [span.start, span.end]


def as_json(capture: Capture) -> dict[str, Any]:
    """Top-level keys: meeting, nations, people, statements, questions, pledges."""
    meeting = capture.meeting
    return {
        "meeting": None if meeting is None else {
            "date": meeting.date.isoformat() if meeting.date else None,
            "place": meeting.place,
            "format": meeting.format,
            "headcount": meeting.headcount,
            "title": meeting.title,
            "known": meeting.known,
            "span": _span(meeting.span),
        },
        "nations": [
            {"name": n.name, "code": n.code, "known": n.known, "kind": n.kind,
             "involvement": n.involvement, "span": _span(n.span)}
            for n in capture.nations
        ],
        "people": [
            {"name": p.name, "office": p.office, "nation": p.nation_code, "known": p.known,
             "register_name": p.known_name or None, "span": _span(p.span)}
            for p in capture.people
        ],
        "statements": [
            {"speaker": s.speaker, "nation": s.nation_code, "quote": s.quote,
             "summary": s.summary, "source": capture.source, "span": _span(s.span)}
            for s in capture.statements
        ],
        "questions": [{"text": q.text, "span": _span(q.span)} for q in capture.questions],
        "pledges": [
            {"nation": p.nation_code, "capability": p.capability, "quantity": p.quantity,
             "unit": p.unit, "status": p.status, "text": p.text, "span": _span(p.span)}
            for p in capture.pledges
        ],
    }


def _flag(known: bool) -> str:
    return "matched" if known else "new"


def as_lines(capture: Capture) -> list[str]:
    lines = [f"Capture of {capture.source}"]
    meeting = capture.meeting
    if meeting is None:
        lines.append("Meeting: none found")
    else:
        date = meeting.date.isoformat() if meeting.date else "date not stated"
        count = f", {meeting.headcount} countries" if meeting.headcount else ""
        lines.append(f"Meeting [{_flag(meeting.known)}]: {meeting.title} — {date}, "
                     f"{meeting.place or 'place not stated'} ({meeting.format}{count})")
    lines.append(f"Nations and organisations ({len(capture.nations)}):")
    lines += [f"  [{_flag(n.known)}] {n.name} ({n.code}), {n.involvement}"
              for n in capture.nations]
    lines.append(f"People ({len(capture.people)}):")
    for p in capture.people:
        spelled = f" (register: {p.known_name})" if p.known_name else ""
        lines.append(f"  [{_flag(p.known)}] {p.name}{spelled}, {p.office or 'office not stated'}"
                     f", {p.nation_code or 'nation not stated'}")
    lines.append(f"Statements ({len(capture.statements)}), no stance taken:")
    for s in capture.statements:
        who = s.speaker or "reported"
        words = f"“{s.quote}”" if s.quote else s.summary
        lines.append(f"  {s.nation_code or '?'} · {who}: {words}")
    lines.append(f"Open questions ({len(capture.questions)}):")
    lines += [f"  {q.text}" for q in capture.questions]
    lines.append(f"Pledges ({len(capture.pledges)}):")
    for p in capture.pledges:
        amount = f"{p.quantity:g} " if p.quantity is not None else ""
        lines.append(f"  {p.nation_code}: {amount}{p.unit or p.capability} ({p.capability}, "
                     f"{p.status})")
    return lines
