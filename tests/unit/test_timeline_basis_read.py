"""The timeline's basis (nations by name, every meeting labelled) read as plain columns
for its first frame equals the one built from whole records, as before."""

from __future__ import annotations

import pytest

from coalition_desk.charts.timeline_data import TimelineBasis
from coalition_desk.domain.records import Change, ChangeSet, Issue, Meeting, Nation
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.ui.timeline.chart_reads import ChartReads, read_basis


def _from_records(database) -> TimelineBasis:
    issues = records.list_all(database, Issue)
    nations = [(n.uuid, n.name) for n in records.list_all(database, Nation)]
    nations.sort(key=lambda pair: pair[1].lower())
    return TimelineBasis(issues, records.list_all(database, Meeting), nations)


@pytest.mark.both_backends
def test_the_basis_read_as_columns_equals_the_one_built_from_records(demo_db) -> None:
    writer = Writer(demo_db, origin="test")
    first = min(m.date for m in records.list_all(demo_db, Meeting))
    # A meeting with no place (labelled by its title) on a day another meeting has too,
    # and a nation whose name sorts first only without case.
    writer.create(Meeting(title="Unplaced informal coordination call", date=first))
    writer.create(Meeting(title="Second on that day", date=first, place="Room 4, Brussels"))
    writer.create(Nation(name="aardvark republic", code="AAR"))

    expected = _from_records(demo_db)
    read = read_basis(demo_db, records.list_all(demo_db, Issue))
    assert read.nations == expected.nations and read.nations[0][1] == "aardvark republic"
    assert read.meetings == expected.meetings
    assert any(m.label.startswith("Unplaced informal") for m in read.meetings)
    assert read.issues == expected.issues and read.legend == expected.legend


def test_a_basis_read_on_a_pool_thread_is_not_kept_after_a_change_meanwhile(demo_db) -> None:
    reads = ChartReads(demo_db)
    reads.read_issues()
    read = reads.basis_reader()
    before = read(lambda: False)
    reads.forget(ChangeSet((Change("meeting", "create", "x", None, None),)))
    reads.keep_basis(before)
    assert not reads.has_basis()
    reads.keep_basis(reads.basis_reader()(lambda: False))
    assert reads.has_basis() and reads.basis().meetings == _from_records(demo_db).meetings
