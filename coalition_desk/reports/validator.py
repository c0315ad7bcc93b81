"""Reading and checking a whole register workbook before anything is written.

``read_sheet`` turns each row into a record, reporting every cell that cannot be read
and every field the record's own validation refuses. ``check_across`` then applies the
rules that span records: duplicate UUIDs, references to records that exist neither in
the workbook nor in the database, unique codes and names, attendance listed twice,
stances off their issue's scale. Every problem names sheet, row and column.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import problems_of
from coalition_desk.reports.cells import CellError, converter_for
from coalition_desk.reports.problems import Problems
from coalition_desk.reports.register_format import SHEET_BY_ENTITY, SheetFormat
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

    def where(self, row: int, name: str) -> dict[str, object]:
        return {
            "sheet": self.format.title,
            "row": row,
            "column": self.letters.get(name),
            "header": name,
        }


def read_sheet(sheet: object, layout: SheetFormat, problems: Problems, tick: Tick) -> ParsedSheet:
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
    optional = {"created_at", "updated_at"}
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
        bad: set[str] = set()
        for index, name, convert in slots:
            try:
                fields[name] = convert(values[index])
            except CellError as error:
                bad.add(name)
                problems.add(str(error), **parsed.where(number, name))
        if bad:
            parsed.failed_rows += 1
            continue
        record = normalised(record_type(**fields))
        for problem in problems_of(record):
            problems.add(problem.reason, **parsed.where(number, problem.field))
            bad.add(problem.field)
        if bad:
            parsed.failed_rows += 1
        else:
            parsed.rows.append((number, record))
        if held % 1000 == 0:
            tick(1000)
    return parsed


def check_across(
    parsed: dict[str, ParsedSheet], keys: KnownKeys, session: Session, problems: Problems
) -> None:
    in_workbook: dict[str, set[str]] = {}
    for entity, sheet in parsed.items():
        seen: dict[str, int] = {}
        for number, record in sheet.rows:
            if not record.uuid:
                continue
            if record.uuid in seen:
                problems.add(f"the same UUID is on row {seen[record.uuid]} too",
                             **sheet.where(number, "uuid"))
            else:
                seen[record.uuid] = number
        in_workbook[entity] = set(seen)
    if problems:
        # The other rules would only echo a duplicated row; report the duplicates first.
        return
    for sheet in parsed.values():
        _check_references(sheet, in_workbook, keys, problems)
    if "nation" in parsed:
        _check_unique(parsed["nation"], "code", keys.nation_codes, problems)
    if "issue" in parsed:
        _check_unique(parsed["issue"], "name", keys.issue_names, problems)
    if "attendance" in parsed:
        _check_attendance(parsed["attendance"], keys, problems)
    scales = dict(keys.issue_stances)
    for _number, issue in parsed.get("issue", ParsedSheet(SHEET_BY_ENTITY["issue"])).rows:
        if issue.uuid:
            scales[issue.uuid] = issue.stances
    if "position" in parsed:
        for number, position in parsed["position"].rows:
            scale = scales.get(position.issue_uuid)
            if position.stance is not None and scale is not None and position.stance not in scale:
                problems.add(
                    f"{position.stance!r} is not on this issue's scale ({', '.join(scale)})",
                    **parsed["position"].where(number, "stance"),
                )
    if "issue" in parsed:
        _check_shrunk_scales(parsed, keys, session, problems)


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
