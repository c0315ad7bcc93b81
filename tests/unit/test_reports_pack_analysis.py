"""The pack's analysis sheets: "Capability gap", and "Changes" as the what-moved sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports import write_meeting_pack
from coalition_desk.services import meetings, positions
from coalition_desk.services.analysis import outlook as analysis
from coalition_desk.services.crud import Writer
from tests.conftest import uuid_of

GAP_HEADERS = ("Scenario", "Capability", "Unit", "Required", "Confirmed", "Offered",
               "Gap after confirmed", "Gap if offers hold", "Not counted", "Caveats",
               "Requirement notes")


@pytest.fixture
def brussels(demo_db):
    return meetings.find_meeting(demo_db, "2025-04-10")


def write_pack(database, meeting, folder):
    return load_workbook(write_meeting_pack(database, meeting.uuid, folder / "pack.xlsx"))


def table(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]


def test_the_gap_sheet_on_the_demo_says_no_requirement_is_recorded(demo_db, brussels,
                                                                   tmp_path) -> None:
    sheet = write_pack(demo_db, brussels, tmp_path)["Capability gap"]
    assert tuple(c.value for c in sheet[3]) == GAP_HEADERS
    assert sheet["A1"].value.startswith("Capability gap: ")
    assert sheet["A4"].value.startswith("No capability requirements recorded")
    assert sheet["A5"].value is None


def test_the_gap_sheet_works_out_requirements_against_pledges(demo_db, brussels,
                                                              tmp_path) -> None:
    writer = Writer(demo_db, "test")
    writer.create(rec.CapabilityRequirement("Deterrence force", "troops", 10_000, "personnel",
                                            "Two brigades"))
    france, britain = uuid_of("nation", "FRA"), uuid_of("nation", "GBR")
    writer.create(rec.Pledge(france, "troops", dt.date(2025, 4, 1), 6_000, "personnel",
                             "confirmed"))
    writer.create(rec.Pledge(britain, "troops", dt.date(2025, 4, 2), 3_000, "Personnel",
                             "offered", caveats="Only after a ceasefire"))
    # Recorded after the meeting: a pack for 10 April must not count it.
    writer.create(rec.Pledge(france, "troops", dt.date(2025, 5, 1), 1_000, "personnel",
                             "confirmed"))
    sheet = write_pack(demo_db, brussels, tmp_path)["Capability gap"]
    (row,) = table(sheet)
    values = dict(zip(GAP_HEADERS, row, strict=True))
    # 10,000 needed; 6,000 confirmed leaves 4,000; the 3,000 offered would leave 1,000.
    assert (values["Scenario"], values["Capability"], values["Unit"]) == (
        "Deterrence force", "Troops", "personnel")
    assert (values["Required"], values["Confirmed"], values["Offered"]) == (10_000, 6_000,
                                                                           3_000)
    assert (values["Gap after confirmed"], values["Gap if offers hold"]) == (4_000, 1_000)
    # The demo's Latvian pledge (considering, no amount) is listed, never counted.
    assert values["Not counted"] == "Latvia (considering): no amount"
    assert "United Kingdom (offered): Only after a ceasefire" in values["Caveats"]
    assert "Latvia (considering): Latvia's own defence readiness" in values["Caveats"]
    assert values["Requirement notes"] == "Two brigades"
    assert sheet.cell(4, 8).fill.fill_type == "solid"  # a gap is marked
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == "A3:K4"
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.oddFooter.right.text == "Page &P of &N"


def test_a_requirement_met_in_full_shows_no_gap(demo_db, brussels, tmp_path) -> None:
    writer = Writer(demo_db, "test")
    writer.create(rec.CapabilityRequirement("Monitoring", "air_defence", 2, "batteries"))
    writer.create(rec.Pledge(uuid_of("nation", "NLD"), "air_defence", dt.date(2025, 4, 3), 3,
                             "batteries", "confirmed"))
    sheet = write_pack(demo_db, brussels, tmp_path)["Capability gap"]
    rows = {(r[0], r[1], r[2]): r for r in table(sheet)}
    air = rows[("Monitoring", "Air defence", "batteries")]
    assert air[3:8] == (2, 3, 0, 0, 0)
    assert sheet.cell(4 + list(rows).index(("Monitoring", "Air defence", "batteries")),
                      8).fill.fill_type is None
    # The Latvian personnel pledge has no requirement in this scenario: its own row.
    assert rows[("Monitoring", "Troops", "personnel")][3] == "no requirement"


def test_the_changes_sheet_is_what_moved_with_the_quotes_both_sides(demo_db, brussels,
                                                                    tmp_path) -> None:
    # France supported positioning in Ukrainian towns at Paris (27 March); here it steps back.
    Writer(demo_db, "test").create(rec.Position(
        uuid_of("nation", "FRA"), uuid_of("issue", "location"), dt.date(2025, 4, 9),
        "Undecided", quote="Where the force stands is for the planners.",
        meeting_uuid=brussels.uuid, source="Test note"))
    pack = write_pack(demo_db, brussels, tmp_path)
    sheet = pack["Changes"]
    assert sheet["A1"].value.startswith("Changes / what moved: ")
    cover = [r for r in pack["Cover"].iter_rows(values_only=True) if r[0] == "Changes"]
    assert cover[0][1].startswith("Changes / what moved:")
    headers = [c.value for c in sheet[3]]
    previous = meetings.previous_meeting(demo_db, brussels.uuid)
    expected = analysis.what_moved(demo_db, previous.date, brussels.date)
    rows = [dict(zip(headers, r, strict=True)) for r in table(sheet)]
    assert [(r["Nation"], r["Issue"], r["To"], r["Quote now"], r["Quote before"] or "")
            for r in rows] == [
        (m.nation_name, m.issue_name, m.after, m.after_quote, m.before_quote) for m in expected
    ]
    # The same moves the positions service counts between the two meetings, no more.
    between = positions.changes_between(demo_db, previous.date, brussels.date)
    assert sorted((c.nation_name, c.issue_name, c.after) for c in between) == sorted(
        (r["Nation"], r["Issue"], r["To"]) for r in rows)
    (france,) = [r for r in rows if r["Nation"] == "France" and r["Issue"] == "Where the force deploys"]
    assert (france["From"], france["To"], france["Shift"]) == (
        "Supports positioning in key Ukrainian towns", "Undecided", -50)
    assert (france["Before (as of)"], france["Now (as of)"]) == ("2025-03-27", "2025-04-09")
    assert france["Quote now"] == "Where the force stands is for the planners."
    assert france["Quote before"]  # the words behind the stance France left
    assert france["Said at / source"] == "this meeting / Test note"
    # A first stance has no before and no shift.
    first = [r for r in rows if r["From"] == "(none recorded)"]
    assert first and all(r["Shift"] is None and not r["Quote before"] for r in first)
