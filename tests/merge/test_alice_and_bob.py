"""Issue 15's example, as two officers run it: two copies of the demo, edited apart.

Alice edits Poland's notes on hers; Bob edits Latvia's on his. Whether Alice imports
Bob's export or merges his register, she keeps her edit and gets his.
"""

import shutil

from coalition_desk.services import demo
from tests.cli.test_commands import run
from tests.merge.helpers import contents, delete_record, digest, edit_nation, nation


def two_officers(tmp_path):
    alice, bob = tmp_path / "alice.sqlite3", tmp_path / "bob.sqlite3"
    assert run("--db", str(alice), "init", "--demo").returncode == 0
    shutil.copy(alice, bob)
    edit_nation(alice, "POL", notes="Alice: Warsaw wants a written guarantee")
    edit_nation(bob, "LVA", notes="Bob: Riga will host the next round")
    return alice, bob


def test_merge_keeps_alices_edit_and_takes_bobs(tmp_path) -> None:
    alice, bob = two_officers(tmp_path)
    merged = run("--db", str(alice), "merge", str(bob))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "changed: 1" in merged.stdout
    assert nation(alice, "POL").notes == "Alice: Warsaw wants a written guarantee"
    assert nation(alice, "LVA").notes == "Bob: Riga will host the next round"


def test_import_of_bobs_export_keeps_alices_edit_and_takes_bobs(tmp_path) -> None:
    alice, bob = two_officers(tmp_path)
    workbook = tmp_path / "bob.xlsx"
    assert run("--db", str(bob), "export", str(workbook)).returncode == 0
    imported = run("--db", str(alice), "import", str(workbook))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert nation(alice, "POL").notes == "Alice: Warsaw wants a written guarantee"
    assert nation(alice, "LVA").notes == "Bob: Riga will host the next round"
    again = run("--db", str(alice), "import", str(workbook))
    assert again.returncode == 0, again.stdout + again.stderr
    assert nation(alice, "POL").notes == "Alice: Warsaw wants a written guarantee"


def test_a_same_field_conflict_stops_with_exit_3_and_changes_nothing(tmp_path) -> None:
    alice, bob = two_officers(tmp_path)
    edit_nation(bob, "POL", notes="Bob: Warsaw is satisfied")
    before = digest(alice)
    merged = run("--db", str(alice), "merge", str(bob))
    assert merged.returncode == 3, merged.stdout + merged.stderr
    assert "nation 'Poland', notes" in merged.stdout
    assert "mine 'Alice: Warsaw wants a written guarantee'" in merged.stdout
    assert "theirs 'Bob: Warsaw is satisfied'" in merged.stdout
    assert "base ''" in merged.stdout or "base " in merged.stdout
    assert "need a decision" in merged.stderr
    assert digest(alice) == before
    assert not list(tmp_path.glob("alice.before-merge-*"))
    # The import of Bob's export stops the same way.
    workbook = tmp_path / "bob.xlsx"
    assert run("--db", str(bob), "export", str(workbook)).returncode == 0
    imported = run("--db", str(alice), "import", str(workbook))
    assert imported.returncode == 3, imported.stdout + imported.stderr
    assert "nation 'Poland', notes" in imported.stdout
    assert digest(alice) == before


def test_take_mine_keeps_both_fields_of_one_record_and_carries_bobs_deletion(tmp_path) -> None:
    alice, bob = two_officers(tmp_path)
    edit_nation(alice, "FRA", notes="Alice: Paris's note")
    edit_nation(bob, "FRA", constraints="Bob: elections in March")
    edit_nation(bob, "POL", notes="Bob: Warsaw is satisfied")
    delete_record(bob, "nation", demo.demo_uuid("nation", "LVA"))
    merged = run("--db", str(alice), "merge", str(bob), "--take", "mine")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    france = nation(alice, "FRA")
    assert france.notes == "Alice: Paris's note"
    assert france.constraints == "Bob: elections in March"
    assert nation(alice, "POL").notes == "Alice: Warsaw wants a written guarantee"
    assert nation(alice, "LVA") is None, "Bob's deletion of Latvia did not travel"


def test_merging_back_the_other_way_makes_the_registers_equal(tmp_path) -> None:
    alice, bob = two_officers(tmp_path)
    edit_nation(alice, "FRA", notes="Alice: Paris's note")
    edit_nation(bob, "FRA", constraints="Bob: elections in March")
    edit_nation(bob, "POL", notes="Bob: Warsaw is satisfied")
    delete_record(bob, "nation", demo.demo_uuid("nation", "LVA"))
    assert run("--db", str(alice), "merge", str(bob), "--take", "mine").returncode == 0
    back = run("--db", str(bob), "merge", str(alice), "--take", "theirs")
    assert back.returncode == 0, back.stdout + back.stderr
    assert contents(alice) == contents(bob)
    # Nothing left to merge either way, and no conflict comes back.
    for here, there in ((alice, bob), (bob, alice)):
        again = run("--db", str(here), "merge", str(there))
        assert again.returncode == 0 and "Nothing to merge" in again.stdout, again.stdout
