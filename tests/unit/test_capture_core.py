"""Capture's reading of a readout, one behaviour at a time, on small texts."""

from __future__ import annotations

import datetime as dt

from coalition_desk.capture import capture_text
from coalition_desk.capture.register import KnownRegister, read_register
from tests.conftest import SCENARIO_ARTICLE

FRIDAY = dt.date(2025, 4, 11)


def quotes_of(text: str) -> list[tuple[str | None, str | None]]:
    return [(s.speaker, s.quote) for s in capture_text(text, FRIDAY).statements if s.quote]


def test_a_weekday_is_resolved_against_the_report_date():
    capture = capture_text("Ministers met in Vilnius on Thursday to discuss air defence.", FRIDAY)
    assert capture.meeting.date == dt.date(2025, 4, 10)
    same_day = capture_text("Ministers met in Vilnius on Friday.", FRIDAY)
    assert same_day.meeting.date == FRIDAY


def test_a_weekday_without_a_report_date_gives_no_date_rather_than_a_guess():
    capture = capture_text("Ministers met in Vilnius on Thursday to discuss air defence.")
    assert capture.meeting is not None and capture.meeting.date is None


def test_a_dateline_dates_and_places_the_meeting():
    capture = capture_text(
        "VILNIUS, 14 May 2025 — Foreign ministers from twelve countries met for talks."
    )
    assert capture.meeting.date == dt.date(2025, 5, 14)
    assert capture.meeting.place == "Vilnius"
    assert capture.meeting.headcount == 12


def test_every_attribution_form_finds_its_speaker():
    text = (
        "Latvian Defence Minister Andris Sprūds opened the talks. "
        "“We are ready,” said Sprūds. "
        "Dutch Defence Minister Ruben Brekelmans said: “We are not.” "
        "UK Defence Secretary John Healey described the plan as “sound.” "
        "“Time is short,” he told reporters. "
        "French Foreign Minister Anne Moreau arrived later. "
        "“Paris agrees,” she said."
    )
    assert quotes_of(text) == [
        ("Andris Sprūds", "We are ready"),
        ("Ruben Brekelmans", "We are not."),
        ("John Healey", "sound."),
        ("John Healey", "Time is short"),
        ("Anne Moreau", "Paris agrees"),
    ]


def test_a_quoted_name_is_not_a_quote():
    text = "Ministers of the so-called “Coalition of the Willing” met on Thursday."
    assert quotes_of(text) == []


def test_adjectives_possessives_and_capitals_name_their_nation():
    text = (
        "Sweden’s offer was welcomed by Dutch officials. Helsinki insists on a US role, and "
        "Washington's answer is awaited."
    )
    codes = {n.code for n in capture_text(text).nations}
    assert codes == {"SWE", "NLD", "FIN", "USA"}


def test_a_capital_as_a_place_is_not_its_government():
    text = "Officials travelled to Kyiv and then to the Paris summit."
    assert {n.code for n in capture_text(text).nations} == set()


def test_a_nation_the_register_lacks_is_proposed_new_with_its_iso_code():
    capture = capture_text("Bhutan said it cannot send observers.")
    bhutan = capture.nation("BTN")
    assert bhutan is not None and bhutan.name == "Bhutan" and not bhutan.known


def test_register_nations_and_people_are_matched(demo_db):
    register = read_register(demo_db)
    capture = capture_text(SCENARIO_ARTICLE.read_text(encoding="utf-8"), FRIDAY, register)
    assert all(n.known for n in capture.nations if n.code in {"GBR", "FRA", "EU", "LVA"})
    assert not capture.nation("BLR").known  # the demo does not hold Belarus
    kallas = capture.person("Kaja Kalals")
    # The text misspells her; the register's spelling is matched and shown.
    assert kallas.known and kallas.known_name == "Kaja Kallas"
    assert capture.meeting.known  # the demo's Brussels meeting of 10 April


def test_a_known_person_named_without_a_nation_speaks_for_the_registers(demo_db):
    register = read_register(demo_db)
    capture = capture_text("“We will decide soon,” said Defence Secretary John Healey.",
                           FRIDAY, register)
    (statement,) = capture.statements
    assert (statement.speaker, statement.nation_code) == ("John Healey", "GBR")


def test_text_with_nothing_to_capture_proposes_nothing():
    capture = capture_text("The weather was fine and the coffee was hot.", FRIDAY)
    assert capture.meeting is None
    assert not (capture.nations or capture.people or capture.statements or capture.questions
                or capture.pledges)


def test_unknown_words_are_left_alone():
    capture = capture_text("Zorblat Minister Quux Vexen said the Frobnian plan will stand.")
    assert {n.code for n in capture.nations} == set()
    # A person may be proposed, but never a nation for them the text does not give.
    assert all(p.nation_code is None for p in capture.people)


def test_a_pledge_carries_quantity_and_capability():
    capture = capture_text("Norway is ready to contribute two surveillance aircraft.")
    (pledge,) = capture.pledges
    assert (pledge.nation_code, pledge.capability, pledge.quantity, pledge.unit,
            pledge.status) == ("NOR", "isr", 2, "surveillance aircraft", "offered")


def test_a_refusal_is_not_a_pledge():
    assert capture_text("Poland cannot send troops.").pledges == ()


def test_the_source_is_the_report_title_and_date():
    capture = capture_text("Ministers meet in Riga\n\nThey met on Thursday.", FRIDAY)
    assert capture.source == "Ministers meet in Riga (2025-04-11)"


def test_an_empty_register_is_a_register_with_nothing_known():
    capture = capture_text(SCENARIO_ARTICLE.read_text(encoding="utf-8"), FRIDAY, KnownRegister())
    assert not any(n.known for n in capture.nations)
