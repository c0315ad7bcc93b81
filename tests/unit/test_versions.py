"""Issue 14 point 3: a save of a record read before another write changed it is refused.

The window read Poland, an import changed Poland's notes, then the window saved its
copy: the import's change was silently lost. Every update and delete now says which
version it read; a stale one raises StaleRecordError naming mine and theirs.
"""

import dataclasses

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.services import bulk, records
from coalition_desk.services.crud import Writer
from coalition_desk.store.versions import StaleRecordError
from tests.conftest import uuid_of


def poland(database) -> rec.Nation:
    return records.get(database, rec.Nation, uuid_of("nation", "POL"))


def test_a_save_of_a_copy_read_before_an_import_changed_it_is_refused(demo_db) -> None:
    window, importer = Writer(demo_db, origin="window"), Writer(demo_db, origin="import")
    read_by_window = poland(demo_db)
    importer.update(dataclasses.replace(poland(demo_db), notes="From Bob's workbook"))
    with pytest.raises(StaleRecordError) as caught:
        window.update(dataclasses.replace(read_by_window, constraints="Typed by Alice"))
    assert poland(demo_db).notes == "From Bob's workbook"
    assert poland(demo_db).constraints == read_by_window.constraints
    message = str(caught.value)
    assert "Poland" in message and "changed elsewhere" in message
    assert ("notes", read_by_window.notes, "From Bob's workbook") in caught.value.differences
    assert ("constraints", "Typed by Alice", read_by_window.constraints) in \
        caught.value.differences


def test_a_fresh_copy_saves_and_moves_the_version_on(demo_db) -> None:
    writer = Writer(demo_db)
    before = poland(demo_db)
    writer.update(dataclasses.replace(before, notes="first"))
    after = poland(demo_db)
    assert after.version == before.version + 1
    assert after.revisions.split()[1:] == before.revisions.split()[:len(after.revisions.split()) - 1]
    writer.update(dataclasses.replace(after, notes="second"))
    assert poland(demo_db).notes == "second"


def test_a_delete_of_a_stale_copy_is_refused(demo_db) -> None:
    writer = Writer(demo_db)
    read = poland(demo_db)
    writer.update(dataclasses.replace(read, notes="changed meanwhile"))
    with pytest.raises(StaleRecordError):
        writer.delete("nation", read.uuid, cascade=True, version=read.version)
    assert poland(demo_db).notes == "changed meanwhile"


def test_a_delete_leaves_a_tombstone_and_an_undo_descends_from_it(demo_db) -> None:
    from coalition_desk.store import models

    writer = Writer(demo_db)
    uuid = uuid_of("nation", "LVA")
    changes = writer.delete("nation", uuid, cascade=True)
    with demo_db.session() as session:
        tombstone = session.get(models.TombstoneRow, uuid)
        assert tombstone is not None and tombstone.entity == "nation"
        deletion = tombstone.revisions.split()[0]
    writer.revert(changes)
    restored = records.get(demo_db, rec.Nation, uuid)
    assert deletion in restored.revisions.split()
    with demo_db.session() as session:
        assert session.get(models.TombstoneRow, uuid) is None


def test_undo_never_overwrites_a_newer_edit(demo_db) -> None:
    writer = Writer(demo_db)
    changes = writer.update(dataclasses.replace(poland(demo_db), notes="mine"))
    Writer(demo_db, origin="import").update(dataclasses.replace(poland(demo_db), notes="newer"))
    with pytest.raises(StaleRecordError):
        writer.revert(changes)
    assert poland(demo_db).notes == "newer"


def test_a_bulk_update_checks_versions_too(demo_db) -> None:
    read = poland(demo_db)
    Writer(demo_db).update(dataclasses.replace(read, notes="changed meanwhile"))
    with demo_db.session() as session, pytest.raises(StaleRecordError):
        bulk.write_batch(session, "nation", (), [(read, dataclasses.replace(read, notes="x"))],
                         "import")
    assert poland(demo_db).notes == "changed meanwhile"
    fresh = poland(demo_db)
    with demo_db.session() as session:
        bulk.write_batch(session, "nation", (), [(fresh, dataclasses.replace(fresh, notes="y"))],
                         "import")
    assert poland(demo_db).notes == "y"
    assert poland(demo_db).version == fresh.version + 1
