"""The timeline's basis (nations by name, every meeting labelled) read as plain columns
for its first frame equals the one built from whole records, as before."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from coalition_desk.charts.timeline_data import TimelineBasis
from coalition_desk.domain.records import Change, ChangeSet, Issue, Meeting, Nation
from coalition_desk.services import positions, records
from coalition_desk.services.crud import Writer
from coalition_desk.ui.hub import SelectionContext
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


def _statements_of(database, call) -> list[str]:
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        call()
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    return statements


def test_the_first_frame_is_prepared_from_the_basis_read_without_a_read_of_its_own(
    demo_db,
) -> None:
    """The day span and the stale threshold come with the basis read on the pool thread;
    the first ``prepare`` (on the GUI thread) read them itself, ~26 ms at scale L."""
    reads = ChartReads(demo_db)
    reads.read_issues()
    reads.keep_basis(reads.basis_reader()(lambda: False))
    assert _statements_of(demo_db, lambda: reads.prepare(SelectionContext(), 100)) == []
    data = reads.prepare(SelectionContext(), 100)()
    assert data.span == positions.date_span(demo_db) is not None


def test_a_day_span_read_with_the_basis_is_not_kept_after_a_position_changed_meanwhile(
    demo_db,
) -> None:
    reads = ChartReads(demo_db)
    reads.read_issues()
    before = reads.basis_reader()(lambda: False)
    reads.forget(ChangeSet((Change("position", "create", "x", None, None),)))
    reads.keep_basis(before)
    assert reads.has_basis()  # a position does not outdate the nations and meetings
    read_again = _statements_of(demo_db, lambda: reads.prepare(SelectionContext(), 100))
    assert any("min(positions.as_of)" in statement for statement in read_again)


def test_a_basis_labels_every_month_as_a_meeting_labelled_alone_is() -> None:
    import datetime as dt

    from coalition_desk.charts.timeline_data import meeting_label, short_month_names

    months = short_month_names()
    for month in range(1, 13):
        meeting = Meeting(title="Coordination call", date=dt.date(2026, month, 28),
                          place="Room 4, Brussels")  # fmt: skip
        assert meeting_label(meeting, months) == meeting_label(meeting)
        assert meeting_label(meeting, months).startswith("Brussels 28 ")
