"""Selecting in one pane narrows the others, through the hub."""

from __future__ import annotations

from PySide6.QtCore import Qt

from coalition_desk.charts.timeline_draw import SELECTED_MEETING
from coalition_desk.domain.records import Position
from tests.conftest import uuid_of
from tests.gui.helpers import canvas_point, click_row, shown_uuids

POLAND = uuid_of("nation", "POL")
BRUSSELS = uuid_of("meeting", "brussels")


def test_the_window_starts_with_everything_shown(window) -> None:
    assert len(shown_uuids(window.nations_pane.view)) == 10
    assert len(shown_uuids(window.meetings_pane.view)) == 4
    assert len(shown_uuids(window.questions_pane.view)) == 6
    assert window.timeline_pane.is_built
    assert len(window.timeline_pane.data.points) == 12


def test_selecting_poland_narrows_meetings_timeline_and_questions(qtbot, window) -> None:
    click_row(qtbot, window.nations_pane.view, POLAND)

    assert window.hub.context.nation_uuid == POLAND
    # Poland attended none of the demo's meetings and spoke at none.
    assert shown_uuids(window.meetings_pane.view) == []
    assert "Poland" in window.meetings_pane.heading.text()
    timeline = window.timeline_pane.data
    assert [p.uuid for p in timeline.points] == [uuid_of("position", "pol-contribution")]
    assert "Form of contribution" in timeline.rows  # one row per issue for one nation
    assert timeline.title.startswith("Poland")
    # What Poland owes or has a stake in: the question on contributions.
    assert shown_uuids(window.questions_pane.view) == [uuid_of("question", "q-contributions")]
    assert "Poland" in window.selection_bar.label.text()


def test_selecting_the_brussels_ministerial_marks_it_and_narrows_the_questions(
    qtbot, window
) -> None:
    click_row(qtbot, window.meetings_pane.view, BRUSSELS)
    qtbot.waitUntil(window.is_filled)  # the timeline reads every nation's on a pool thread

    drawing = window.timeline_pane.drawing
    assert drawing.highlighted_meeting == BRUSSELS
    line = drawing.meeting_lines[BRUSSELS]
    assert line.get_color() == SELECTED_MEETING
    assert line.get_linewidth() > drawing.meeting_lines[uuid_of("meeting", "paris")].get_linewidth()
    questions = window.questions_pane.model.rows
    assert {q.uuid for q in questions} == {
        uuid_of("question", key) for key in ("q-troops", "q-timeline", "q-objective", "q-us")
    }
    assert all(q.raised_at_uuid == BRUSSELS for q in questions)
    details = window.meetings_pane.details.toPlainText()
    assert "Attendance: 4 recorded" in details
    assert "Andris Sprūds" in details
    # A meeting does not narrow the nations.
    assert len(shown_uuids(window.nations_pane.view)) == 10


def test_a_click_on_a_timeline_marker_selects_that_position(qtbot, window) -> None:
    window.timeline_pane.issue_chooser.setCurrentIndex(
        window.timeline_pane.issue_chooser.findData(uuid_of("issue", "backstop"))
    )
    qtbot.waitUntil(window.is_filled)  # the issue's positions are read on a pool thread
    pane = window.timeline_pane
    pane.canvas.draw()
    netherlands = uuid_of("position", "nld-backstop")
    x, y = pane.drawing.display_position(netherlands)

    with qtbot.waitSignal(window.hub.open_requested) as opened:
        qtbot.mouseClick(
            pane.canvas, Qt.MouseButton.LeftButton, pos=canvas_point(pane.canvas, x, y)
        )

    assert opened.args == ["position", netherlands]
    assert window.hub.context.position_uuid == netherlands
    assert pane.data.selected_uuid == netherlands


def test_a_click_beside_the_markers_selects_nothing(qtbot, window) -> None:
    pane = window.timeline_pane
    pane.canvas.draw()
    qtbot.mouseClick(pane.canvas, Qt.MouseButton.LeftButton, pos=canvas_point(pane.canvas, 5, 5))
    assert window.hub.context.position_uuid is None


def test_choosing_an_issue_switches_the_timeline_and_the_stance_columns(qtbot, window) -> None:
    chooser = window.timeline_pane.issue_chooser
    chooser.setCurrentIndex(chooser.findData(uuid_of("issue", "backstop")))
    assert "Reading the positions" in window.timeline_pane.title.text()
    qtbot.waitUntil(window.is_filled)

    assert window.hub.context.issue_uuid == uuid_of("issue", "backstop")
    headers = window.nations_pane.model.column_headers()
    assert "U.S. backstop" in headers
    assert "Troop numbers" not in headers
    assert {p.uuid for p in window.timeline_pane.data.points} == {
        uuid_of("position", key) for key in ("fin-backstop", "nld-backstop", "usa-backstop")
    }


def test_the_clear_button_shows_everything_again(qtbot, window) -> None:
    click_row(qtbot, window.nations_pane.view, POLAND)
    click_row(qtbot, window.questions_pane.view, uuid_of("question", "q-contributions"))
    assert window.selection_bar.clear_button.isEnabled()

    qtbot.mouseClick(window.selection_bar.clear_button, Qt.MouseButton.LeftButton)

    assert window.hub.context.nation_uuid is None
    assert len(shown_uuids(window.meetings_pane.view)) == 4
    assert len(shown_uuids(window.questions_pane.view)) == 6
    assert not window.nations_pane.view.selectionModel().hasSelection()
    assert not window.selection_bar.clear_button.isEnabled()


def test_enter_on_a_row_asks_to_open_it(qtbot, window) -> None:
    view = window.nations_pane.view
    click_row(qtbot, view, POLAND)
    with qtbot.waitSignal(window.hub.open_requested) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == ["nation", POLAND]


def test_selection_is_kept_by_uuid_across_a_sort_and_a_refresh(qtbot, window) -> None:
    view = window.nations_pane.view
    click_row(qtbot, view, POLAND)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    window.hub.announce(
        window.hub.writer.create(
            Position(
                nation_uuid=uuid_of("nation", "FRA"),
                issue_uuid=uuid_of("issue", "troops"),
                as_of=__import__("datetime").date(2025, 4, 12),
                stance="Substantial force",
            )
        )
    )
    rows = view.selectionModel().selectedRows()
    assert [index.data(Qt.ItemDataRole.UserRole + 1) for index in rows] == [POLAND]


def test_the_selection_bar_shows_a_renamed_nation_by_its_new_name(qtbot, window) -> None:
    import dataclasses

    from coalition_desk.domain.records import Nation
    from coalition_desk.services import records

    poland_uuid = uuid_of("nation", "POL")
    window.hub.select_nation(poland_uuid)
    assert "Poland" in window.selection_bar.label.text()
    poland = records.get(window.hub.database, Nation, poland_uuid)
    window.hub.announce(window.hub.writer.update(dataclasses.replace(poland, name="Polska")))
    assert "Polska" in window.selection_bar.label.text()
    assert "Poland" not in window.selection_bar.label.text()
    assert "from Polska" in window.meetings_pane.heading.text()
    qtbot.waitUntil(window.is_filled)


def test_selecting_names_the_nation_without_reading_it_again(qtbot, window, monkeypatch) -> None:
    from coalition_desk.services import records

    poland_uuid = uuid_of("nation", "POL")
    window.hub.select_nation(poland_uuid)
    window.hub.select_nation(None)
    reads: list[str] = []
    real_get = records.get
    monkeypatch.setattr(records, "get", lambda db, kind, uuid: reads.append(uuid) or real_get(
        db, kind, uuid))
    window.hub.select_nation(poland_uuid)
    assert "Poland" in window.selection_bar.label.text()
    assert "from Poland" in window.meetings_pane.heading.text()
    assert poland_uuid not in reads
