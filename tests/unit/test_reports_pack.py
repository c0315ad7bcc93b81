"""The meeting pack for the demo's Brussels ministerial (2025-04-10)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports import write_meeting_pack
from coalition_desk.reports.pack import timeline
from coalition_desk.reports.pack.layout import stance_fill
from coalition_desk.services import meetings, settings
from coalition_desk.services.crud import NotFound, Writer
from tests.conftest import uuid_of

SHEETS = ["Cover", "Brief", "Attendance", "Positions", "Quotes", "Changes", "Pledges",
          "Capability gap", "Open questions", "Timeline"]


@pytest.fixture
def brussels(demo_db):
    return meetings.find_meeting(demo_db, "2025-04-10")


@pytest.fixture
def pack(demo_db, brussels, tmp_path):
    path = tmp_path / "pack.xlsx"
    assert write_meeting_pack(demo_db, brussels.uuid, path) == path
    return load_workbook(path)


def test_the_pack_has_every_sheet_in_order(pack) -> None:
    assert pack.sheetnames == SHEETS


def test_every_sheet_prints_landscape_fitted_and_marked(demo_db, pack) -> None:
    settings.set_protective_marking(demo_db, "OFFICIAL-SENSITIVE")
    for sheet in pack.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddHeader.center.text == "OFFICIAL", sheet.title
        assert sheet.oddFooter.center.text == "OFFICIAL"
        assert sheet.oddFooter.right.text == "Page &P of &N"
        assert sheet.print_title_rows is not None


def test_marking_follows_the_database(demo_db, brussels, tmp_path) -> None:
    settings.set_protective_marking(demo_db, "OFFICIAL-SENSITIVE")
    path = write_meeting_pack(demo_db, brussels.uuid, tmp_path / "p.xlsx")
    workbook = load_workbook(path)
    assert workbook["Cover"]["A2"].value == "OFFICIAL-SENSITIVE"
    assert {s.oddFooter.center.text for s in workbook.worksheets} == {"OFFICIAL-SENSITIVE"}


def test_tables_have_frozen_headers_and_filters(pack) -> None:
    for title in ("Attendance", "Positions", "Changes", "Pledges", "Open questions"):
        sheet = pack[title]
        assert sheet.freeze_panes == "A4", title
        assert sheet.auto_filter.ref.startswith("A3:"), title
        assert sheet.print_title_rows == "$1:$3"
        assert sheet.column_dimensions["A"].width >= 20


def test_attendance_lists_role_level_head_and_headcount(pack) -> None:
    sheet = pack["Attendance"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, max_row=7, values_only=True)}
    assert rows["United Kingdom"][2:5] == ("Lead", "Minister", "John Healey")
    assert "Reported headcount: 30" in sheet["A2"].value


def test_positions_matrix_colour_codes_and_quotes(pack) -> None:
    sheet = pack["Positions"]
    headers = [cell.value for cell in sheet[3]]
    nations = {}
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == "Legend":
            break
        if row[0].value:
            nations[row[0].value] = row
    poland = nations["Poland"][headers.index("Form of contribution")]
    assert poland.value.startswith("Cannot send troops")
    assert poland.fill.fill_type == "solid"
    assert "Belarus" in poland.comment.text
    cells = [c for row in nations.values() for c in row[2:] if c.value]
    assert len({c.fill.fgColor.rgb for c in cells}) >= 3
    assert all(c.comment is not None for c in cells)
    assert any(cell.value == "Legend" for cell in sheet["A"])


def test_changes_match_what_moved_since_the_previous_meeting(demo_db, brussels, pack) -> None:
    expected = meetings.changes_since_previous(demo_db, brussels.uuid)
    rows = [r for r in pack["Changes"].iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (c.nation_name, c.issue_name, c.after) for c in expected
    ]
    assert expected


def open_question_rows(pack) -> list[tuple]:
    """The open questions' table, down to the section of those resolved at the meeting."""
    rows = []
    for row in pack["Open questions"].iter_rows(min_row=4, values_only=True):
        if row[0] == "Resolved at this meeting":
            break
        if row[0]:
            rows.append(row)
    return rows


def test_open_questions_are_listed(pack) -> None:
    assert len(open_question_rows(pack)) == 6


def timeline_lanes(pack) -> dict[tuple[str, str], tuple]:
    sheet = pack["Timeline"]
    return {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=4)
            if row[0].value and row[1].value}


def test_timeline_is_a_grid_of_weeks_the_spreadsheet_draws(pack) -> None:
    sheet = pack["Timeline"]
    assert not sheet._images
    headers = [cell.value for cell in sheet[3]]
    assert headers[:2] == ["Nation", "Issue"]
    assert headers[-1].startswith("Stance now")
    weeks = headers[2:-1]
    assert len(weeks) == timeline.WEEKS
    # The last week column is the meeting's week, marked apart from the others.
    assert weeks[-1] == "4 Apr"
    assert sheet.cell(3, len(headers) - 1).fill.fgColor.rgb.endswith(timeline.THIS_MEETING_FILL)
    assert sheet.cell(3, 3).fill.fgColor.rgb != sheet.cell(3, len(headers) - 1).fill.fgColor.rgb


def test_timeline_dots_each_statement_in_its_week_coloured_as_the_matrix(pack) -> None:
    lanes = timeline_lanes(pack)
    poland = lanes[("Poland", "Form of contribution")]
    dots = [cell for cell in poland[2:-1] if cell.value]
    assert [cell.value for cell in dots] == [timeline.DOT]
    assert dots[0].column == 2 + timeline.WEEKS  # stated at this meeting: the last week
    assert poland[-1].value == "Cannot send troops"
    positions = pack["Positions"]
    headers = [cell.value for cell in positions[3]]
    matrix = next(row for row in positions.iter_rows(min_row=4) if row[0].value == "Poland")
    colour = matrix[headers.index("Form of contribution")].fill.fgColor.rgb
    assert dots[0].fill.fgColor.rgb == colour == poland[-1].fill.fgColor.rgb
    # France spoke in Paris on 27 March, two weeks before: its dot stands there.
    france = lanes[("France", "Where the force deploys")]
    assert [c.column for c in france[2:-1] if c.value] == [2 + timeline.WEEKS - 2]
    # A statement that takes no stance is a grey dot, and the lane says no stance is held.
    core = lanes[("United Kingdom", "Core objective")]
    grey = [c for c in core[2:-1] if c.value]
    assert grey and grey[0].fill.fgColor.rgb.endswith(stance_fill(None, None))
    assert "no stance" in core[-1].value


def test_text_that_looks_like_a_formula_stays_text_in_the_pack(demo_db, brussels, tmp_path):
    Writer(demo_db, "test").create(rec.Attendance(
        meeting_uuid=brussels.uuid, nation_uuid=uuid_of("nation", "POL"),
        head_of_delegation='=HYPERLINK("http://x","y")'))
    path = write_meeting_pack(demo_db, brussels.uuid, tmp_path / "p.xlsx")
    cells = [c for row in load_workbook(path)["Attendance"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_an_unknown_meeting_is_refused(demo_db, tmp_path) -> None:
    with pytest.raises(NotFound):
        write_meeting_pack(demo_db, "00000000-0000-4000-8000-000000000000", tmp_path / "x.xlsx")
    assert not list(tmp_path.glob("*.xlsx"))


def matrix_rows(pack) -> tuple[list, dict[str, tuple]]:
    sheet = pack["Positions"]
    headers = [cell.value for cell in sheet[3]]
    rows = {}
    for row in sheet.iter_rows(min_row=4):
        if row[0].value == "Legend":
            break
        if row[0].value:
            rows[row[0].value] = row
    return headers, rows


def test_positions_matrix_lists_every_nation_of_a_small_register(pack) -> None:
    _headers, rows = matrix_rows(pack)
    # The EU spoke without taking a stance and Ukraine said nothing; neither attended.
    assert {"European Union", "Ukraine"} <= set(rows)
    assert rows["Ukraine"][1].value in ("", None)
    assert all(cell.value is None for cell in rows["Ukraine"][2:])
    assert "every nation in the register" in pack["Positions"]["A2"].value


def test_a_statement_without_a_stance_shows_the_legends_grey(pack) -> None:
    headers, rows = matrix_rows(pack)
    eu = rows["European Union"][headers.index("Core objective")]
    assert eu.value == "No stance taken"
    legend = next(c for c in pack["Positions"]["A"] if c.value == "No stance taken")
    assert eu.fill.fgColor.rgb == legend.fill.fgColor.rgb
    assert "Kallas" in eu.comment.text
    # A nation that took a stance keeps it even if it also spoke without one.
    uk = rows["United Kingdom"][headers.index("Deployment timeline")]
    assert uk.value.startswith("Prepare now")


def test_open_questions_give_a_two_day_meeting_its_span(pack) -> None:
    raised = [r[6] for r in open_question_rows(pack)]
    assert "French and British military officials visit Kyiv (2025-04-04/05)" in raised
    assert not any(label.endswith("(2025-04-04)") for label in raised)


def test_the_cover_describes_each_sheet_as_it_is(pack) -> None:
    contents = {row[0].value: row[1] for row in pack["Cover"].iter_rows(min_row=4)
                if row[0].value in SHEETS}
    assert "lane per issue" not in contents["Timeline"].value
    assert "one row per nation and issue" in contents["Timeline"].value
    # A description that wraps gets a row tall enough to show its second line.
    long = [cell for cell in contents.values() if len(cell.value) > 110]
    assert long
    assert all(pack["Cover"].row_dimensions[cell.row].height >= 30 for cell in long)


def test_headers_that_wrap_get_a_taller_header_row(pack) -> None:
    for sheet in pack.worksheets[1:]:
        headers = [(cell.value, cell.column_letter) for cell in sheet[3] if cell.value]
        if not headers or sheet.title == "Brief":
            continue
        wraps = [text for text, letter in headers
                 if len(text) > sheet.column_dimensions[letter].width]
        if wraps:
            assert (sheet.row_dimensions[3].height or 15) >= 30, (sheet.title, wraps)
    # Attendance's "Role in the coalition" no longer hides its last word.
    assert pack["Attendance"].row_dimensions[3].height >= 30
