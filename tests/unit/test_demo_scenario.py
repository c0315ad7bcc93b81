"""The demo is the reference scenario, faithfully: every record traceable to the text."""

import datetime as dt
import re

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.services import demo, meetings, questions, records
from coalition_desk.services.positions import list_positions
from tests.conftest import SCENARIO_ARTICLE, uuid_of

ARTICLE = SCENARIO_ARTICLE.read_text(encoding="utf-8")
NAMED_PARTIES = {
    "United Kingdom",
    "France",
    "Ukraine",
    "Poland",
    "Greece",
    "Latvia",
    "Finland",
    "Netherlands",
    "United States",
    "European Union",
}


def normalise_quotes(text: str) -> str:
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


def test_counts(demo_db) -> None:
    counts = records.counts(demo_db)
    assert counts["nations"] == 10
    assert counts["people"] == 9
    assert counts["meetings"] == 4
    assert counts["issues"] == 7
    assert counts["questions"] == 6


def test_the_four_meetings_with_their_dates_and_headcounts(demo_db) -> None:
    found = [
        (m.date, m.end_date, m.place, m.headcount_reported) for m in meetings.list_meetings(demo_db)
    ]
    assert found == [
        (dt.date(2025, 3, 27), None, "Paris", 33),
        (dt.date(2025, 4, 4), dt.date(2025, 4, 5), "Kyiv", None),
        (dt.date(2025, 4, 10), None, "NATO Headquarters, Brussels", 30),
        (dt.date(2025, 4, 11), None, "NATO Headquarters, Brussels", 50),
    ]
    assert dt.date(2025, 4, 10).weekday() == 3  # "on Thursday" in the text


def test_the_named_parties_and_no_others(demo_db) -> None:
    nations = records.list_all(demo_db, rec.Nation)
    assert {n.name for n in nations} == NAMED_PARTIES
    roles = {n.code: n.role for n in nations}
    assert roles["GBR"] == roles["FRA"] == "lead"
    assert roles["UKR"] == "host"
    assert roles["USA"] == "non_participant"
    eu = next(n for n in nations if n.code == "EU")
    assert eu.kind == "organisation"
    poland = next(n for n in nations if n.code == "POL")
    assert "Belarus" in poland.constraints


def test_people_with_offices(demo_db) -> None:
    people = {p.name: p.office for p in records.list_all(demo_db, rec.Person)}
    assert set(people) == {
        "John Healey",
        "Emmanuel Macron",
        "Keir Starmer",
        "Volodymyr Zelenskyy",
        "Andris Sprūds",
        "Kaja Kallas",
        "Ruben Brekelmans",
        "Donald Trump",
        "Pete Hegseth",
    }
    assert people["John Healey"] == "Defence Secretary"


@pytest.mark.parametrize(
    ("quote", "speaker", "meeting"),
    [
        ("real and substantial", "healey", "brussels"),
        (
            "We are developing a clear and coordinated response, with shared goals for "
            "Ukraine's long-term security",
            "healey",
            "brussels",
        ),
        (
            "We cannot jeopardize peace by forgetting that the war is still ongoing, and "
            "Ukrainians are living that reality every day",
            "healey",
            "brussels",
        ),
        (
            "It would be ideal to have the U.S. openly and explicitly backing the coalition's "
            "efforts.",
            "brekelmans",
            "brussels",
        ),
    ],
)
def test_each_statement_verbatim_with_speaker_and_meeting(demo_db, quote, speaker, meeting) -> None:
    matches = [
        p for p in list_positions(demo_db) if normalise_quotes(p.quote) == normalise_quotes(quote)
    ]
    assert len(matches) == 1
    assert matches[0].speaker_uuid == uuid_of("person", speaker)
    assert matches[0].meeting_uuid == uuid_of("meeting", meeting)


def test_every_quote_stands_verbatim_in_the_article(demo_db) -> None:
    quoted = [p.quote for p in list_positions(demo_db) if p.quote]
    assert len(quoted) == 4
    for quote in quoted:
        assert quote in ARTICLE, quote


def test_positions_only_for_named_parties(demo_db) -> None:
    positions = list_positions(demo_db)
    assert {p.nation_name for p in positions} <= NAMED_PARTIES
    stances = {(p.nation_name, p.issue_name): p.stance for p in positions if p.stance}
    assert stances[("Poland", "Form of contribution")] == "Cannot send troops"
    assert stances[("Greece", "Form of contribution")] == "Cannot send troops"
    assert stances[("Latvia", "Form of contribution")] == "Open to contributing personnel"
    assert stances[("United States", "U.S. backstop")] == "Not committed"
    # Kallas states no choice between deterrence, monitoring and peacekeeping.
    assert not any(p.stance for p in positions if p.issue_name == "Core objective")


def test_core_objective_is_a_set_of_options(demo_db) -> None:
    issue = records.get(demo_db, rec.Issue, uuid_of("issue", "objective"))
    assert issue.kind == "options"
    assert issue.stances == ("Deterrence", "Monitoring", "Peacekeeping")


def test_the_open_questions_at_the_end_of_the_text(demo_db) -> None:
    texts = [q.text for q in questions.list_questions(demo_db)]
    assert len(texts) == 6
    for needle in (
        "How many troops",
        "timeline",
        "core objective",
        "United States",
        "positioned",
        "contribute what",
    ):
        assert any(needle in t for t in texts), needle
    assert all(q.status == "open" for q in questions.list_questions(demo_db))


def test_names_in_records_come_from_the_text(demo_db) -> None:
    article = normalise_quotes(ARTICLE)
    for person in records.list_all(demo_db, rec.Person):
        surname = person.name.split()[-1]
        if surname == "Kallas":  # the text misspells her "Kalals"; the note says so
            assert "Kalals" in article
            assert "Kalals" in person.notes
            continue
        assert re.search(surname, article), surname


def test_demo_refuses_a_non_empty_database(demo_db) -> None:
    with pytest.raises(Exception, match="empty database"):
        demo.install_demo(demo_db)
