"""Every write: validated first, one transaction, audited, returns what it changed."""

import dataclasses
import datetime as dt

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import ValidationError
from coalition_desk.services import records
from coalition_desk.services.crud import HasDependents, Writer
from tests.conftest import uuid_of


@pytest.fixture
def writer(demo_db) -> Writer:
    return Writer(demo_db, origin="test")


def test_validation_error_names_the_field(writer) -> None:
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Nation(name="  ", code="pol", kind="state", role="lead"))
    assert set(caught.value.fields) >= {"name", "code"}
    assert caught.value.reason_for("name") == "is required"


def test_duplicate_code_is_refused(writer) -> None:
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Nation(name="Poland again", code="POL", kind="state", role="participant"))
    assert caught.value.fields == ("code",)
    assert "already" in caught.value.problems[0].reason


def test_enum_values_and_dates_are_checked(writer) -> None:
    with pytest.raises(ValidationError) as caught:
        writer.create(
            rec.Meeting(
                title="x", date=dt.date(2025, 5, 2), end_date=dt.date(2025, 5, 1), format="party"
            )
        )
    assert set(caught.value.fields) == {"format", "end_date"}


def test_stance_must_be_on_the_issue_scale(writer) -> None:
    with pytest.raises(ValidationError) as caught:
        writer.create(
            rec.Position(
                nation_uuid=uuid_of("nation", "POL"),
                issue_uuid=uuid_of("issue", "backstop"),
                as_of=dt.date(2025, 5, 1),
                stance="Enthusiastic",
            )
        )
    assert caught.value.fields == ("stance",)


def test_unknown_reference_is_named(writer) -> None:
    with pytest.raises(ValidationError) as caught:
        writer.create(rec.Person(name="Someone", nation_uuid="no-such-nation"))
    assert caught.value.fields == ("nation_uuid",)


def test_a_refused_write_changes_nothing(writer, demo_db) -> None:
    before = records.counts(demo_db)
    with pytest.raises(ValidationError):
        writer.create(rec.Nation(name="X", code="x!", kind="state", role="lead"))
    assert records.counts(demo_db) == before


def test_each_write_leaves_an_audit_entry(writer, demo_db) -> None:
    created = writer.create(rec.Nation(name="Estonia", code="EST", role="participant"))
    uuid = created.changes[0].uuid
    current = records.get(demo_db, rec.Nation, uuid)
    writer.update(dataclasses.replace(current, notes="Offered staff officers."))
    writer.delete("nation", uuid)
    trail = records.audit_trail(demo_db, uuid)
    assert [entry.action for entry in trail] == ["create", "update", "delete"]
    assert trail[1].before["notes"] == "" and trail[1].after["notes"] == "Offered staff officers."
    assert all(entry.os_user and entry.origin == "test" for entry in trail)


def test_update_returns_before_and_after(writer, demo_db) -> None:
    poland = records.get(demo_db, rec.Nation, uuid_of("nation", "POL"))
    changes = writer.update(dataclasses.replace(poland, role="participant"))
    (change,) = changes.changes
    assert change.before.role == "not_stated" and change.after.role == "participant"
    assert changes.touches("nation") and not changes.touches("meeting")


def test_delete_with_dependents_asks_first(writer) -> None:
    with pytest.raises(HasDependents) as caught:
        writer.delete("nation", uuid_of("nation", "LVA"))
    described = ", ".join(caught.value.dependents)
    assert "positions (deleted too)" in described
    assert "person (unlinked)" in described


def test_cascade_delete_then_revert_restores_exactly(writer, demo_db) -> None:
    before = {
        t: records.list_all(demo_db, t)
        for t in (rec.Nation, rec.Position, rec.Person, rec.Pledge, rec.Attendance)
    }
    changes = writer.delete("nation", uuid_of("nation", "LVA"), cascade=True)
    assert records.counts(demo_db)["positions"] == 10
    writer.revert(changes)
    after = {t: records.list_all(demo_db, t) for t in before}
    for record_type, old in before.items():
        strip = lambda rs: sorted(  # noqa: E731
            # A restored record is a new write: its version and revisions move on.
            (dataclasses.replace(r, created_at=None, updated_at=None, version=0, revisions="")
             for r in rs),
            key=lambda r: r.uuid,
        )
        assert strip(after[record_type]) == strip(old), record_type


def test_revert_then_apply_is_redo(writer, demo_db) -> None:
    created = writer.create(rec.Question(text="Who commands the force?"))
    writer.revert(created)
    assert records.counts(demo_db)["questions"] == 6
    writer.apply(created)
    assert records.get(demo_db, rec.Question, created.changes[0].uuid).text == (
        "Who commands the force?"
    )


def test_renaming_a_stance_in_use_is_refused(writer, demo_db) -> None:
    issue = records.get(demo_db, rec.Issue, uuid_of("issue", "backstop"))
    with pytest.raises(ValidationError) as caught:
        writer.update(dataclasses.replace(issue, stances=("No", "Maybe", "Yes")))
    assert caught.value.fields == ("stances",)
