"""Every table model passes pytest-qt's model tester, filtered and sorted too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coalition_desk.domain.records import Issue
from coalition_desk.services import meetings, nations, questions, records
from coalition_desk.ui.models.meetings import MeetingsModel
from coalition_desk.ui.models.nations import NationsModel
from coalition_desk.ui.models.questions import QuestionsModel
from tests.conftest import uuid_of


def _nations_model(database) -> NationsModel:
    model = NationsModel()
    model.show_issues(records.list_all(database, Issue), None)
    model.set_rows(nations.list_nations(database))
    return model


def _meetings_model(database) -> MeetingsModel:
    model = MeetingsModel()
    model.set_rows(meetings.list_meetings(database))
    return model


def _questions_model(database) -> QuestionsModel:
    model = QuestionsModel()
    model.set_rows(questions.list_questions(database))
    return model


@pytest.mark.parametrize("make", [_nations_model, _meetings_model, _questions_model])
def test_each_table_model_passes_the_model_tester(qtmodeltester, demo_db, make) -> None:
    model = make(demo_db)
    qtmodeltester.check(model, force_py=True)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_filter_text("a")
    qtmodeltester.check(model, force_py=True)


def test_nations_sort_by_stance_and_filter_by_text(demo_db) -> None:
    model = _nations_model(demo_db)
    backstop = model.column_headers().index("U.S. backstop")
    model.sort(backstop, Qt.SortOrder.AscendingOrder)
    names = [row.name for row in model.rows]
    # Least favourable first (United States: not committed), nations without a stance last.
    assert names[0] == "United States"
    assert set(names[1:3]) == {"Finland", "Netherlands"}
    model.set_filter_text("cannot send")
    assert {row.name for row in model.rows} == {"Poland", "Greece"}
    assert model.total_count == 10


def test_a_stale_stance_says_so_and_is_coloured(demo_db) -> None:
    model = _nations_model(demo_db)
    column = model.column_headers().index("U.S. backstop")
    row = model.row_of_uuid(uuid_of("nation", "USA"))
    index = model.index(row, column)
    # The demo's positions date from April 2025: long past the 90-day threshold.
    assert index.data() == "⚠ Not committed"
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "reconfirm" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_an_overdue_question_stands_out(demo_db, qtmodeltester) -> None:
    import datetime as dt

    from coalition_desk.domain.records import Question
    from coalition_desk.services.crud import Writer

    Writer(demo_db, "test").create(
        Question(text="Confirm lift capacity", due_date=dt.date(2025, 5, 1))
    )
    model = _questions_model(demo_db)
    due = model.column_headers().index("Due")
    row = next(i for i, q in enumerate(model.rows) if q.text == "Confirm lift capacity")
    index = model.index(row, due)
    assert index.data() == "2025-05-01 OVERDUE"
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    qtmodeltester.check(model, force_py=True)


def test_a_sorted_table_sorts_new_rows_by_their_own_text(demo_db) -> None:
    from dataclasses import replace

    model = _meetings_model(demo_db)
    place = model.column_headers().index("Place")
    model.sort(place, Qt.SortOrder.AscendingOrder)
    places = [row.place for row in model.rows]
    assert places == sorted(places, key=str.casefold)
    model.sort(place, Qt.SortOrder.DescendingOrder)
    assert [row.place for row in model.rows] == sorted(places, key=str.casefold, reverse=True)
    # The same meetings read again with other places (an edit): sorted by the new ones.
    renamed = [replace(row, place=f"{i:03} {row.place}")
               for i, row in enumerate(meetings.list_meetings(demo_db))]
    model.set_rows(renamed)
    shown = [row.place for row in model.rows]
    assert shown == sorted(shown, reverse=True) and shown != [r.place for r in renamed]
