"""A value the officer typed is refused with a reason, never changed into another one."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import ValidationError
from coalition_desk.services import records, settings
from coalition_desk.services.crud import Writer

DAY = dt.date(2025, 4, 10)


@pytest.fixture
def writer(demo_db) -> Writer:
    return Writer(demo_db, origin="test")


def _some(database, record_type):
    return records.list_all(database, record_type)[0]


def test_a_negative_pledge_quantity_is_refused_not_made_zero(demo_db, writer) -> None:
    nation = _some(demo_db, rec.Nation)
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Pledge(nation_uuid=nation.uuid, capability="troops", as_of=DAY,
                                 quantity=-300))
    assert caught.value.reason_for("quantity") == "must be a number of 0 or more"


def test_a_salience_over_100_is_refused_not_made_99(demo_db, writer) -> None:
    position = _some(demo_db, rec.Position)
    with pytest.raises(ValidationError) as caught:
        writer.update(dataclasses.replace(position, salience=999))
    assert "from 0 to 100 (got 999)" in caught.value.reason_for("salience")
    assert records.get(demo_db, rec.Position, position.uuid).salience == position.salience


def test_an_answered_question_needs_an_answer_or_a_resolving_meeting(demo_db, writer) -> None:
    question = _some(demo_db, rec.Question)
    bare = dataclasses.replace(question, status="answered", answer="  ", resolved_at_uuid=None)
    with pytest.raises(ValidationError) as caught:
        writer.update(bare)
    assert "needs its answer, or the meeting that resolved it" in caught.value.reason_for("answer")
    meeting = _some(demo_db, rec.Meeting)
    writer.update(dataclasses.replace(bare, resolved_at_uuid=meeting.uuid))
    writer.update(dataclasses.replace(bare, answer="Six brigades.", resolved_at_uuid=None))
    assert records.get(demo_db, rec.Question, question.uuid).answer == "Six brigades."


def test_a_speaker_from_another_nation_is_refused_unless_on_behalf(demo_db, writer) -> None:
    people = [p for p in records.list_all(demo_db, rec.Person) if p.nation_uuid]
    position = next(p for p in records.list_all(demo_db, rec.Position)
                    if any(person.nation_uuid != p.nation_uuid for person in people))
    stranger = next(p for p in people if p.nation_uuid != position.nation_uuid)
    with pytest.raises(ValidationError) as caught:
        writer.update(dataclasses.replace(position, speaker_uuid=stranger.uuid))
    assert "speaker belongs to another nation" in caught.value.reason_for("speaker_uuid")
    writer.update(dataclasses.replace(position, speaker_uuid=stranger.uuid,
                                      speaker_capacity="on_behalf"))
    stored = records.get(demo_db, rec.Position, position.uuid)
    assert (stored.speaker_uuid, stored.speaker_capacity) == (stranger.uuid, "on_behalf")
    own = next((p for p in people if p.nation_uuid == position.nation_uuid), None)
    if own is not None:
        writer.update(dataclasses.replace(position, speaker_uuid=own.uuid))


def test_a_marking_longer_than_the_banner_is_refused_with_the_limit(demo_db) -> None:
    long_marking = "OFFICIAL-SENSITIVE " + "HANDLE VIA COALITION CHANNELS ONLY " * 2
    with pytest.raises(ValidationError) as caught:
        settings.set_protective_marking(demo_db, long_marking)
    reason = caught.value.reason_for("protective_marking")
    assert f"show at most {settings.MAX_MARKING_LENGTH}" in reason
    assert f"is {len(' '.join(long_marking.split()))} characters" in reason
    assert settings.protective_marking(demo_db) != long_marking.strip()
