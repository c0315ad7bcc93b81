"""Saving captured proposals: all in one transaction, nothing guessed, nothing lost."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from coalition_desk.capture import capture_text
from coalition_desk.capture.apply import UNSORTED_ISSUE, CaptureApplyError, Kept, save
from coalition_desk.capture.register import read_register
from coalition_desk.domain import records as rec
from coalition_desk.services import records
from tests.conftest import SCENARIO_ARTICLE

FRIDAY = dt.date(2025, 4, 11)


def article(database):
    return capture_text(SCENARIO_ARTICLE.read_text(encoding="utf-8"), FRIDAY,
                        read_register(database))


def test_saving_the_article_into_an_empty_register(empty_db):
    capture = article(empty_db)
    changes = save(empty_db, capture)
    counts = records.counts(empty_db)
    assert counts["nations"] == 13 and counts["people"] == 9 and counts["meetings"] == 1
    assert counts["positions"] == 15 and counts["questions"] == 6 and counts["pledges"] == 1
    assert len(changes.created) == sum(counts.values())
    positions = records.list_all(empty_db, rec.Position)
    assert all(p.stance is None for p in positions)  # no stance guessed
    assert {p.source for p in positions} == {capture.source}
    healey = next(p for p in records.list_all(empty_db, rec.Person) if p.name == "John Healey")
    quoted = [p for p in positions if p.quote]
    assert len(quoted) == 4 and sum(p.speaker_uuid == healey.uuid for p in quoted) == 3
    (meeting,) = records.list_all(empty_db, rec.Meeting)
    assert (meeting.date, meeting.headcount_reported) == (dt.date(2025, 4, 10), 30)
    assert all(p.meeting_uuid == meeting.uuid for p in positions)
    (issue,) = records.list_all(empty_db, rec.Issue)
    assert issue.name == UNSORTED_ISSUE


def test_a_second_capture_of_the_same_text_matches_what_the_first_saved(empty_db):
    save(empty_db, article(empty_db))
    again = article(empty_db)
    assert all(n.known for n in again.nations)
    assert all(p.known for p in again.people)
    assert again.meeting.known


def test_the_demo_register_keeps_its_records_and_gains_only_new_ones(demo_db):
    before = records.counts(demo_db)
    capture = article(demo_db)
    save(demo_db, capture)
    after = records.counts(demo_db)
    new_nations = [n for n in capture.nations if not n.known]
    assert after["nations"] - before["nations"] == len(new_nations)
    assert after["meetings"] == before["meetings"]  # the Brussels meeting was matched


def test_unticked_proposals_are_not_saved(empty_db):
    capture = article(empty_db)
    kept = Kept(statements=frozenset({0}), questions=frozenset(), pledges=frozenset(),
                people=frozenset(), nations=None)
    save(empty_db, capture, kept)
    counts = records.counts(empty_db)
    assert (counts["positions"], counts["questions"], counts["pledges"], counts["people"]) == (
        1, 0, 0, 0)


def test_a_statement_whose_nation_is_unticked_saves_nothing_and_says_which(empty_db):
    capture = article(empty_db)
    latvia = next(i for i, n in enumerate(capture.nations) if n.code == "LVA")
    everything_but_latvia = frozenset(range(len(capture.nations))) - {latvia}
    with pytest.raises(CaptureApplyError, match="needs Latvia, which is not ticked"):
        save(empty_db, capture, Kept(nations=everything_but_latvia))
    assert records.is_empty(empty_db)


def test_a_stance_the_officer_picked_is_saved(empty_db):
    capture = article(empty_db)
    first = dataclasses.replace(capture.statements[0], stance="No issue applies")
    capture = dataclasses.replace(capture, statements=(first, *capture.statements[1:]))
    save(empty_db, capture, Kept(statements=frozenset({0})))
    (position,) = records.list_all(empty_db, rec.Position)
    assert position.stance == "No issue applies"
