"""The meeting pack of a register with more nations than the Positions sheet can show.

Above ``context.MATRIX_NATIONS`` the Positions sheet lists the attending nations, and
the Pledges and Open questions sheets follow it: what those nations pledged and owe,
and what was raised or resolved at the meeting. Nothing is dropped silently: the notes
and the cover say whose, and how many others the full register export holds.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coalition_desk.domain import records as rec
from coalition_desk.reports import write_meeting_pack
from coalition_desk.reports.pack.context import MATRIX_NATIONS
from coalition_desk.services import meetings, pledges, questions, records
from coalition_desk.store.engine import Database, open_database
from tests.benchmarks import synth


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = Path(tmp_path_factory.mktemp("large")) / "m.sqlite3"
    synth.build("M", path)
    database = open_database(path)
    assert len(records.list_all(database, rec.Nation)) > MATRIX_NATIONS
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def meeting(register):
    """The busiest meeting with at most 30 nations, as the benchmark picks one."""
    return max(meetings.list_meetings(register),
               key=lambda m: (m.attendance_count <= 30, m.attendance_count))


@pytest.fixture(scope="module")
def attending(register, meeting) -> set[str]:
    return {a.nation_uuid for a in meetings.attendance_of(register, meeting.uuid)}


@pytest.fixture(scope="module")
def pack(register, meeting, tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("pack")) / "pack.xlsx"
    return load_workbook(write_meeting_pack(register, meeting.uuid, path))


def table(sheet) -> list[tuple]:
    """The rows of the sheet's table: from under the header to the first row that is not
    (empty, or a note across the width)."""
    rows = []
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if not row[0] or all(value is None for value in row[1:]):
            break
        rows.append(row)
    return rows


def test_the_positions_sheet_lists_the_attending_nations(pack, register, attending) -> None:
    names = {n.name for n in records.list_all(register, rec.Nation) if n.uuid in attending}
    assert {row[0] for row in table(pack["Positions"])} == names
    assert f"the {len(names)} nations attending" in pack["Positions"]["A2"].value


def test_open_questions_are_those_the_attending_nations_owe_or_raised_here(
    pack, register, meeting, attending
) -> None:
    last_day = meeting.end_date or meeting.date
    open_now = questions.list_questions(
        register, questions.QuestionFilter(open_on=last_day), today=last_day)
    nation_of = {p.uuid: p.nation_uuid for p in records.list_all(register, rec.Person)}
    owed = [
        q for q in open_now
        if q.owner_nation_uuid in attending
        or nation_of.get(q.owner_person_uuid or "") in attending
        or meeting.uuid in (q.raised_at_uuid, q.resolved_at_uuid)
    ]
    assert 0 < len(owed) < len(open_now)
    sheet = pack["Open questions"]
    assert Counter((r[0], r[2]) for r in table(sheet)) == Counter(
        (q.text, q.owner_label) for q in owed)
    left_out = len(open_now) - len(owed)
    said = f"{left_out:,} open questions owed by other nations are left out"
    assert said in sheet["A2"].value
    assert "the full register export has them all" in sheet["A2"].value
    assert any(said in str(cell.value) for cell in sheet["A"])
    assert f"Owed by the {len(attending)} nations on the Positions sheet" in sheet["A2"].value


def test_pledges_are_those_of_the_attending_nations(pack, register, meeting, attending) -> None:
    last_day = meeting.end_date or meeting.date
    recorded = [p for p in pledges.list_pledges(register) if p.as_of <= last_day]
    theirs = [p for p in recorded if p.nation_uuid in attending]
    assert 0 < len(theirs) < len(recorded)
    sheet = pack["Pledges"]
    assert Counter((r[0], r[5], r[6] or "") for r in table(sheet)) == Counter(
        (p.nation_name, p.as_of.isoformat(), p.caveats) for p in theirs)
    said = f"{len(recorded) - len(theirs):,} pledges by other nations are left out"
    assert said in sheet["A2"].value
    assert "the Capability gap sheet counts them" in sheet["A2"].value
    assert any(said in str(cell.value) for cell in sheet["A"])


def test_the_cover_says_whose_questions_and_pledges_the_pack_holds(pack, attending) -> None:
    contents = {row[0]: row[1] for row in pack["Cover"].iter_rows(min_row=4, values_only=True)}
    count = len(attending)
    assert contents["Open questions"].startswith(
        f"Open questions owed by the {count} nations on the Positions sheet, or raised at "
        "this meeting")
    assert contents["Pledges"].startswith(f"Pledges by the {count} nations on the Positions")
