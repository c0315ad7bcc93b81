"""The pack's written-SQL reads give what the services' ORM reads give.

``pack_reads.statements_at``, ``questions_at``, ``attendance_at`` and ``meeting_texts``
replace, for the pack, ``positions.list_positions`` and ``questions.list_questions``
narrowed to one meeting, ``meetings.attendance_of`` and the meeting's record (they skip
compiling ORM statements in a process that makes one pack); ``nations_on_record`` and
``count_pledges_up_to`` were ORM statements. Every meeting of the demo register (on
SQLite and PostgreSQL) and of a synthetic register must read the same, in the same order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import exists, func, select

from coalition_desk.domain import records as rec
from coalition_desk.services import meetings, pack_reads, positions, questions, records
from coalition_desk.store import models
from coalition_desk.store.engine import Database, open_database
from tests.benchmarks import synth

TODAY = dt.date(2025, 6, 1)


def _compare_every_meeting(database: Database) -> tuple[int, int]:
    statements = asked = 0
    for meeting in meetings.list_meetings(database):
        expected = positions.list_positions(
            database, positions.PositionFilter(meeting_uuid=meeting.uuid), today=TODAY,
            stale_days=30)
        assert pack_reads.statements_at(
            database, meeting.uuid, today=TODAY, stale_days=30) == expected, meeting.title
        raised = questions.list_questions(
            database, questions.QuestionFilter(raised_at_uuid=meeting.uuid), today=TODAY)
        resolved = questions.list_questions(
            database, questions.QuestionFilter(resolved_at_uuid=meeting.uuid), today=TODAY)
        assert pack_reads.questions_at(database, meeting.uuid, today=TODAY) == (
            raised, resolved), meeting.title
        attended = meetings.attendance_of(database, meeting.uuid)
        assert pack_reads.attendance_at(database, meeting.uuid) == attended, meeting.title
        full = records.get(database, rec.Meeting, meeting.uuid)
        assert isinstance(full, rec.Meeting)
        assert pack_reads.meeting_texts(database, meeting.uuid) == (
            full.summary, full.objectives, full.points_to_make, full.headcount_note)
        _compare_on_the_day(database, meeting.date)
        _compare_latest(database, meeting.date,
                        {a.nation_uuid for a in attended} or {"no-such-nation"})
        statements += len(expected) + len(attended)
        asked += len(raised) + len(resolved)
    return statements, asked


def _compare_on_the_day(database: Database, day: dt.date) -> None:
    nation, position, pledge = models.NationRow, models.PositionRow, models.PledgeRow
    with database.session() as session:
        on_record = set(session.scalars(select(nation.uuid).where(
            exists().where(position.nation_id == nation.id, position.as_of <= day))))
        pledged = session.scalar(select(func.count(pledge.id)).where(pledge.as_of <= day))
    assert pack_reads.nations_on_record(database, day) == on_record
    assert pack_reads.count_pledges_up_to(database, day) == pledged


def _compare_latest(database: Database, day: dt.date, nations: set[str]) -> None:
    """The latest stance per nation × issue, and where none is held the latest statement,
    as every position up to the day (``list_positions``, oldest first) gives them."""
    latest: dict[tuple[str, str], dict[bool, object]] = {}
    for view in positions.list_positions(
            database, positions.PositionFilter(date_to=day), today=TODAY, stale_days=30):
        if view.nation_uuid in nations:
            latest.setdefault((view.nation_uuid, view.issue_uuid), {})[
                view.stance is not None] = view
    order = sorted(latest, key=lambda pair: (
        latest[pair].get(True, latest[pair].get(False)).nation_name,  # type: ignore[union-attr]
        latest[pair].get(True, latest[pair].get(False)).issue_name))  # type: ignore[union-attr]
    held = [latest[pair][True] for pair in order if True in latest[pair]]
    none_held = [latest[pair][False] for pair in order if True not in latest[pair]]
    for taking_a_stance, expected in ((True, held), (False, none_held)):
        assert pack_reads.latest_stances_among(
            database, nations, day, today=TODAY, stale_days=30,
            taking_a_stance=taking_a_stance) == expected


def test_the_demo_meetings_read_the_same_both_ways(demo_db: Database) -> None:
    statements, asked = _compare_every_meeting(demo_db)
    assert statements and asked  # the comparison saw rows of both kinds


def test_a_synthetic_registers_meetings_read_the_same_both_ways(tmp_path: Path) -> None:
    synth.build("S", tmp_path / "s.sqlite3")
    register = open_database(tmp_path / "s.sqlite3")
    try:
        statements, asked = _compare_every_meeting(register)
    finally:
        register.dispose()
    assert statements > 100 and asked
