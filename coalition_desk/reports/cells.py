"""Reading one cell of a register sheet into a record field's value.

Each converter takes what openpyxl read (str, int, float, date, datetime or None) and
returns the field value, or raises ``CellError`` with a reason written for the user.
Spreadsheet programs turn typed dates into datetimes and whole numbers into floats;
those are accepted when they mean the same thing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import math
import re
import sys
import uuid as uuid_module
from collections.abc import Callable

from coalition_desk.reports.register_format import Column, ColumnKind
from coalition_desk.reports.safety import MAX_CELL_CHARACTERS, decode_text

Converter = Callable[[object], object]


class CellError(ValueError):
    pass


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARACTERS:
            raise CellError(f"is longer than {MAX_CELL_CHARACTERS:,} characters")
        return decode_text(value)
    if isinstance(value, bool):
        raise CellError(f"must be text, got {_show(value)}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise CellError(f"must be text, got {_show(value)}")


def _optional_text(value: object) -> str | None:
    return None if value is None or value == "" else _text(value)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value
    if not isinstance(value, str):
        raise CellError(f"must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, "
                        f"got {_show(value)}")
    try:
        return str(uuid_module.UUID(value.strip()))
    except ValueError:
        raise CellError(f"must be a UUID such as 0f8fad5b-d9cb-469f-a165-70867728950e, "
                        f"got {_show(value)}") from None


def _reference(value: object) -> str:
    # A few hundred nations, issues and meetings are named by 200,000 positions: one
    # string each, not one per cell (85 bytes a cell, a tenth of an import's memory).
    return sys.intern(_uuid(value))


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise CellError(f"must be a date without a time of day, got {value.isoformat()}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            try:
                return _day(text)
            except ValueError:
                pass
            no_such_day = no_such_day_reason(text)
            if no_such_day is not None:
                raise CellError(no_such_day)
    raise CellError(f"must be a date (YYYY-MM-DD), got {_show(value)}")


@functools.lru_cache(maxsize=100_000)
def _day(text: str) -> dt.date:
    """One date object per day named, however many cells name it."""
    return dt.date.fromisoformat(text)


_DATE_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def no_such_day_reason(text: str) -> str | None:
    """For a date written right but naming no real day ("2023-02-31"), say why."""
    shape = _DATE_SHAPE.fullmatch(text)
    if shape is None:
        return None
    year, month, day = (int(part) for part in shape.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month} ({text}); months run from 01 to 12"
    if year < 1:
        return f"there is no year {year} ({text})"
    last = calendar.monthrange(year, month)[1]
    if day == 0:
        return f"there is no day 0 ({text}); days run from 01"
    if day > last:
        name = calendar.month_name[month]
        if month == 2 and day == 29:
            return f"there is no 29 February in {year} ({text}): it is not a leap year"
        return (f"there is no {day} {name} ({text}); {name} {year} has {last} days")
    return None


def _timestamp(value: object) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip()).replace(tzinfo=None, microsecond=0)
        except ValueError:
            pass
    raise CellError(f"must be a date and time (YYYY-MM-DD HH:MM:SS), got {_show(value)}")


def _integer(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(f"must be a whole number, got {_show(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise CellError(f"must be a whole number, got {_show(value)}")


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(f"must be a number, got {_show(value)}")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            pass
        else:
            if math.isfinite(number):
                return number
    raise CellError(f"must be a number, got {_show(value)}")


def _list(value: object) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    reason = 'must be a JSON list of texts, e.g. ["oppose", "neutral", "support"]'
    if not isinstance(value, str):
        raise CellError(f"{reason}; got {_show(value)}")
    try:
        items = json.loads(value)
    except ValueError:
        raise CellError(f"{reason}; got {_show(value)}") from None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise CellError(f"{reason}; got {_show(value)}")
    return tuple(items)


def _choice(column: Column) -> Converter:
    by_name = {}
    for choice in column.choices:
        by_name[choice.casefold()] = choice
        by_name[choice.replace("_", " ").casefold()] = choice
    default = column.default if isinstance(column.default, str) else ""

    def convert(value: object) -> str:
        if value is None or value == "":
            return default
        text = _text(value)
        # Unknown values pass through; the record's own validation names the choices.
        return by_name.get(text.strip().casefold(), text)

    return convert


def converter_for(column: Column) -> Converter:
    kind = column.kind
    if kind is ColumnKind.CHOICE:
        return _choice(column)
    if kind is ColumnKind.REFERENCE:
        if column.required:
            return _reference
        return lambda value: _reference(value) or None
    simple: dict[ColumnKind, Converter] = {
        ColumnKind.UUID: _uuid,
        ColumnKind.TEXT: _text,
        ColumnKind.OPTIONAL_TEXT: _optional_text,
        ColumnKind.DATE: _date,
        ColumnKind.TIMESTAMP: _timestamp,
        ColumnKind.INTEGER: _integer,
        ColumnKind.NUMBER: _number,
        ColumnKind.LIST: _list,
    }
    return simple[kind]
