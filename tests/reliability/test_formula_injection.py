"""Whatever an officer (or another nation's workbook) typed, our workbooks hold it as text.

A cell that starts with = + - @ tab or CR is a formula to a spreadsheet program unless
written as a string; a formula such as =HYPERLINK or a DDE call runs when a colleague
opens the meeting pack. Each workbook we write is checked in its XML (no formula
element, every hostile text a string cell) and once through LibreOffice itself.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.reports import sheet_rows
from coalition_desk.reports.export import export_register
from coalition_desk.reports.pack import write_meeting_pack
from coalition_desk.reports.safety import decode_text
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.services.meetings import find_meeting

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "=1+1",
    "\t=1+2",
    "\r=1+4",
    '=WEBSERVICE("http://x")',
    "@",
    "=",
)

_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_CELL = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_TEXT = re.compile(rb"<t\b[^>]*>(.*?)</t>", re.S)


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    text = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), text)
    return decode_text(text.replace("&amp;", "&"))


def workbook_texts(path: Path) -> set[str]:
    """Every text cell of every sheet; fails on any formula element or formula cell."""
    texts: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            data = archive.read("xl/sharedStrings.xml")
            for item in re.findall(rb"<si>(.*?)</si>", data, re.S):
                shared.append("".join(_unescape(t) for t in _TEXT.findall(item)))
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            data = archive.read(name)
            assert not _FORMULA.search(data), f"{path.name}:{name} holds a formula"
            for attributes, body in _CELL.findall(data):
                kind = re.search(rb'\bt="(\w+)"', attributes)
                kind_name = kind.group(1).decode() if kind else "n"
                assert kind_name != "str", f"{name}: a formula-result cell"
                if kind_name == "s":
                    index = int(re.search(rb"<v>(\d+)</v>", body).group(1))
                    texts.add(shared[index])
                elif kind_name == "inlineStr":
                    texts.add("".join(_unescape(t) for t in _TEXT.findall(body)))
    return texts


@pytest.fixture
def hostile_register(demo_db):
    """The demo with hostile text in every kind of text field the workbooks show."""
    writer = Writer(demo_db, origin="test")
    meeting = find_meeting(demo_db, "2025-04-10")
    full = records.get(demo_db, rec.Meeting, meeting.uuid)
    writer.update(
        dataclasses.replace(
            full, summary=HOSTILE[0], objectives=HOSTILE[1], points_to_make=HOSTILE[2]
        )
    )
    for index, nation in enumerate(records.list_all(demo_db, rec.Nation)):
        writer.update(
            dataclasses.replace(nation, notes=HOSTILE[index % len(HOSTILE)], constraints=HOSTILE[3])
        )
    for index, position in enumerate(records.list_all(demo_db, rec.Position)):
        writer.update(
            dataclasses.replace(
                position,
                quote=HOSTILE[index % len(HOSTILE)],
                source=HOSTILE[(index + 1) % len(HOSTILE)],
            )
        )
    for index, question in enumerate(records.list_all(demo_db, rec.Question)):
        writer.update(dataclasses.replace(question, text=HOSTILE[index % len(HOSTILE)]))
    for attendance in records.list_all(demo_db, rec.Attendance):
        writer.update(dataclasses.replace(attendance, head_of_delegation=HOSTILE[4]))
    for pledge in records.list_all(demo_db, rec.Pledge):
        writer.update(dataclasses.replace(pledge, caveats=HOSTILE[5]))
    return demo_db, meeting.uuid


def test_the_register_export_holds_every_hostile_text_as_text(hostile_register, tmp_path):
    database, _meeting = hostile_register
    path = tmp_path / "register.xlsx"
    export_register(database, path)
    texts = workbook_texts(path)
    missing = [t for t in HOSTILE if t not in texts]
    assert missing == []


def test_the_meeting_pack_holds_hostile_text_as_text(hostile_register, tmp_path):
    database, meeting = hostile_register
    path = tmp_path / "pack.xlsx"
    write_meeting_pack(database, meeting, path)
    texts = workbook_texts(path)
    shown = " ".join(texts)
    # The pack shows a choice of fields; those it shows must come out verbatim.
    for text in (HOSTILE[0], HOSTILE[1], HOSTILE[2]):
        assert text in shown


@pytest.mark.slow
def test_libreoffice_shows_the_text_and_computes_nothing(hostile_register, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.fail("LibreOffice is part of the test environment (.ci/setup installs it)")
    database, _meeting = hostile_register
    path = tmp_path / "register.xlsx"
    export_register(database, path)
    out = tmp_path / "csv"
    # -1: one CSV per sheet; formulas would be exported as their computed values.
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    cells: set[str] = set()
    for sheet in out.glob("*.csv"):
        with sheet.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                cells.update(row)
    assert cells, "LibreOffice wrote no sheets"
    for text in HOSTILE:
        assert text.replace("\r", "\n") in cells or text in cells, f"{text!r} not shown as text"
    assert "y" not in cells  # =HYPERLINK("http://x","y") was not evaluated


# Texts that openpyxl takes for Excel's error values and, given as a plain value, writes
# as an error cell (t="e"): an officer typing "#N/A" for "not available" must see text.
ERROR_TEXTS = ("#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!")
_ERROR_CELL = re.compile(rb'<c\b[^>]*\bt="e"')


@pytest.fixture
def register_typed_with_error_texts(demo_db):
    writer = Writer(demo_db, origin="test")
    meeting = find_meeting(demo_db, "2025-04-10")
    full = records.get(demo_db, rec.Meeting, meeting.uuid)
    writer.update(dataclasses.replace(
        full, summary=ERROR_TEXTS[0], objectives=ERROR_TEXTS[1], points_to_make=ERROR_TEXTS[2]
    ))
    for index, nation in enumerate(records.list_all(demo_db, rec.Nation)):
        writer.update(dataclasses.replace(nation, notes=ERROR_TEXTS[index % len(ERROR_TEXTS)]))
    for index, position in enumerate(records.list_all(demo_db, rec.Position)):
        text = ERROR_TEXTS[index % len(ERROR_TEXTS)]
        writer.update(dataclasses.replace(position, quote=text, source=text))
    for question in records.list_all(demo_db, rec.Question):
        writer.update(dataclasses.replace(question, text=ERROR_TEXTS[0]))
    return demo_db, meeting.uuid


def _error_cells(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return [
            name for name in archive.namelist()
            if name.startswith("xl/worksheets/") and _ERROR_CELL.search(archive.read(name))
        ]


def test_error_value_texts_are_written_as_text_in_the_pack(register_typed_with_error_texts,
                                                           tmp_path):
    # Issue 14, finding 16: "#N/A" typed as text became an error cell in the pack.
    database, meeting = register_typed_with_error_texts
    path = tmp_path / "pack.xlsx"
    write_meeting_pack(database, meeting, path)
    assert _error_cells(path) == []
    texts = workbook_texts(path)
    for text in ERROR_TEXTS[:3]:
        assert text in texts


@pytest.mark.parametrize("rows", ["as ready-made XML", "through openpyxl's cells"])
def test_error_value_texts_are_written_as_text_in_the_export(register_typed_with_error_texts,
                                                             tmp_path, monkeypatch, rows):
    # openpyxl's cells write every row when it streams through lxml (sheet_rows.py).
    if rows != "as ready-made XML":
        monkeypatch.setattr(sheet_rows, "raw_xml_supported", lambda: False)
    database, _meeting = register_typed_with_error_texts
    path = tmp_path / "register.xlsx"
    export_register(database, path)
    assert _error_cells(path) == []
    assert set(ERROR_TEXTS) <= workbook_texts(path)
