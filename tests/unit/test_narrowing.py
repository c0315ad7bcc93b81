"""The questions and meetings panes narrow the lists they hold instead of asking SQL
again; the answer must be the same as the narrowed reads (services) give."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition_desk.domain.records import Meeting, Nation
from coalition_desk.services import meetings, questions, records
from coalition_desk.services.questions import QuestionFilter
from coalition_desk.store.engine import Database, open_database
from tests.benchmarks import synth

STATUS_CHOICES = ((), ("open", "in_progress"), ("answered",))


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = Path(tmp_path_factory.mktemp("narrowing")) / "s.sqlite3"
    synth.build("S", path)
    database = open_database(path)
    yield database
    database.dispose()


@pytest.mark.parametrize("statuses", STATUS_CHOICES)
def test_narrowing_to_a_nation_matches_questions_concerning_it(register, statuses) -> None:
    every = questions.list_questions(register, QuestionFilter(statuses=statuses))
    nations = records.list_all(register, Nation)
    narrowed_some = False
    for nation in nations:
        stake = questions.stake_issue_uuids(register, nation.uuid)
        narrowed = questions.concerning(every, nation.uuid, stake)
        expected = questions.questions_concerning(
            register, nation.uuid, QuestionFilter(statuses=statuses)
        )
        assert [q.uuid for q in narrowed] == [q.uuid for q in expected]
        narrowed_some |= 0 < len(narrowed) < len(every)
    assert narrowed_some, "no nation narrowed the list: the comparison proved nothing"


@pytest.mark.parametrize("statuses", STATUS_CHOICES)
def test_narrowing_to_a_meeting_matches_the_sql_filter(register, statuses) -> None:
    every = questions.list_questions(register, QuestionFilter(statuses=statuses))
    found_some = False
    for meeting in records.list_all(register, Meeting):
        narrowed = questions.raised_or_resolved_at(every, meeting.uuid)
        expected = questions.list_questions(
            register, QuestionFilter(statuses=statuses, meeting_uuid=meeting.uuid)
        )
        assert [q.uuid for q in narrowed] == [q.uuid for q in expected]
        found_some |= bool(narrowed)
    assert found_some


def test_narrowing_meetings_to_a_nation_matches_list_meetings(register) -> None:
    every = meetings.list_meetings(register)
    narrowed_some = False
    for nation in records.list_all(register, Nation):
        involving = meetings.meetings_involving(register, nation.uuid)
        narrowed = [m for m in every if m.uuid in involving]
        expected = meetings.list_meetings(register, nation_uuid=nation.uuid)
        assert narrowed == expected
        narrowed_some |= 0 < len(narrowed) < len(every)
    assert narrowed_some
