"""Properties of a database that travel with it: protective marking, stale threshold."""

from __future__ import annotations

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

MARKING_KEY = "protective_marking"
STALE_DAYS_KEY = "stale_after_days"
DEFAULT_MARKING = "OFFICIAL"
DEFAULT_STALE_DAYS = 90
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
    if not cleaned:
        raise ValidationError(
            "settings", [FieldProblem("protective_marking", "is required")])
    if len(cleaned) > MAX_MARKING_LENGTH:
        raise ValidationError("settings", [FieldProblem(
            "protective_marking",
            f"is {len(cleaned)} characters; the banners and page headers show at most "
            f"{MAX_MARKING_LENGTH}, so shorten it (nothing was cut)",
        )])
    _set(database, MARKING_KEY, cleaned)


def stale_after_days(database: Database) -> int:
    raw = _get(database, STALE_DAYS_KEY)
    try:
        return max(1, int(raw)) if raw else DEFAULT_STALE_DAYS
    except ValueError:
        return DEFAULT_STALE_DAYS


def set_stale_after_days(database: Database, days: int) -> None:

    if not 1 <= days <= 3650:
        raise ValidationError(
            "settings", [FieldProblem("stale_after_days", "must be from 1 to 3650 days")]
        )
    _set(database, STALE_DAYS_KEY, str(days))
