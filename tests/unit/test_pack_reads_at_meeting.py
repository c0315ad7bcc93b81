"""The pack's written-SQL reads of one meeting give what the services' ORM reads give.

``pack_reads.statements_at`` and ``pack_reads.questions_at`` replace, for the pack,
``positions.list_positions`` and ``questions.list_questions`` narrowed to one meeting
(they skip compiling ORM statements in a process that makes one pack). Every meeting
of the demo register (on SQLite and PostgreSQL) and of a synthetic register must read
the same views, in the same order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coalition_desk.services import meetings, pack_reads, positions, questions
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
        statements += len(expected)
        asked += len(raised) + len(resolved)
    return statements, asked


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
