"""Properties of a database that travel with it: protective marking, stale threshold."""

from __future__ import annotations

import logging

from sqlalchemy import select

from coalition_desk.domain.validation import (
    CONTROL_CHARACTERS,
    FieldProblem,
    ValidationError,
    control_character_reason,
    visible_control_characters,
)
from coalition_desk.store import models
from coalition_desk.store.engine import Database

log = logging.getLogger(__name__)

MARKING_KEY = "protective_marking"
STALE_DAYS_KEY = "stale_after_days"
DEFAULT_MARKING = "OFFICIAL"
DEFAULT_STALE_DAYS = 90
MIN_STALE_DAYS, MAX_STALE_DAYS = 1, 3650
MAX_MARKING_LENGTH = 60


def _get(database: Database, key: str) -> str | None:
    with database.session() as session:
        return session.scalar(select(models.SettingRow.value).where(models.SettingRow.key == key))


def _set(database: Database, key: str, value: str) -> None:
    with database.session() as session:
        row = session.get(models.SettingRow, key)
        if row is None:
            session.add(models.SettingRow(key=key, value=value))
        else:
            row.value = value


def protective_marking(database: Database) -> str:
    # A marking saved before control characters were refused is shown, not dropped:
    # it goes into every banner, page header and footer, where none can be written.
    return visible_control_characters(_get(database, MARKING_KEY) or DEFAULT_MARKING)


def set_protective_marking(database: Database, marking: str) -> None:

    # Checked before the whitespace is tidied: Python counts U+001C-U+001F as spaces
    # and would drop them silently.
    control = CONTROL_CHARACTERS.search(marking)
    if control is not None:
        raise ValidationError("settings", [FieldProblem(
            "protective_marking", control_character_reason(marking, control.start()))])
    cleaned = " ".join(marking.split()).upper()
    if not cleaned or len(cleaned) > MAX_MARKING_LENGTH:
        raise ValidationError(
            "settings",
            [FieldProblem("protective_marking", f"must be 1-{MAX_MARKING_LENGTH} characters")],
        )
    _set(database, MARKING_KEY, cleaned)


def stale_after_days(database: Database) -> int:
    """The stored threshold, or the default when what is stored is not one.

    Only ``set_stale_after_days`` writes it, in range; anything else found there (an
    edited database, 10**9 days) is ignored with a warning in the log rather than let
    through to every stale judgement.
    """
    raw = _get(database, STALE_DAYS_KEY)
    if not raw:
        return DEFAULT_STALE_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if not MIN_STALE_DAYS <= days <= MAX_STALE_DAYS:
        log.warning("stale_after_days %r is not from %d to %d days; %d days are used",
                    raw[:40], MIN_STALE_DAYS, MAX_STALE_DAYS, DEFAULT_STALE_DAYS)
        return DEFAULT_STALE_DAYS
    return days


def set_stale_after_days(database: Database, days: int) -> None:
    if not isinstance(days, int) or isinstance(days, bool) or not (
        MIN_STALE_DAYS <= days <= MAX_STALE_DAYS
    ):
        raise ValidationError(
            "settings",
            [FieldProblem("stale_after_days",
                          f"must be from {MIN_STALE_DAYS} to {MAX_STALE_DAYS:,} days "
                          f"(got {days!r})")],
        )
    _set(database, STALE_DAYS_KEY, str(days))
