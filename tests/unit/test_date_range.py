"""Dates and the stale threshold stay where the pack and the timeline can use them.

Issue 14, finding 17: 0001-01-01 and 9999-12-31 were accepted, then the pack crashed
(OverflowError) and the timeline raised; a stale threshold of 10**9 days was accepted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from openpyxl import load_workbook
from sqlalchemy import text

from coalition_desk.charts.timeline_data import TimelineRequest, build_timeline_data
from coalition_desk.charts.timeline_draw import draw_timeline
from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import ValidationError
from coalition_desk.reports import write_meeting_pack
from coalition_desk.reports.importer import import_register
from coalition_desk.services import meetings, records, settings
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database
from tests.unit.test_timeline_chart import MEETINGS, NATIONS, OBJECTIVE, POSITIONS, TROOPS

RANGE = "1900-01-01 to 2100-12-31"
OFF_THE_CALENDAR = [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(2101, 1, 1),
                    dt.date(9999, 12, 31)]


@pytest.mark.parametrize("day", OFF_THE_CALENDAR)
def test_a_date_outside_the_range_is_refused_on_entry_naming_the_range(demo_db, day) -> None:
    writer = Writer(demo_db, origin="test")
    meeting = records.list_all(demo_db, rec.Meeting)[0]
    position = records.list_all(demo_db, rec.Position)[0]
    question = records.list_all(demo_db, rec.Question)[0]
    for record, field in (
        (dataclasses.replace(meeting, date=day, end_date=None), "date"),
        (dataclasses.replace(position, as_of=day, last_confirmed=None), "as_of"),
        (dataclasses.replace(question, due_date=day), "due_date"),
    ):
        with pytest.raises(ValidationError) as refused:
            writer.update(record)
        reason = refused.value.reason_for(field)
        assert reason is not None and RANGE in reason and day.isoformat() in reason
    assert records.get(demo_db, rec.Meeting, meeting.uuid) == meeting


@pytest.mark.parametrize(("sheet", "column", "day"), [
    ("Meetings", "date", "0001-01-01"),
    ("Positions", "as_of", "9999-12-31"),
])
def test_a_date_outside_the_range_is_refused_on_import_by_place(sound, tmp_path, sheet, column,
                                                                 day) -> None:
    _register, export = sound
    book = load_workbook(export)
    headers = [cell.value for cell in book[sheet][1]]
    book[sheet].cell(row=2, column=headers.index(column) + 1).value = day
    hostile = tmp_path / "dates.xlsx"
    book.save(hostile)
    database = open_database(tmp_path / "empty.sqlite3")
    try:
        report = import_register(database, hostile)
    finally:
        database.dispose()
    assert not report.ok
    lines = report.problem_lines()
    assert any(f"sheet {sheet!r}, row 2" in line and column in line and RANGE in line
               for line in lines), lines


def test_the_pack_and_the_timeline_take_the_ends_of_the_range(demo_db, tmp_path) -> None:
    writer = Writer(demo_db, origin="test")
    first, second = records.list_all(demo_db, rec.Position)[:2]
    writer.update(dataclasses.replace(first, as_of=dt.date(1900, 1, 1)))
    writer.update(dataclasses.replace(second, as_of=dt.date(2100, 12, 31), last_confirmed=None))
    early, late = records.list_all(demo_db, rec.Meeting)[:2]
    writer.update(dataclasses.replace(early, date=dt.date(1900, 1, 1), end_date=None))
    writer.update(dataclasses.replace(late, date=dt.date(2100, 12, 31), end_date=None))
    for meeting in (early, late, meetings.find_meeting(demo_db, "2025-04-10")):
        written = write_meeting_pack(demo_db, meeting.uuid, tmp_path / f"{meeting.uuid}.xlsx")
        assert load_workbook(written, read_only=True).sheetnames


@pytest.mark.parametrize("ends", [(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
                                  (dt.date.min, dt.date.max)])
def test_the_timeline_draws_dates_at_the_ends_of_the_calendar(ends) -> None:
    # The second pair can only come from a register written before dates were checked.
    positions = [dataclasses.replace(POSITIONS[0], as_of=ends[0]),
                 dataclasses.replace(POSITIONS[1], as_of=ends[1]), POSITIONS[2]]
    figure = Figure(figsize=(8, 4), layout="constrained")
    FigureCanvasAgg(figure)
    data = build_timeline_data(TimelineRequest(), positions, [TROOPS, OBJECTIVE], MEETINGS,
                               NATIONS)
    draw_timeline(figure.add_subplot(), data)
    figure.canvas.draw()
    low, high = figure.axes[0].get_xlim()
    assert low < high


def test_a_pack_for_a_meeting_dated_off_the_calendar_is_refused_by_name(demo_db,
                                                                      tmp_path) -> None:
    # Only a register written before dates were checked can hold one.
    meeting = meetings.find_meeting(demo_db, "2025-04-10")
    with demo_db.session() as session:
        session.execute(text("UPDATE meetings SET date = '0001-01-01', end_date = NULL "
                             "WHERE uuid = :uuid"), {"uuid": meeting.uuid})
    with pytest.raises(ValidationError) as refused:
        write_meeting_pack(demo_db, meeting.uuid, tmp_path / "packs" / "pack.xlsx")
    assert RANGE in str(refused.value) and "0001-01-01" in str(refused.value)
    assert not (tmp_path / "packs").exists()


def test_a_stale_threshold_of_a_billion_days_is_refused_and_never_used(demo_db,
                                                                      tmp_path) -> None:
    with pytest.raises(ValidationError) as refused:
        settings.set_stale_after_days(demo_db, 10**9)
    assert "1 to 3,650 days" in str(refused.value)
    # Stored by something else (an edited database): ignored, the pack is written.
    with demo_db.session() as session:
        # Plain SQL both backends take (team mode runs these tests on PostgreSQL too).
        session.execute(text("DELETE FROM settings WHERE key = :k"),
                        {"k": settings.STALE_DAYS_KEY})
        session.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
                        {"k": settings.STALE_DAYS_KEY, "v": str(10**9)})
    assert settings.stale_after_days(demo_db) == settings.DEFAULT_STALE_DAYS
    meeting = meetings.find_meeting(demo_db, "2025-04-10")
    assert write_meeting_pack(demo_db, meeting.uuid, tmp_path / "pack.xlsx").exists()
