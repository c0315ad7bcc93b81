"""What the printed pack tells an officer: quotes with speakers, questions resolved, names
in the order a reader expects, counts worded as they read."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports import write_meeting_pack
from coalition_desk.services import meetings, records
from coalition_desk.services.crud import Writer


@pytest.fixture
def brussels(demo_db):
    return meetings.find_meeting(demo_db, "2025-04-10")


def make_pack(database, meeting, tmp_path):
    path = tmp_path / "pack.xlsx"
    write_meeting_pack(database, meeting.uuid, path)
    return load_workbook(path)


def rows_of(sheet, first: int = 4) -> list[tuple]:
    return [row for row in sheet.iter_rows(min_row=first, values_only=True) if row[0]]


def test_quotes_print_with_their_speakers(demo_db, brussels, tmp_path) -> None:
    pack = make_pack(demo_db, brussels, tmp_path)
    header = next(pack["Quotes"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert header[:7] == ("Nation", "Issue", "Stance", "As of", "Quote or summary", "Speaker",
                          "Source")
    by_speaker = {(r[0], r[1]): (r[4], r[5]) for r in rows_of(pack["Quotes"])}
    quote, speaker = by_speaker[("United Kingdom", "Deployment timeline")]
    assert "war is still ongoing" in quote and speaker == "John Healey"
    assert by_speaker[("Netherlands", "U.S. backstop")][1] == "Ruben Brekelmans"
    # The matrix keeps its comments for the screen.
    comments = [c.comment.text for row in pack["Positions"].iter_rows() for c in row if c.comment]
    assert any("Speaker: John Healey" in text for text in comments)


def test_questions_resolved_at_the_meeting_are_listed_with_their_answer(
        demo_db, brussels, tmp_path) -> None:
    question = records.list_all(demo_db, rec.Question)[0]
    Writer(demo_db, origin="test").update(dataclasses.replace(
        question, status="answered", answer="Brussels agreed a first planning figure.",
        resolved_at_uuid=brussels.uuid))
    sheet = make_pack(demo_db, brussels, tmp_path)["Open questions"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row[0]]
    titles = [row[0] for row in rows]
    start = titles.index("Resolved at this meeting")
    resolved = rows[start + 2:]
    assert [(r[0], r[3], r[5]) for r in resolved] == [
        (question.text, "Brussels agreed a first planning figure.", "Answered")]
    assert question.text not in titles[:start]


def test_a_question_raised_on_a_day_without_a_meeting(demo_db, brussels, tmp_path) -> None:
    writer = Writer(demo_db, origin="test")
    writer.create(rec.Question(text="Who funds the air policing?", raised_on=dt.date(2025, 4, 2)))
    writer.create(rec.Question(text="Asked after the meeting", raised_on=dt.date(2025, 4, 20)))
    rows = {r[0]: r for r in rows_of(make_pack(demo_db, brussels, tmp_path)["Open questions"])}
    assert rows["Who funds the air policing?"][6] == "raised on 2025-04-02 (no meeting recorded)"
    assert "Asked after the meeting" not in rows


def test_names_sort_ignoring_case_and_accents(demo_db, brussels, tmp_path) -> None:
    writer = Writer(demo_db, origin="test")
    for name, code in (("Åland Islands", "ALA"), ("austria", "AUT"), ("Azerbaijan", "AZE"),
                       ("Österreich-Ungarn", "OUX"), ("Norway", "NOR")):
        writer.create(rec.Nation(name=name, code=code))
    nations = [r[0] for r in rows_of(make_pack(demo_db, brussels, tmp_path)["Positions"])]
    nations = nations[:nations.index("Legend")]
    assert nations.index("Åland Islands") < nations.index("austria") < nations.index("Azerbaijan")
    assert nations.index("Norway") < nations.index("Österreich-Ungarn") < nations.index("Poland")


def test_attendance_shows_notes_and_every_column_has_a_header(demo_db, brussels,
                                                             tmp_path) -> None:
    sheet = make_pack(demo_db, brussels, tmp_path)["Attendance"]
    header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    assert header == ("Nation", "Code", "Role in the coalition", "Level", "Head of delegation",
                      "Notes")
    assert sheet.max_column == len(header)
    notes = {r[0]: r[5] for r in rows_of(sheet)}
    assert notes["France"] == "Co-lead."


def test_counts_read_in_the_singular_for_one(demo_db, brussels, tmp_path) -> None:
    for attendance in meetings.attendance_of(demo_db, brussels.uuid)[1:]:
        Writer(demo_db, origin="test").delete("attendance", attendance.uuid)
    brussels_now = meetings.find_meeting(demo_db, "2025-04-10")
    pack = make_pack(demo_db, brussels_now, tmp_path)
    note = pack["Attendance"].cell(2, 1).value
    assert "1 nation listed below" in note
    texts = [c.value for s in pack.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not any(" 1 nations" in t or t.startswith("1 nations") for t in texts)
