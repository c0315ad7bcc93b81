import datetime as dt

from coalition_desk.services import meetings, nations, search
from coalition_desk.services.positions import PositionFilter, latest_stances, list_positions
from coalition_desk.services.questions import QuestionFilter, list_questions
from tests.conftest import uuid_of


def test_nations_carry_latest_stance_per_issue(demo_db) -> None:
    by_code = {n.code: n for n in nations.list_nations(demo_db, today=dt.date(2025, 5, 1))}
    latvia = by_code["LVA"]
    cell = latvia.stances[uuid_of("issue", "contribution")]
    assert cell.stance == "Open to contributing personnel"
    assert not cell.stale
    assert latvia.pledge_summary == "Troops (considering)"
    stale = nations.list_nations(demo_db, today=dt.date(2026, 1, 1), stale_days=90)
    assert all(c.stale for n in stale for c in n.stances.values())


def test_meetings_narrow_to_a_nation(demo_db) -> None:
    titles = [
        m.title for m in meetings.list_meetings(demo_db, nation_uuid=uuid_of("nation", "GBR"))
    ]
    assert len(titles) == 2  # the Kyiv visit and the Brussels ministerial
    assert meetings.list_meetings(demo_db, nation_uuid=uuid_of("nation", "POL")) == []


def test_positions_filtered_by_nation_issue_and_date(demo_db) -> None:
    uk = list_positions(demo_db, PositionFilter(nation_uuid=uuid_of("nation", "GBR")))
    assert len(uk) == 3
    march = list_positions(demo_db, PositionFilter(date_to=dt.date(2025, 3, 31)))
    assert [p.nation_name for p in march] == ["France"]
    backstop = latest_stances(demo_db, issue_uuid=uuid_of("issue", "backstop"))
    assert {p.nation_code: p.stance for p in backstop} == {
        "FIN": "Vital",
        "NLD": "Vital",
        "USA": "Not committed",
    }


def test_changes_between_meetings(demo_db) -> None:
    brussels = uuid_of("meeting", "brussels")
    moved = meetings.changes_since_previous(demo_db, brussels)
    assert {(c.nation_name, c.after) for c in moved} >= {("Poland", "Cannot send troops")}
    assert all(c.before is None for c in moved)
    paris = uuid_of("meeting", "paris")
    assert [c.nation_name for c in meetings.changes_since_previous(demo_db, paris)] == ["France"]


def test_find_meeting_by_date_or_uuid(demo_db) -> None:
    assert meetings.find_meeting(demo_db, "2025-04-10").uuid == uuid_of("meeting", "brussels")
    assert meetings.find_meeting(demo_db, "2025-04-05").uuid == uuid_of("meeting", "kyiv")


def test_questions_by_status_issue_and_meeting(demo_db) -> None:
    assert len(list_questions(demo_db, QuestionFilter(statuses=("open",)))) == 6
    assert len(list_questions(demo_db, QuestionFilter(statuses=("answered",)))) == 0
    at_brussels = list_questions(
        demo_db, QuestionFilter(meeting_uuid=uuid_of("meeting", "brussels"))
    )
    assert len(at_brussels) == 4
    us = list_questions(demo_db, QuestionFilter(owner_nation_uuid=uuid_of("nation", "USA")))
    assert [q.owner_label for q in us] == ["United States"]


def test_meeting_detail_lists_attendance_statements_and_questions(demo_db) -> None:
    detail = meetings.meeting_detail(demo_db, uuid_of("meeting", "brussels"))
    assert {a.nation_code for a in detail.attendance} == {"GBR", "FRA", "LVA", "NLD"}
    assert len(detail.statements) == 6
    assert len(detail.questions_raised) == 4


def test_full_text_search_finds_names_quotes_notes_and_questions(demo_db) -> None:
    assert {h.kind for h in search.find(demo_db, "Belarus")} >= {"nation"}
    assert [h.kind for h in search.find(demo_db, "jeopardize")] == ["position"]
    assert "question" in {h.kind for h in search.find(demo_db, "positioned")}
    assert search.find(demo_db, "sprud") and search.find(demo_db, "Sprūds")
    # FTS5 syntax typed by a user is inert: no error, words taken as words.
    assert search.find(demo_db, '" ^ ( * :') == []
    assert "Latvia" in {h.title for h in search.find(demo_db, 'Latvia" (')}
