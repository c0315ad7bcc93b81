"""The merge's refusals, its idempotence, duplicates and combining, audited origins."""

import dataclasses
import shutil
import sqlite3

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.reports.merge_source import run_merge
from coalition_desk.services import demo, records
from coalition_desk.services.crud import Writer
from coalition_desk.services.merge import (
    apply_plan,
    combine_records,
    decide_all,
    plan_merge,
    read_replica,
    register_file,
)
from coalition_desk.services.versions import StaleRecordError
from coalition_desk.store.engine import open_database
from tests.cli.test_commands import run
from tests.conftest import FIXTURES
from tests.merge.helpers import digest, edit_nation


@pytest.fixture
def pair(tmp_path):
    alice, bob = tmp_path / "alice.sqlite3", tmp_path / "bob.sqlite3"
    database = open_database(alice)
    demo.install_demo(database)
    database.dispose()
    shutil.copy(alice, bob)
    return alice, bob


def test_a_file_that_is_not_a_register_is_refused_in_one_line(pair, tmp_path) -> None:
    alice, _bob = pair
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("meeting notes, not a register")
    songs = tmp_path / "songs.sqlite3"
    connection = sqlite3.connect(songs)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(alice, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    before = digest(alice)
    for other, reason in ((notes, "not an SQLite file"), (songs, "another program"),
                          (newer, "newer version"), (tmp_path / "missing.sqlite3", "not a file")):
        result = run("--db", str(alice), "merge", str(other))
        assert result.returncode == 2, (other, result.stdout, result.stderr)
        assert reason in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert digest(alice) == before


def test_a_workbook_with_problems_is_refused_with_all_of_them(pair, tmp_path) -> None:
    from openpyxl import load_workbook

    alice, bob = pair
    workbook = tmp_path / "bob.xlsx"
    assert run("--db", str(bob), "export", str(workbook)).returncode == 0
    book = load_workbook(workbook)
    sheet = book["Nations"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("code") + 1, value="")
    sheet.cell(row=3, column=headers.index("kind") + 1, value="planet")
    book.save(workbook)
    before = digest(alice)
    result = run("--db", str(alice), "merge", str(workbook))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "2 problem(s)" in result.stderr and "planet" in result.stderr
    assert digest(alice) == before


def test_merging_with_itself_or_the_same_file_twice_changes_nothing(pair) -> None:
    alice, bob = pair
    edit_nation(bob, "LVA", notes="Bob's note")
    assert "Nothing to merge" in run("--db", str(alice), "merge", str(alice)).stdout
    assert run("--db", str(alice), "merge", str(bob)).returncode == 0
    before = digest(alice)
    again = run("--db", str(alice), "merge", str(bob))
    assert again.returncode == 0 and "Nothing to merge" in again.stdout
    assert digest(alice) == before


def test_merged_changes_are_audited_from_the_other_register(pair) -> None:
    alice, bob = pair
    edit_nation(bob, "LVA", notes="Bob's note")
    database = open_database(alice)
    try:
        outcome = run_merge(database, bob)
        assert outcome.exit_code == 0
        other_id = outcome.plan.other_id
        trail = records.audit_trail(database, demo.demo_uuid("nation", "LVA"))
    finally:
        database.dispose()
    assert trail[-1].origin == f"merge from bob {other_id}"
    assert trail[-1].after["notes"] == "Bob's note"


def test_an_older_register_merges_from_a_private_upgraded_copy(pair, tmp_path) -> None:
    alice, _bob = pair
    old = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_0004_positions_by_nation_and_meeting.sqlite3", old)
    before = digest(old)
    result = run("--db", str(alice), "merge", str(old), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    # Its Poland and its issue have the demo's code and name: duplicates to decide.
    assert "added: 1" in result.stdout and "conflicts: 2" in result.stdout
    assert "nation 'Poland': added there with the same code or name" in result.stdout
    assert digest(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alice.sqlite3", "bob.sqlite3",
                                                          "old.sqlite3"]


def test_a_plan_applied_after_the_register_changed_is_refused(pair) -> None:
    alice, bob = pair
    edit_nation(bob, "LVA", notes="Bob's note")
    database = open_database(alice)
    try:
        with register_file(bob, database) as theirs:
            plan = plan_merge(read_replica(database), theirs)
        latvia = records.get(database, rec.Nation, demo.demo_uuid("nation", "LVA"))
        Writer(database).update(dataclasses.replace(latvia, constraints="changed meanwhile"))
        with pytest.raises(StaleRecordError):
            apply_plan(database, plan, decide_all(plan, "theirs"), backup=False)
        latvia = records.get(database, rec.Nation, demo.demo_uuid("nation", "LVA"))
        assert latvia.notes != "Bob's note" and latvia.constraints == "changed meanwhile"
    finally:
        database.dispose()


def test_two_nations_typed_apart_are_a_conflict_then_combined(pair) -> None:
    alice, bob = pair
    for path, notes in ((alice, "Alice's Moldova"), (bob, "Bob's Moldova")):
        database = open_database(path)
        Writer(database).create(rec.Nation(name="Moldova", code="MDA", notes=notes))
        database.dispose()
    dry = run("--db", str(alice), "merge", str(bob), "--dry-run")
    assert "same code or name" in dry.stdout, dry.stdout
    assert run("--db", str(alice), "merge", str(bob)).returncode == 3
    assert run("--db", str(alice), "merge", str(bob), "--take", "mine").returncode == 0
    database = open_database(alice)
    try:
        moldovas = [n for n in records.list_all(database, rec.Nation) if n.code == "MDA"]
        assert [n.notes for n in moldovas] == ["Alice's Moldova"]
    finally:
        database.dispose()
    again = run("--db", str(alice), "merge", str(bob))
    assert again.returncode == 0 and "Nothing to merge" in again.stdout, again.stdout


def test_near_identical_people_are_listed_and_combining_keeps_a_redirect(pair) -> None:
    alice, bob = pair
    database = open_database(alice)
    try:
        position = records.list_all(database, rec.Position)[0]
        norway = position.nation_uuid  # the speaker must belong to the position's nation
        Writer(database).create(rec.Person(name="Jonas Gahr Støre", nation_uuid=norway))
    finally:
        database.dispose()
    database = open_database(bob)
    try:
        created = Writer(database).create(rec.Person(name="Jonas Gahr Store",
                                                     nation_uuid=norway))
        bobs = created.changes[0].uuid
        position = records.get(database, rec.Position, position.uuid)
        Writer(database).update(dataclasses.replace(position, speaker_uuid=bobs))
    finally:
        database.dispose()
    dry = run("--db", str(alice), "merge", str(bob), "--dry-run")
    assert "Likely duplicate: person 'Jonas Gahr Støre' and 'Jonas Gahr Store'" in dry.stdout
    assert run("--db", str(alice), "merge", str(bob)).returncode == 0
    database = open_database(alice)
    try:
        people = {p.name: p.uuid for p in records.list_all(database, rec.Person)}
        combine_records(database, "person", people["Jonas Gahr Støre"], bobs)
        spoken = records.get(database, rec.Position, position.uuid)
        assert spoken.speaker_uuid == people["Jonas Gahr Støre"]
        trail = records.audit_trail(database, position.uuid)
        assert trail[-1].origin == "combine"
    finally:
        database.dispose()
    again = run("--db", str(alice), "merge", str(bob))
    assert again.returncode == 0, again.stdout + again.stderr
    database = open_database(alice)
    try:
        names = [p.name for p in records.list_all(database, rec.Person)]
        assert "Jonas Gahr Store" not in names, "the combined duplicate came back"
    finally:
        database.dispose()
