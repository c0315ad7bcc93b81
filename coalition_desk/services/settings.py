"""Properties of a database that travel with it: protective marking, stale threshold,
the capabilities its pledges track."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import enums
from coalition_desk.domain.validation import (
    CONTROL_CHARACTERS,
    MAX_CAPABILITY,
    FieldProblem,
    ValidationError,
    control_character_reason,
    visible_control_characters,
)
from coalition_desk.store import models
from coalition_desk.store.engine import Database
from coalition_desk.store.reads import reading

log = logging.getLogger(__name__)

MARKING_KEY = "protective_marking"
STALE_DAYS_KEY = "stale_after_days"
DEFAULT_MARKING = "OFFICIAL"
DEFAULT_STALE_DAYS = 90
MIN_STALE_DAYS, MAX_STALE_DAYS = 1, 3650
MAX_MARKING_LENGTH = 60


def _get(database: Database, key: str) -> str | None:
    # One statement: on a server, no transaction's round trips around it (store/reads.py).
    with reading(database) as session:
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


# Capabilities: which pledges a register tracks. A grain corridor or a ceasefire
# monitoring mission tracks no troops; its officer sets its own list, or none at all
# and turns the Pledges and Capability gap sheets off.
CAPABILITIES_KEY = "capabilities"
PLEDGE_SHEETS_KEY = "pledge_sheets"
DEFAULT_CAPABILITIES: tuple[str, ...] = enums.Capability.values()


def capabilities_in(session: Session) -> tuple[str, ...]:
    raw = session.scalar(
        select(models.SettingRow.value).where(models.SettingRow.key == CAPABILITIES_KEY))
    if raw is None:
        return DEFAULT_CAPABILITIES
    try:
        values = json.loads(raw)
    except ValueError:
        return DEFAULT_CAPABILITIES
    return tuple(str(value) for value in values) if isinstance(values, list) else (
        DEFAULT_CAPABILITIES)


def capabilities(database: Database) -> tuple[str, ...]:
    """The register's capabilities, in the order its lists and sheets show them."""
    with database.session() as session:
        return capabilities_in(session)


def capabilities_in_use(database: Database) -> set[str]:
    with database.session() as session:
        used = set(session.scalars(select(models.PledgeRow.capability).distinct()))
        used |= set(session.scalars(select(models.CapabilityRequirementRow.capability).distinct()))
    return used


def set_capabilities(database: Database, values: Sequence[str]) -> None:
    """Replace the register's list; refused, naming why, if a value is unfit or in use."""
    problems = []
    seen: set[str] = set()
    for value in values:
        control = CONTROL_CHARACTERS.search(value)
        if control is not None:
            problems.append(control_character_reason(value, control.start()))
        elif not value.strip() or value != value.strip():
            problems.append(f"{value!r}: a capability must not be blank or start or end "
                            "with a space")
        elif len(value) > MAX_CAPABILITY:
            problems.append(f"{value!r} is {len(value)} characters; a capability can be at "
                            f"most {MAX_CAPABILITY}")
        elif value.casefold() in seen:
            problems.append(f"{value!r} is listed twice")
        seen.add(value.casefold())
    missing = sorted(capabilities_in_use(database) - set(values))
    if missing:
        problems.append(f"pledges or requirements still use {', '.join(missing)}; change "
                        "those first or keep them on the list")
    if problems:
        raise ValidationError(
            "settings", [FieldProblem(CAPABILITIES_KEY, reason) for reason in problems])
    _set(database, CAPABILITIES_KEY, json.dumps(list(values), ensure_ascii=False))


def pledge_sheets(database: Database) -> bool:
    """Whether the meeting pack has its Pledges and Capability gap sheets."""
    return _get(database, PLEDGE_SHEETS_KEY) != "no"


def set_pledge_sheets(database: Database, shown: bool) -> None:
    _set(database, PLEDGE_SHEETS_KEY, "yes" if shown else "no")
