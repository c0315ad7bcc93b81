"""Capture's accuracy on the three readouts: a change that lowers it fails here.

The floors are the numbers docs/capture.md reports (tests/capture_scoring.py measures).
"""

from __future__ import annotations

import pytest

from tests.capture_scoring import READOUTS, capture_of, score, total

# (precision, recall) over every kind of proposal, as measured when this was written.
FLOORS = {
    "scenario_article": (1.0, 1.0),
    "press_release": (1.0, 1.0),
    "meeting_minute": (1.0, 0.96),
    # Written after the rules, to see how they carry to a text they were not made on
    # (first measured at 0.69 / 0.55; docs/capture.md says what was fixed since).
    "call_readout": (1.0, 0.80),
}


@pytest.mark.parametrize("name", READOUTS)
def test_precision_and_recall_do_not_drop(name):
    scores = score(name)
    overall = total(scores)
    precision, recall = FLOORS[name]
    assert overall.precision >= precision, {k: s for k, s in scores.items() if s.precision < 1}
    assert overall.recall >= recall, {k: s for k, s in scores.items() if s.recall < 1}


def test_reference_article_quotes_each_with_its_speaker():
    capture = capture_of("scenario_article")
    quotes = [(s.speaker, s.quote) for s in capture.statements if s.quote]
    assert quotes == [
        ("John Healey", "real and substantial"),
        ("John Healey", "We are developing a clear and coordinated response, with shared goals "
                        "for Ukraine’s long-term security"),
        # Attributed only by "he added", after Healey was named by surname.
        ("John Healey", "We cannot jeopardize peace by forgetting that the war is still "
                        "ongoing, and Ukrainians are living that reality every day"),
        ("Ruben Brekelmans", "It would be ideal to have the U.S. openly and explicitly backing "
                             "the coalition’s efforts."),
    ]
    assert all(s.nation_code for s in capture.statements)


def test_reference_article_every_person_with_office_and_nation():
    people = {(p.name, p.office, p.nation_code) for p in capture_of("scenario_article").people}
    assert people == {
        ("John Healey", "Defence Secretary", "GBR"),
        ("Volodymyr Zelenskyy", "President", "UKR"),
        ("Emmanuel Macron", "President", "FRA"),
        ("Andris Sprūds", "Defence Minister", "LVA"),
        ("Kaja Kalals", "foreign policy chief", "EU"),
        ("Ruben Brekelmans", "Defence Minister", "NLD"),
        ("Donald Trump", "President", "USA"),
        ("Keir Starmer", "Prime Minister", "GBR"),
        ("Pete Hegseth", "Defence Secretary", "USA"),
    }


def test_reference_article_meeting_of_10_april_with_30_countries():
    meeting = capture_of("scenario_article").meeting
    assert meeting is not None
    assert meeting.date.isoformat() == "2025-04-10"  # "on Thursday", reported on the 11th
    assert meeting.headcount == 30
    assert "NATO headquarters" in meeting.place and "Brussels" in meeting.place
    assert meeting.format == "ministerial"


def test_reference_article_nation_recall_at_least_95_percent():
    nations = score("scenario_article")["nations"]
    assert nations.recall >= 0.95 and nations.precision == 1.0


def test_no_stance_is_ever_proposed():
    for name in READOUTS:
        assert all(s.stance is None for s in capture_of(name).statements)


def test_a_nation_mentioned_in_passing_is_not_attending():
    capture = capture_of("scenario_article")
    assert {n.involvement for n in capture.nations} == {"mentioned"}
    minute = capture_of("meeting_minute")
    assert minute.nation("SWE").involvement == "mentioned"  # "whether Sweden will join"
    assert minute.nation("DEU").involvement == "attending"  # on the participants list


def test_every_proposal_carries_the_span_it_came_from():
    for name in READOUTS:
        capture = capture_of(name)
        for statement in capture.statements:
            words = statement.span.of(capture.text)
            assert words == (statement.quote or statement.summary)
        for person in capture.people:
            assert person.name in person.span.of(capture.text)
        for pledge in capture.pledges:
            assert pledge.span.of(capture.text) == pledge.text
        for question in capture.questions:
            assert question.text in question.span.of(capture.text)
