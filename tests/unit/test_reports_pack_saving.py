"""The pack saved the quick way (reports/pack/saving.py) is the workbook openpyxl writes.

Two packs of the same meeting are built; one is saved by openpyxl's own ``Workbook.save``
and one by ``save_pack``. Every part of the two files must be the same bytes (the
"modified" time aside): the same cells, styles, comments, merges, widths, heights,
frozen panes, print setup. The registers hold the text that needs care in XML — ``&``,
``<``, ``"``, blanks at either end, line breaks, formula-like and control characters.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports.pack import build_meeting_pack, write_meeting_pack
from coalition_desk.reports.pack.saving import save_pack
from coalition_desk.services import meetings, records
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import Database, open_database
from tests.benchmarks import synth
from tests.unit.test_control_characters import BRUSSELS_DATE, poison

AWKWARD = (
    '=HYPERLINK("http://x","y")',
    "@SUM(1)",
    "\t=1+2",
    "Fish & chips <b>bold</b> \"quoted\" 'single'",
    "  leading and trailing blanks  ",
    "first line\nsecond line",
    "-2+3",
    "]]> end of a section",
)

_STAMPS = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = _STAMPS.sub(b"", parts["docProps/core.xml"])
    return parts



# Both ways of a pack are written at one production time: the cover's "Produced" minute
# would otherwise differ when the two builds straddle a minute (a flaky failure).
TODAY = dt.date(2026, 1, 1)
PRODUCED_AT = dt.datetime(2026, 1, 1, 9, 30)


def _pack(database: Database, meeting_uuid: str) -> Workbook:
    return build_meeting_pack(database, meeting_uuid, today=TODAY, produced_at=PRODUCED_AT)


def _both_ways(database: Database, meeting_uuid: str, folder: Path) -> tuple[Path, Path]:
    openpyxls = folder / "openpyxl.xlsx"
    _pack(database, meeting_uuid).save(openpyxls)
    ours = folder / "ours.xlsx"
    save_pack(_pack(database, meeting_uuid), ours)
    return openpyxls, ours


def _assert_same_parts(openpyxls: Path, ours: Path) -> None:
    expected, written = _parts(openpyxls), _parts(ours)
    assert list(written) == list(expected)
    for name, data in expected.items():
        assert written[name] == data, name


@pytest.fixture
def awkward_register(demo_db: Database) -> tuple[Database, str]:
    writer = Writer(demo_db, origin="test")
    meeting = meetings.find_meeting(demo_db, BRUSSELS_DATE)
    full = records.get(demo_db, rec.Meeting, meeting.uuid)
    writer.update(dataclasses.replace(full, summary=AWKWARD[3], objectives=AWKWARD[4],
                                      points_to_make=AWKWARD[5]))
    for index, nation in enumerate(records.list_all(demo_db, rec.Nation)):
        writer.update(dataclasses.replace(nation, notes=AWKWARD[index % len(AWKWARD)]))
    for index, position in enumerate(records.list_all(demo_db, rec.Position)):
        writer.update(dataclasses.replace(position, quote=AWKWARD[index % len(AWKWARD)],
                                          source=AWKWARD[(index + 3) % len(AWKWARD)]))
    for index, question in enumerate(records.list_all(demo_db, rec.Question)):
        writer.update(dataclasses.replace(question, text=AWKWARD[index % len(AWKWARD)]))
    poison(demo_db)
    return demo_db, meeting.uuid


def test_the_demo_pack_is_the_workbook_openpyxl_writes(awkward_register, tmp_path) -> None:
    database, meeting_uuid = awkward_register
    openpyxls, ours = _both_ways(database, meeting_uuid, tmp_path)
    _assert_same_parts(openpyxls, ours)
    texts = {cell.value for sheet in load_workbook(ours).worksheets
             for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    shown = " ".join(texts)
    assert AWKWARD[3] in shown and AWKWARD[4] in texts  # the pack shows these verbatim


def test_the_cover_gives_the_production_time_asked_for(demo_db) -> None:
    meeting = meetings.find_meeting(demo_db, BRUSSELS_DATE)
    cover = _pack(demo_db, meeting.uuid).worksheets[0]
    rows = {row[0]: row[1] for row in cover.iter_rows(values_only=True) if row[0]}
    assert rows["Produced"] == "2026-01-01 09:30"


def test_a_thirty_nation_pack_is_the_workbook_openpyxl_writes(tmp_path) -> None:
    synth.build("S", tmp_path / "s.sqlite3")
    register = open_database(tmp_path / "s.sqlite3")
    try:
        meeting = max(meetings.list_meetings(register),
                      key=lambda m: (m.attendance_count <= 30, m.attendance_count))
        openpyxls, ours = _both_ways(register, meeting.uuid, tmp_path)
    finally:
        register.dispose()
    _assert_same_parts(openpyxls, ours)


def test_the_sheets_leave_nothing_in_the_temporary_folder(
    demo_db, tmp_path, monkeypatch
) -> None:
    import tempfile

    spare = tmp_path / "tmp"
    spare.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spare))
    meeting = meetings.find_meeting(demo_db, BRUSSELS_DATE)
    write_meeting_pack(demo_db, meeting.uuid, tmp_path / "pack.xlsx")
    assert list(spare.iterdir()) == []


def test_merged_lines_are_left_as_openpyxls_merge_leaves_them(
    awkward_register, tmp_path, monkeypatch
) -> None:
    from coalition_desk.reports.pack import layout

    database, meeting_uuid = awkward_register
    learnt = tmp_path / "learnt.xlsx"
    _pack(database, meeting_uuid).save(learnt)

    def openpyxls_merge(sheet, row: int, first: int, last: int) -> None:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    monkeypatch.setattr(layout, "merge_line", openpyxls_merge)
    merged = tmp_path / "merged.xlsx"
    _pack(database, meeting_uuid).save(merged)
    _assert_same_parts(merged, learnt)
    assert load_workbook(learnt)["Positions"].merged_cells.ranges


def test_cells_and_row_heights_set_the_quick_way_are_what_openpyxl_sets(
    awkward_register, tmp_path, monkeypatch
) -> None:
    """``put``'s quick way for text, numbers and blanks leaves every cell (value, type,
    look) as ``sheet.cell`` and ``cell.value =`` do, formula-like text staying text, and
    ``set_row_height`` every row as ``row_dimensions[row].height =`` does."""
    from coalition_desk.reports.pack import layout

    database, meeting_uuid = awkward_register
    quick = tmp_path / "quick.xlsx"
    _pack(database, meeting_uuid).save(quick)
    monkeypatch.setattr(layout, "_plain_cell", lambda *_: None)
    monkeypatch.setattr(layout, "_new_row_dimension", lambda *_: None)
    slow = tmp_path / "slow.xlsx"
    _pack(database, meeting_uuid).save(slow)
    _assert_same_parts(slow, quick)
    kinds = {cell.value: cell.data_type for sheet in load_workbook(quick).worksheets
             for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert [kinds[text] for text in AWKWARD[:3]] == ["s", "s", "s"]  # text, not formulas


def test_a_quick_row_height_is_the_dimension_openpyxl_makes() -> None:
    from openpyxl import Workbook

    from coalition_desk.reports.pack.layout import set_row_height

    workbook = Workbook()
    theirs, ours = workbook.active, workbook.create_sheet("ours")
    for row, height in ((4, 30.0), (9, 45.0), (9, 60.0), (12, 22)):  # a row again; an int
        theirs.row_dimensions[row].height = height
        set_row_height(ours, row, height)
    assert list(ours.row_dimensions) == list(theirs.row_dimensions)
    for row, mine in ours.row_dimensions.items():
        made = theirs.row_dimensions[row]
        assert type(mine) is type(made) and vars(mine) == vars(made), row
        assert (mine.parent, mine._style, dict(mine)) == (ours, made._style, dict(made))


@pytest.mark.parametrize("look", ["Desk note", "Desk header", "Desk title"])
def test_a_learnt_merge_leaves_every_cell_as_openpyxl_does(look: str) -> None:
    from openpyxl import Workbook

    from coalition_desk.reports.pack.layout import merge_line, put
    from coalition_desk.reports.styles import add_named_styles

    workbook = Workbook()
    add_named_styles(workbook)
    theirs, ours = workbook.active, workbook.create_sheet("ours")
    for row, span in ((2, 6), (3, 3), (5, 9)):  # the first teaches, the others are copied
        for sheet in (theirs, ours):
            put(sheet, row, 1, "text", look)
        theirs.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        merge_line(ours, row, 1, span)
    assert {key: (type(c), list(c._style)) for key, c in ours._cells.items()} == {
        key: (type(c), list(c._style)) for key, c in theirs._cells.items()}
    assert [str(r) for r in ours.merged_cells.ranges] == [
        str(r) for r in theirs.merged_cells.ranges]
    assert any(any(c._style) for key, c in theirs._cells.items() if key[1] > 1) == (
        look == "Desk header")  # the header's bottom edge reaches every merged cell


@pytest.mark.parametrize("author", ["Coalition Desk", "", "  A & <B> \"C\"  "])
def test_comments_written_as_text_are_the_part_openpyxl_writes(author: str) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
    from openpyxl.xml.functions import tostring

    from coalition_desk.reports.pack.saving import _Note, comments_xml

    sheet = Workbook().active
    texts = ("", " ", "  blanks at either end  ", "tab\tand\nline\r\nbreaks", "a & <b> \"q\" ]]>",
             "=SUM(1)", "“quotes” ∑ 🙂", "ends with a blank ")
    for row, text in enumerate(texts, 1):
        sheet.cell(row, 2).comment = Comment(text, author if row % 2 else "Other", 90, 200)
    cells = [sheet.cell(row, 2) for row in range(1, len(texts) + 1)]
    theirs = tostring(CommentSheet.from_comments([CommentRecord.from_cell(c) for c in cells])
                      .to_tree())
    assert comments_xml([_Note.from_cell(c) for c in cells]) == theirs
