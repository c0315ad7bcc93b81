"""Reading and checking a whole register workbook before anything is written.

``read_sheet`` turns each row into a record, reporting every cell that cannot be read
and every field the record's own validation refuses. ``check_across`` then applies the
rules that span records: duplicate UUIDs, references to records that exist neither in
the workbook nor in the database, unique codes and names, attendance listed twice,
stances off their issue's scale. Every problem names sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import capability_problem, problems_of, speaker_problem
from coalition_desk.reports.cells import CellError, converter_for
from coalition_desk.reports.problems import Problems
from coalition_desk.reports.register_format import (
    SHEET_BY_ENTITY,
    Column,
    ColumnKind,
    SheetFormat,
)
from coalition_desk.reports.safety import MAX_COLUMNS, MAX_ROWS_PER_SHEET
from coalition_desk.reports.sheet_reader import present_rows
from coalition_desk.services.bulk import KnownKeys, stances_in_use
from coalition_desk.services.crud import normalised

Tick = Callable[[int], None]


class TooManyRows(ValueError):
    pass


@dataclass
class ParsedSheet:
    format: SheetFormat
    # (row number in the sheet, record); records that failed to read are left out.
    rows: list[tuple[int, rec.Record]] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    failed_rows: int = 0
    # Rows with a cell that could not be read, that cell given a stand-in value, so the
    # rules across records still judge the rest of the row: a bad date must not hide an
    # off-scale stance beside it. Never written.
    unreadable: list[tuple[int, rec.Record]] = field(default_factory=list)
    # (row, field) of every cell already reported as unreadable.
    bad_cells: set[tuple[int, str]] = field(default_factory=set)

    def every_row(self) -> ParsedSheet:
        """The readable and the unreadable rows, in sheet order, for the rules across records."""
        return ParsedSheet(self.format, sorted([*self.rows, *self.unreadable],
                                               key=lambda item: item[0]), self.letters)

    def where(self, row: int, name: str) -> dict[str, object]:
        return {
            "sheet": self.format.title,
            "row": row,
            "column": self.letters.get(name),
            "header": name,
        }


def read_sheet(
    sheet: object, layout: SheetFormat, problems: Problems, tick: Tick,
    reported: set[tuple[int, str]] | frozenset[tuple[int, str]] = frozenset(),
) -> ParsedSheet:
    """The rows of one sheet as records; ``reported`` (row, column letter) cells already
    have a problem (a formula) and are read as unreadable without another."""
    parsed = ParsedSheet(layout)
    # Every row present, whatever the sheet declares its size to be (sheet_reader.py).
    rows = present_rows(sheet)
    first = next(rows, None)
    if first is None:
        problems.add("the sheet is empty: its first row must name the columns", sheet=layout.title)
        return parsed
    number, cells = first
    if number != 1:
        # The rows before it are not there: the header row is empty.
        rows = itertools.chain([first], rows)
        cells = []
    header: list[object] = [None] * min(cells[-1][0] if cells else 0, MAX_COLUMNS + 1)
    for column, value in cells:
        if column <= len(header):
            header[column - 1] = value
    names = [str(value).strip() if value is not None else "" for value in header]
    while names and not names[-1]:
        names.pop()
    expected = set(layout.headers)
    # version and revisions came with format version 2; a format 1 workbook has neither.
    optional = {"created_at", "updated_at", "version", "revisions"}
    for index, name in enumerate(names):
        letter = get_column_letter(index + 1)
        if name in expected and name not in parsed.letters:
            parsed.letters[name] = letter
        elif name in parsed.letters:
            problems.add(f"column {name!r} appears twice", sheet=layout.title, row=1,
                         column=letter)
        else:
            problems.add(
                f"unknown column {name!r}: this sheet's columns are "
                + ", ".join(layout.headers),
                sheet=layout.title, row=1, column=letter,
            )
    missing = [name for name in layout.headers if name not in parsed.letters
               and name not in optional]
    for name in missing:
        problems.add(f"column {name!r} is missing", sheet=layout.title, row=1, header=name)
    if missing or len(names) != len(parsed.letters):
        return parsed
    slots = [
        (names.index(column.field), column.field, converter_for(column))
        for column in layout.columns
        if column.field in parsed.letters
    ]
    record_type = layout.spec.record_type
    width = len(names)
    held = 0
    for number, cells in rows:
        values: list[object] = [None] * width
        beyond = False
        for column, value in cells:
            if column <= width:
                values[column - 1] = value
            elif value is not None and value != "":
                beyond = True
        if not beyond and not any(value is not None and value != "" for value in values):
            continue
        held += 1
        if held > MAX_ROWS_PER_SHEET:
            raise TooManyRows(
                f"sheet {layout.title!r} has more than {MAX_ROWS_PER_SHEET:,} rows; refused."
            )
        if beyond:
            problems.add("holds values to the right of the last column",
                         sheet=layout.title, row=number)
        fields: dict[str, object] = {}
        unread: set[str] = set()
        for index, name, convert in slots:
            if reported and (number, parsed.letters[name]) in reported:
                unread.add(name)
                fields[name] = _stand_in(layout.column(name))
                continue
            try:
                fields[name] = convert(values[index])
            except CellError as error:
                unread.add(name)
                fields[name] = _stand_in(layout.column(name))
                problems.add(str(error), **parsed.where(number, name))
        record = normalised(record_type(**fields))
        bad = set(unread)
        for problem in problems_of(record):
            if problem.field not in unread:
                problems.add(problem.reason, **parsed.where(number, problem.field))
                bad.add(problem.field)
        if unread:
            parsed.unreadable.append((number, record))
            parsed.bad_cells.update((number, name) for name in unread)
        if bad:
            parsed.failed_rows += 1
        else:
            parsed.rows.append((number, record))
        if held % 1000 == 0:
            tick(1000)
    return parsed


_STAND_INS: dict[ColumnKind, object] = {
    ColumnKind.DATE: dt.date.min,
    ColumnKind.TEXT: "?",
    ColumnKind.INTEGER: 0,
    ColumnKind.NUMBER: 0.0,
    ColumnKind.UUID: "",
    ColumnKind.REFERENCE: "",
    ColumnKind.LIST: ("?", "??"),
}


def _stand_in(column: Column) -> object:
    """A value the record accepts in place of a cell that could not be read."""
    if not column.required:
        return None if column.kind is ColumnKind.REFERENCE else column.default
    return _STAND_INS.get(column.kind)


class _Unrepeated:
    """Problems, less those about a cell already reported as unreadable."""

    def __init__(self, problems: Problems, parsed: dict[str, ParsedSheet]) -> None:
        self.problems = problems
        self.bad = {(sheet.format.title, number, name)
                    for sheet in parsed.values() for number, name in sheet.bad_cells}

    def add(self, reason: str, **where: object) -> None:
        if (where.get("sheet"), where.get("row"), where.get("header")) not in self.bad:
            self.problems.add(reason, **where)  # type: ignore[arg-type]


def check_across(
    parsed: dict[str, ParsedSheet], keys: KnownKeys, session: Session, problems: Problems
) -> None:
    """The rules across records, over every row read, unreadable cells aside."""
    filtered = _Unrepeated(problems, parsed)
    every = {entity: sheet.every_row() for entity, sheet in parsed.items()}
    _check_across(every, keys, session, filtered, parsed)  # type: ignore[arg-type]


def _check_across(
    parsed: dict[str, ParsedSheet], keys: KnownKeys, session: Session, problems: Problems,
    as_read: dict[str, ParsedSheet],
) -> None:
    in_workbook: dict[str, set[str]] = {}
    for entity, sheet in list(parsed.items()):
        seen: dict[str, int] = {}
        repeated: set[int] = set()
        for number, record in sheet.rows:
            if not record.uuid:
                continue
            if record.uuid in seen:
                problems.add(f"the same UUID is on row {seen[record.uuid]} too",
                             **sheet.where(number, "uuid"))
                repeated.add(number)
            else:
                seen[record.uuid] = number
        in_workbook[entity] = set(seen)
        if repeated:
            # The other rules would only echo a repeated row: they judge the first alone.
            parsed[entity] = ParsedSheet(
                sheet.format, [(n, r) for n, r in sheet.rows if n not in repeated],
                sheet.letters)
    for sheet in parsed.values():
        _check_references(sheet, in_workbook, keys, problems)
    if "nation" in parsed:
        _check_unique(parsed["nation"], "code", keys.nation_codes, problems)
    if "issue" in parsed:
        _check_unique(parsed["issue"], "name", keys.issue_names, problems)
    if "attendance" in parsed:
        _check_attendance(parsed["attendance"], keys, problems)
    scales = dict(keys.issue_stances)
    issues = parsed.get("issue", ParsedSheet(SHEET_BY_ENTITY["issue"]))
    unread_scales = as_read["issue"].bad_cells if "issue" in as_read else set()
    for number, issue in issues.rows:
        if issue.uuid and (number, "stances") not in unread_scales:
            scales[issue.uuid] = issue.stances
    if "position" in parsed:
        for number, position in parsed["position"].rows:
            scale = scales.get(position.issue_uuid)
            if position.stance is not None and scale is not None and position.stance not in scale:
                problems.add(
                    f"{position.stance!r} is not on this issue's scale ({', '.join(scale)})",
                    **parsed["position"].where(number, "stance"),
                )
    if "position" in parsed:
        _check_speakers(parsed, keys, problems)
    for entity in ("pledge", "requirement"):
        for number, record in parsed[entity].rows if entity in parsed else ():
            problem = capability_problem(record.capability, keys.capabilities)  # type: ignore[union-attr]
            if problem is not None:
                problems.add(problem.reason, **parsed[entity].where(number, problem.field))
    if "issue" in parsed:
        _check_shrunk_scales(parsed, keys, session, problems)


def _check_speakers(parsed: dict[str, ParsedSheet], keys: KnownKeys, problems: Problems) -> None:
    nation_of = dict(keys.person_nations)
    for _number, person in parsed.get("person", ParsedSheet(SHEET_BY_ENTITY["person"])).rows:
        if person.uuid:
            nation_of[person.uuid] = person.nation_uuid  # type: ignore[attr-defined]
    nation_rows = parsed.get("nation", ParsedSheet(SHEET_BY_ENTITY["nation"])).rows
    nations = set(keys.uuids.get("nation", ())) | {nation.uuid for _n, nation in nation_rows}
    for number, position in parsed["position"].rows:
        speaker = position.speaker_uuid  # type: ignore[union-attr]
        # An unknown nation is reported already; its speaker cannot be judged against it.
        if speaker is None or position.nation_uuid not in nations:  # type: ignore[union-attr]
            continue
        problem = speaker_problem(position, nation_of.get(speaker))  # type: ignore[arg-type]
        if problem is not None:
            problems.add(problem.reason, **parsed["position"].where(number, problem.field))


def _check_references(
    sheet: ParsedSheet, in_workbook: dict[str, set[str]], keys: KnownKeys, problems: Problems
) -> None:
    references = sheet.format.spec.references
    for number, record in sheet.rows:
        for ref in references:
            value = getattr(record, ref.field)
            if not value:
                continue
            if value in in_workbook.get(ref.target_entity, ()) or value in keys.uuids.get(
                ref.target_entity, ()
            ):
                continue
            target = SHEET_BY_ENTITY[ref.target_entity].title
            problems.add(
                f"no {ref.target_entity} with UUID {value} on sheet {target!r} "
                "or in the database",
                **sheet.where(number, ref.field),
            )


def _check_unique(
    sheet: ParsedSheet, name: str, stored: dict[str, str], problems: Problems
) -> None:
    # The register after the import: stored values, overridden by the workbook's rows.
    owner_of = {uuid: key for key, uuid in stored.items()}
    rows_of: dict[str, int] = {}
    for number, record in sheet.rows:
        if record.uuid:
            owner_of[record.uuid] = str(getattr(record, name)).casefold()
            rows_of[record.uuid] = number
    holders: dict[str, list[str]] = defaultdict(list)
    for uuid, key in owner_of.items():
        holders[key].append(uuid)
    new_keys: dict[str, int] = {}
    for number, record in sheet.rows:
        key = str(getattr(record, name)).casefold()
        others = [uuid for uuid in holders.get(key, ()) if uuid != record.uuid]
        if not record.uuid and key in new_keys:
            others.append("")
        if not record.uuid:
            new_keys.setdefault(key, number)
        if others:
            where = (
                f"row {rows_of[others[0]]}" if others[0] in rows_of else
                f"row {new_keys[key]}" if not others[0] else "the database"
            )
            problems.add(
                f"another {sheet.format.entity} already has {getattr(record, name)!r} ({where})",
                **sheet.where(number, name),
            )


def _check_attendance(sheet: ParsedSheet, keys: KnownKeys, problems: Problems) -> None:
    owner_of = {uuid: pair for pair, uuid in keys.attendance_pairs.items()}
    for _number, record in sheet.rows:
        if record.uuid:
            owner_of[record.uuid] = (record.meeting_uuid, record.nation_uuid)
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    for uuid, pair in owner_of.items():
        holders[pair].add(uuid)
    seen_new: set[tuple[str, str]] = set()
    for number, record in sheet.rows:
        pair = (record.meeting_uuid, record.nation_uuid)
        others = holders.get(pair, set()) - {record.uuid}
        if others or (not record.uuid and pair in seen_new):
            problems.add("this nation is already listed as attending this meeting",
                         **sheet.where(number, "nation_uuid"))
        if not record.uuid:
            seen_new.add(pair)


def _check_shrunk_scales(
    parsed: dict[str, ParsedSheet], keys: KnownKeys, session: Session, problems: Problems
) -> None:
    incoming = {
        position.uuid: position.stance
        for _n, position in parsed.get("position", ParsedSheet(SHEET_BY_ENTITY["position"])).rows
        if position.uuid
    }
    for number, issue in parsed["issue"].rows:
        stored = keys.issue_stances.get(issue.uuid)
        if stored is None or set(stored) <= set(issue.stances):
            continue
        left_out = sorted(
            {
                stance
                for uuid, stance in stances_in_use(session, issue.uuid)
                if uuid not in incoming and stance not in issue.stances
            }
        )
        if left_out:
            problems.add(
                f"recorded positions still use {', '.join(left_out)}; keep those stances "
                "or change the positions too",
                **parsed["issue"].where(number, "stances"),
            )
