"""The file names offered when a workbook or a backup is saved: what is in it, and when.

An officer's folder fills with packs; ``pack-2025-04-10-brussels.xlsx`` says which
meeting each is without opening it. No Qt, no openpyxl: the window asks before any
workbook is written.
"""

from __future__ import annotations

import datetime as dt
import re

from coalition_desk.domain.records import Meeting
from coalition_desk.domain.views import MeetingOverview
from coalition_desk.domain.wording import name_key

MAX_WORDS = 3
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_words: int = MAX_WORDS) -> str:
    """``text`` as a file-name part: plain lower-case letters and digits, a few words."""
    words = [word for word in _NOT_A_WORD.split(name_key(text)) if word]
    return "-".join(words[:max_words])


def _meeting_place(meeting: MeetingOverview | Meeting) -> str:
    # "NATO Headquarters, Brussels": the town comes last and tells packs apart best.
    if meeting.place.strip():
        return slug(meeting.place.split(",")[-1])
    return slug(meeting.title)


def pack_file_name(meeting: MeetingOverview | Meeting) -> str:
    """``pack-2025-04-10-brussels.xlsx``: the meeting's first day, then its town or title."""
    parts = ["pack", meeting.date.isoformat(), _meeting_place(meeting)]
    return "-".join(part for part in parts if part) + ".xlsx"


def export_file_name(register: str, today: dt.date) -> str:
    """``register-demo-2026-12-01.xlsx``: the register's name and the day it was written."""
    parts = ["register", slug(register.removesuffix(".sqlite3")), today.isoformat()]
    return "-".join(part for part in parts if part) + ".xlsx"


def backup_file_name(stem: str, suffix: str, today: dt.date) -> str:
    """``demo-backup-2026-12-01.sqlite3``, beside the register it copies."""
    return f"{stem}-backup-{today.isoformat()}{suffix}"
