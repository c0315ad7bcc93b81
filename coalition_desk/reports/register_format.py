"""The register workbook format: which sheets, which columns, what each cell may hold.

Derived from the record types in ``services.entities.SPECS`` so that a new field in the
data model becomes a new column without anyone editing a list here. Documented for
users in ``resources/help/register-format.html`` and inside every export on the
"About this format" sheet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from dataclasses import dataclass
from enum import StrEnum

from coalition_desk.domain import enums
from coalition_desk.domain import records as rec
from coalition_desk.services.entities import SPECS, EntitySpec

FORMAT_NAME = "Coalition Desk register"
# Raise when a column's meaning changes; an importer refuses versions newer than its own.
FORMAT_VERSION = 2  # 2: version and revisions columns, Deleted and Redirects sheets
ABOUT_SHEET = "About this format"
AUDIT_SHEET = "Audit"
# Format 2: deletions and combined duplicates travel with the workbook (docs/merge.md).
DELETED_SHEET = "Deleted"
DELETED_HEADERS = ("uuid", "entity", "deleted_at", "register_id", "revisions")
REDIRECTS_SHEET = "Redirects"
REDIRECTS_HEADERS = ("old_uuid", "new_uuid", "entity")
# db_user: the database role that wrote, on a server (migration 0008); empty on a file.
AUDIT_HEADERS = (
    "at", "os_user", "db_user", "action", "entity", "record_uuid", "origin", "before", "after",
)  # fmt: skip


class ColumnKind(StrEnum):
    TEXT = "text"
    OPTIONAL_TEXT = "optional text"
    CHOICE = "choice"
    REFERENCE = "UUID of a"
    DATE = "date"
    INTEGER = "whole number"
    NUMBER = "number"
    LIST = "list"
    TIMESTAMP = "timestamp"
    UUID = "UUID"


# Which vocabulary each closed field draws from. A choice field missing here is caught
# by test_reports_format (every str field whose validation names allowed values).
CHOICES: dict[tuple[str, str], type[enums.LabelledEnum]] = {
    ("nation", "kind"): enums.NationKind,
    ("nation", "role"): enums.CoalitionRole,
    ("meeting", "date_precision"): enums.DatePrecision,
    ("meeting", "format"): enums.MeetingFormat,
    ("attendance", "level"): enums.AttendanceLevel,
    ("issue", "kind"): enums.IssueKind,
    ("position", "confidence"): enums.Confidence,
    ("position", "speaker_capacity"): enums.SpeakerCapacity,
    ("pledge", "capability"): enums.Capability,
    ("pledge", "status"): enums.PledgeStatus,
    ("question", "status"): enums.QuestionStatus,
    ("requirement", "capability"): enums.Capability,
}

_WIDTHS = {
    ColumnKind.UUID: 38,
    ColumnKind.REFERENCE: 38,
    ColumnKind.DATE: 12,
    ColumnKind.TIMESTAMP: 20,
    ColumnKind.INTEGER: 10,
    ColumnKind.NUMBER: 10,
    ColumnKind.CHOICE: 16,
    ColumnKind.LIST: 40,
}
_LONG_TEXT = {"notes", "constraints", "summary", "objectives", "points_to_make", "quote",
              "text", "answer", "description", "caveats", "source", "headcount_note"}


@dataclass(frozen=True)
class Column:
    field: str
    kind: ColumnKind
    # The record cannot be built without it (no default in the record type).
    required: bool
    default: object = None
    choices: tuple[str, ...] = ()
    target: str | None = None

    @property
    def width(self) -> int:
        if self.kind in _WIDTHS:
            return _WIDTHS[self.kind]
        return 60 if self.field in _LONG_TEXT else 24

    @property
    def description(self) -> str:
        if self.kind is ColumnKind.REFERENCE:
            return f"UUID of a {self.target} (on its sheet or already in the database)"
        if self.kind is ColumnKind.CHOICE and self.field == "capability":
            return ("one of the register's capabilities (its Settings; unless changed: "
                    + ", ".join(self.choices) + ")")
        if self.kind is ColumnKind.CHOICE:
            return "one of: " + ", ".join(self.choices)
        if self.kind is ColumnKind.LIST:
            return 'a JSON list of texts, e.g. ["oppose", "neutral", "support"]'
        if self.kind is ColumnKind.DATE:
            return "a date (YYYY-MM-DD or a spreadsheet date)"
        if self.kind is ColumnKind.UUID:
            return "the record's identity; leave blank for a new record"
        if self.field == "version":
            return "set by Coalition Desk: how many times the record was written"
        if self.field == "revisions":
            return "set by Coalition Desk: the record's past states, for merges"
        if self.kind is ColumnKind.TIMESTAMP:
            return "set by Coalition Desk (UTC); blank for a new record"
        return str(self.kind)


@dataclass(frozen=True)
class SheetFormat:
    spec: EntitySpec
    title: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(column.field for column in self.columns)

    @property
    def entity(self) -> str:
        return self.spec.name

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.field == name)


def _kind_of(spec: EntitySpec, name: str, hint: object) -> ColumnKind:
    if name == "uuid":
        return ColumnKind.UUID
    if name in spec.reference_by_field:
        return ColumnKind.REFERENCE
    if (spec.name, name) in CHOICES:
        return ColumnKind.CHOICE
    if typing.get_origin(hint) is tuple:
        return ColumnKind.LIST
    args = set(typing.get_args(hint)) or {hint}
    optional = type(None) in args
    args.discard(type(None))
    (base,) = args
    kinds = {
        dt.datetime: ColumnKind.TIMESTAMP,
        dt.date: ColumnKind.DATE,
        int: ColumnKind.INTEGER,
        float: ColumnKind.NUMBER,
        str: ColumnKind.OPTIONAL_TEXT if optional else ColumnKind.TEXT,
    }
    return kinds[base]


def _sheet_for(spec: EntitySpec) -> SheetFormat:
    hints = typing.get_type_hints(spec.record_type)
    fields = {f.name: f for f in dataclasses.fields(spec.record_type)}
    order = ["uuid", *rec.editable_field_names(spec.record_type), "created_at", "updated_at",
             "version", "revisions"]
    columns = []
    for name in order:
        f = fields[name]
        has_default = f.default is not dataclasses.MISSING
        columns.append(
            Column(
                field=name,
                kind=_kind_of(spec, name, hints[name]),
                required=not has_default,
                default=f.default if has_default else None,
                choices=CHOICES[(spec.name, name)].values() if (spec.name, name) in CHOICES else (),
                target=spec.reference_by_field[name].target_entity
                if name in spec.reference_by_field
                else None,
            )
        )
    return SheetFormat(spec, spec.plural.capitalize(), tuple(columns))


SHEETS: tuple[SheetFormat, ...] = tuple(_sheet_for(spec) for spec in SPECS)
SHEET_BY_TITLE: dict[str, SheetFormat] = {sheet.title: sheet for sheet in SHEETS}
SHEET_BY_ENTITY: dict[str, SheetFormat] = {sheet.entity: sheet for sheet in SHEETS}


def about_rows(
    exported_at: dt.datetime, source: str, marking: str, register_id: str = ""
) -> list[tuple]:
    """The "About this format" sheet: key/value lines, then every column described."""
    rows: list[tuple] = [
        ("format", FORMAT_NAME),
        ("format_version", FORMAT_VERSION),
        ("exported_at", exported_at.isoformat(sep=" ", timespec="seconds")),
        ("source", source),
        ("register_id", register_id),
        ("protective_marking", marking),
        (),
        ("How to use",
         "One sheet per kind of record, one row per record. Keep the uuid column: a row "
         "whose uuid is already in the database updates that record unless the database "
         "changed it too (a conflict, listed and not decided); a blank or new uuid adds one. "
         "Rows missing from the workbook are never deleted; the Deleted sheet's are. "
         "Cells are read as values only: a formula is refused. The Audit sheet is for "
         "reading, not imported."),
        (),
        ("sheet", "column", "required", "holds"),
    ]
    for sheet in SHEETS:
        for column in sheet.columns:
            rows.append(
                (sheet.title, column.field, "yes" if column.required else "", column.description)
            )
    return rows
