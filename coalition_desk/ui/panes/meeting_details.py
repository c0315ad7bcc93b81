"""The selected meeting's details as HTML: who attended, what was said, which questions."""

from __future__ import annotations

from html import escape

from coalition_desk.domain.enums import AttendanceLevel, MeetingFormat
from coalition_desk.domain.views import MeetingDetail, QuestionView
from coalition_desk.ui.models.questions import status_label

OPEN_LINK = "open"


def open_link(entity: str, uuid: str) -> str:
    """A link in the details that asks the hub to open a record's editor."""
    return f"{OPEN_LINK}:{entity}:{uuid}"


def _label(value: str, vocabulary: type[MeetingFormat] | type[AttendanceLevel]) -> str:
    return vocabulary(value).label if value in vocabulary.values() else value


def _questions(title: str, questions: tuple[QuestionView, ...]) -> str:
    if not questions:
        return f"<h4>{title}</h4><p class='none'>None recorded.</p>"
    items = "".join(
        f"<li><a href='{open_link('question', q.uuid)}'>{escape(q.text)}</a>"
        f" <span class='meta'>({escape(status_label(q.status))}"
        f"{', owner ' + escape(q.owner_label) if q.owner_label else ''})</span></li>"
        for q in questions
    )
    return f"<h4>{title}</h4><ul>{items}</ul>"


def meeting_html(detail: MeetingDetail) -> str:
    meeting = detail.meeting
    facts = [
        escape(meeting.date_label),
        escape(meeting.place),
        escape(_label(meeting.format, MeetingFormat)),
    ]
    if meeting.chair:
        facts.append("chair: " + escape(meeting.chair))
    parts = [
        f"<h3>{escape(meeting.title)}</h3>",
        f"<p class='meta'>{' · '.join(f for f in facts if f)}</p>",
    ]
    if detail.summary:
        parts.append(f"<p>{escape(detail.summary)}</p>")
    headcount = (
        f" (headcount reported: {meeting.headcount_reported}"
        f"{'; ' + escape(detail.headcount_note) if detail.headcount_note else ''})"
        if meeting.headcount_reported
        else ""
    )
    parts.append(f"<h4>Attendance: {len(detail.attendance)} recorded{headcount}</h4>")
    if detail.attendance:
        rows = "".join(
            f"<li><b>{escape(a.nation_name)}</b> — {escape(_label(a.level, AttendanceLevel))}"
            f"{', ' + escape(a.head_of_delegation) if a.head_of_delegation else ''}</li>"
            for a in detail.attendance
        )
        parts.append(f"<ul>{rows}</ul>")
    parts.append(f"<h4>Statements: {len(detail.statements)}</h4>")
    if detail.statements:
        items = []
        for s in detail.statements:
            words = escape((s.quote and f"“{s.quote}”") or s.summary)
            stale = " <span class='stale'>STALE</span>" if s.stale else ""
            speaker = f" — {escape(s.speaker_name)}" if s.speaker_name else ""
            items.append(
                f"<li><b>{escape(s.nation_name)}</b> on {escape(s.issue_name)}: "
                f"<a href='{open_link('position', s.uuid)}'>{escape(s.stance or 'no stance')}</a>"
                f"{stale}<br/><span class='quote'>{words}{speaker}</span></li>"
            )
        parts.append(f"<ul>{''.join(items)}</ul>")
    else:
        parts.append("<p class='none'>None recorded.</p>")
    parts.append(_questions("Questions raised", detail.questions_raised))
    parts.append(_questions("Questions resolved", detail.questions_resolved))
    return "".join(parts)


DETAILS_CSS = """
h3 { margin: 0 0 2px 0; }
h4 { margin: 8px 0 2px 0; color: #37474f; }
.meta { color: #546e7a; }
.none { color: #78909c; font-style: italic; }
.stale { color: #e65100; font-weight: bold; }
.quote { color: #37474f; }
ul { margin-top: 0; }
"""
