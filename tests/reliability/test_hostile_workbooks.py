"""Workbooks from other staffs may be broken or built to harm: each is refused clearly.

Every case: exit code 2, a message on stderr that says what is wrong, the register's
bytes unchanged, and the command's peak memory within a generous bound.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from coalition_desk.reports.importer import import_register
from coalition_desk.store.check import check_database
from coalition_desk.store.engine import open_database
from tests.reliability.crash_harness import record_figure
from tests.reliability.helpers import fingerprint, run_cli_measuring_memory

PEAK_MEMORY_BOUND_MB = 600
FUZZ_ENV = "COALITION_DESK_FUZZ_EXAMPLES"


def edited(source: Path, target: Path, change: Callable) -> Path:
    workbook = load_workbook(source)
    change(workbook)
    workbook.save(target)
    return target


def rewrite_part(source: Path, target: Path, part: str, content: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = content if item.filename == part else old.read(item.filename)
            new.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def sheet_part(source: Path, title: str) -> str:
    workbook = load_workbook(source, read_only=True)
    try:
        index = workbook.sheetnames.index(title) + 1
    finally:
        workbook.close()
    return f"xl/worksheets/sheet{index}.xml"


def with_cell(sheet: str, column: str, value: object, row: int = 2) -> Callable:
    def change(workbook) -> None:
        ws = workbook[sheet]
        headers = [c.value for c in ws[1]]
        # cell(value=None) leaves the cell as it was: assign, so a blank really blanks.
        ws.cell(row=row, column=headers.index(column) + 1).value = value

    return change


def billion_laughs(source: Path, target: Path) -> Path:
    part = sheet_part(source, "Nations")
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part).decode()
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    head, body = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
    doctype = f"<!DOCTYPE worksheet [{entities}]>"
    attacked = (head + "?>" if head else "") + doctype + body.replace("<v>", "<v>&lol9;", 1)
    return rewrite_part(source, target, part, attacked.encode())


def external_entity(source: Path, target: Path) -> Path:
    part = sheet_part(source, "Nations")
    with zipfile.ZipFile(source) as archive:
        xml = archive.read(part).decode()
    doctype = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    head, body = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
    attacked = (head + "?>" if head else "") + doctype + body.replace("<t>", "<t>&secret;", 1)
    return rewrite_part(source, target, part, attacked.encode())


def zip_bomb(source: Path, target: Path) -> Path:
    """A sheet that inflates from well under a megabyte to 512 MB."""
    part = sheet_part(source, "Nations")
    with (
        zipfile.ZipFile(source) as old,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as new,
    ):
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item.filename, old.read(item.filename))
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w", force_zip64=True) as stream:
            stream.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = b" " * (1 << 20)
            for _ in range(512):
                stream.write(block)
            stream.write(b"</sheetData></worksheet>")
    return target


def drop_sheet(title: str) -> Callable:
    def change(workbook) -> None:
        del workbook[title]

    return change


def drop_column(sheet: str, column: str) -> Callable:
    def change(workbook) -> None:
        ws = workbook[sheet]
        headers = [c.value for c in ws[1]]
        ws.delete_cols(headers.index(column) + 1)

    return change


def new_nation_without_a_name(workbook) -> None:
    ws = workbook["Nations"]
    headers = [c.value for c in ws[1]]
    row = ws.max_row + 1
    ws.cell(row=row, column=headers.index("uuid") + 1, value=str(uuid.uuid4()))
    ws.cell(row=row, column=headers.index("code") + 1, value="XYZ")


def duplicate_uuid(workbook) -> None:
    ws = workbook["Nations"]
    ws.cell(row=3, column=1, value=ws.cell(row=2, column=1).value)


CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "renamed text file": (
        lambda s, t: (t.write_text("minutes of the meeting, not a workbook"), t)[1],
        "",
    ),
    "renamed database": (
        lambda s, t: (t.write_bytes(b"SQLite format 3\x00" + b"\0" * 4096), t)[1],
        "",
    ),
    "billion laughs": (billion_laughs, ""),
    "external entity": (external_entity, ""),
    "zip bomb": (zip_bomb, ""),
    "formula": (lambda s, t: edited(s, t, with_cell("Nations", "notes", "=1+1")), "Nations"),
    "hyperlink formula": (
        lambda s, t: edited(s, t, with_cell("Positions", "quote", '=HYPERLINK("http://x","y")')),
        "Positions",
    ),
    "wrong date": (
        lambda s, t: edited(s, t, with_cell("Meetings", "date", "the tenth of April")),
        "Meetings",
    ),
    "wrong number": (
        lambda s, t: edited(s, t, with_cell("Positions", "salience", "very")),
        "Positions",
    ),
    "missing sheet": (lambda s, t: edited(s, t, drop_sheet("Nations")), "Nations"),
    "missing column": (
        lambda s, t: edited(s, t, drop_column("Positions", "nation_uuid")),
        "Positions",
    ),
    "duplicate uuid": (lambda s, t: edited(s, t, duplicate_uuid), "Nations"),
    "dangling reference": (
        lambda s, t: edited(s, t, with_cell("Positions", "nation_uuid", str(uuid.uuid4()))),
        "Positions",
    ),
    "new record missing a required field": (
        lambda s, t: edited(s, t, new_nation_without_a_name),
        "Nations",
    ),
    "blanked required field": (
        lambda s, t: edited(s, t, with_cell("Nations", "name", None)),
        "Nations",
    ),
    "huge text": (
        lambda s, t: edited(s, t, with_cell("Nations", "notes", "x" * 32_767 + "y" * 10)),
        "",
    ),
}


# Cases the importer is known to accept although it should not (none at present).
KNOWN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, marks=pytest.mark.xfail(reason=KNOWN_GAPS[case], strict=True))
        if case in KNOWN_GAPS
        else case
        for case in CASES
    ],
)
def test_a_hostile_workbook_is_refused_and_changes_nothing(sound, tmp_path, case) -> None:
    base_db, workbook = sound
    register = tmp_path / "register.sqlite3"
    shutil.copyfile(base_db, register)
    make, names = CASES[case]
    try:
        hostile = make(workbook, tmp_path / "hostile.xlsx")
    except ValueError as error:  # openpyxl itself refuses to write it: nothing to import
        pytest.fail(f"could not build the {case} workbook: {error}")
    before = fingerprint(register)
    result, peak_mb = run_cli_measuring_memory(
        "--db", str(register), "import", str(hostile), timeout=300
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip(), "a refusal must say why"
    assert names in result.stderr
    assert "/etc/passwd" not in result.stdout + result.stderr or case == "external entity"
    assert "root:" not in result.stdout + result.stderr
    assert fingerprint(register) == before
    assert peak_mb < PEAK_MEMORY_BOUND_MB


def fuzz_examples() -> int:
    value = int(os.environ.get(FUZZ_ENV, "40"))
    if value < 1:
        raise ValueError(f"{FUZZ_ENV} must be at least 1")
    return value


_SHEETS = ("Nations", "People", "Meetings", "Attendance", "Issues", "Positions", "Questions")
_VALUES = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.sampled_from(["=1+1", "+cmd|' /C calc'!A0", "@SUM(1)", "-1", "\t=2", "\u202e", "🇺🇦"]),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.uuids().map(str),
)
_TALLY = {"examples": 0, "refused": 0, "accepted": 0}


@settings(
    max_examples=fuzz_examples(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(_SHEETS), st.integers(2, 6), st.integers(1, 12), _VALUES),
        min_size=1,
        max_size=4,
    )
)
def test_any_mutated_workbook_is_all_or_nothing(sound, changes) -> None:
    base_db, workbook_path = sound
    with tempfile.TemporaryDirectory() as folder:
        register = Path(folder) / "register.sqlite3"
        shutil.copyfile(base_db, register)
        workbook = load_workbook(workbook_path)
        for sheet, row, column, value in changes:
            cell = workbook[sheet].cell(row=row, column=column)
            before = cell.value
            try:
                cell.value = value
            except (ValueError, IllegalCharacterError):  # openpyxl will not write it
                # ...but has already typed the cell "s": an old number would then fail
                # the save itself. Put the old value back, type and all.
                cell.value = before
                continue
        mutated = Path(folder) / "mutated.xlsx"
        workbook.save(mutated)
        before = fingerprint(register)
        database = open_database(register, create=False)
        try:
            report = import_register(database, mutated, origin="fuzz")
            findings = check_database(database)
        finally:
            database.dispose()
        _TALLY["examples"] += 1
        assert findings == []
        if report.ok:
            _TALLY["accepted"] += 1
        else:
            _TALLY["refused"] += 1
            assert fingerprint(register) == before
            for problem in report.problem_lines():
                assert any(sheet in problem for sheet in (*_SHEETS, "workbook", "About")), problem
    if _TALLY["examples"] == fuzz_examples():
        record_figure(f"mutated workbooks: {_TALLY}")
