"""What an officer reads in the window: whole columns, empty tables that say why, plain words."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QTableView

from coalition_desk.ui.dialogs.find_dialog import FindDialog
from coalition_desk.ui.dialogs.issue_dialog import OPTIONS_HINT, SCALE_HINT
from coalition_desk.ui.models.nations import STALE_MARK
from coalition_desk.ui.table_view import EMPTY_TEXT_COLOUR
from tests.conftest import uuid_of

POLAND = uuid_of("nation", "POL")
LATVIA = uuid_of("nation", "LVA")
BRUSSELS = uuid_of("meeting", "brussels")


def column_in_sight(view: QTableView, column: int) -> bool:
    left = view.columnViewportPosition(column)
    return left >= 0 and left + view.columnWidth(column) <= view.viewport().width()


def shows_message_ink(view: QTableView) -> bool:
    """Whether the viewport, as painted, holds the empty-table message's colour."""
    image: QImage = view.viewport().grab().toImage()
    wanted = QColor(EMPTY_TEXT_COLOUR)
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            if (
                abs(colour.red() - wanted.red()) < 40
                and abs(colour.green() - wanted.green()) < 40
                and abs(colour.blue() - wanted.blue()) < 40
            ):
                return True
    return False


def test_the_status_bar_says_1_pledge_not_1_pledges(window) -> None:
    text = window.counts_label.text()
    assert "6 questions · 1 pledge · " in text, text


def test_attendance_statements_and_raised_at_are_in_sight_without_scrolling(window) -> None:
    meetings = window.meetings_pane.view
    headers = window.meetings_pane.model.column_headers()
    for title in ("Attendance", "Statements"):
        assert column_in_sight(meetings, headers.index(title)), title
    assert meetings.horizontalScrollBar().maximum() == 0
    questions = window.questions_pane.view
    headers = window.questions_pane.model.column_headers()
    assert column_in_sight(questions, headers.index("Raised at"))
    assert questions.horizontalScrollBar().maximum() == 0
    # The title and the question give way, but stay readable.
    assert questions.columnWidth(headers.index("Question")) >= 200


def test_unresolved_questions_give_the_empty_resolved_at_column_to_the_question(window) -> None:
    pane = window.questions_pane
    resolved = pane.model.column_headers().index("Resolved at")
    question = pane.model.column_headers().index("Question")
    narrow = pane.view.columnWidth(question)
    assert pane.view.isColumnHidden(resolved)
    pane.set_statuses(())
    assert not pane.view.isColumnHidden(resolved)
    assert pane.view.columnWidth(question) < narrow


def test_a_nation_with_no_meeting_says_so_instead_of_an_empty_grid(window, qtbot) -> None:
    view = window.meetings_pane.view
    assert not view.is_showing_empty_message()
    window.hub.select_nation(POLAND)
    assert window.meetings_pane.model.rowCount() == 0
    assert view.is_showing_empty_message()
    assert "No recorded meeting was attended by Poland" in view.empty_message
    qtbot.waitUntil(lambda: shows_message_ink(view))


def test_a_filter_that_matches_nothing_says_so(window, qtbot) -> None:
    pane = window.nations_pane
    pane.filter_box.setText("Atlantis")
    assert pane.view.is_showing_empty_message()
    assert (
        pane.view.empty_message == "No nation matches “Atlantis”. Clear the filter to see all 10."
    )
    qtbot.waitUntil(lambda: shows_message_ink(pane.view))
    pane.filter_box.clear()
    assert not pane.view.is_showing_empty_message()


def test_no_question_with_a_status_says_which_status_and_how_to_see_all(window) -> None:
    pane = window.questions_pane
    pane.status_filter.setCurrentIndex(pane.status_filter.findText("Answered"))
    window.hub.select_meeting(BRUSSELS)
    assert pane.model.rowCount() == 0
    assert pane.view.empty_message == (
        "No questions for the selected meeting with status “Answered”. "
        "Choose “All statuses” above to see every one."
    )


def test_a_stale_stance_is_marked_where_a_narrow_column_cannot_cut_it_off(window) -> None:
    window.hub.select_issue(uuid_of("issue", "peacedeal"))
    model = window.nations_pane.model
    column = model.column_headers().index("Dependence on peace-deal terms")
    text = model.index(model.row_of_uuid(LATVIA), column).data()
    assert text.startswith(STALE_MARK) and "Depends on the deal's terms" in text
    legend = window.nations_pane.legend.text()
    assert "least favourable" in legend and "most favourable" in legend
    assert f"{STALE_MARK}stale</i>: not reconfirmed in 90 days" in legend


def test_find_says_what_to_type_and_when_nothing_matches(window, qtbot) -> None:
    dialog = FindDialog(window.hub, window)
    qtbot.addWidget(dialog)
    assert "Type a name" in dialog.summary.text()
    dialog.query.setText("zzzqqq")
    dialog.run_search()
    assert dialog.summary.text() == "Nothing found for “zzzqqq”. Try fewer or shorter words."
    dialog.query.setText("Belarus")
    dialog.run_search()
    assert dialog.summary.text().endswith(
        " found. Enter or a double-click shows the highlighted one."
    )


def test_a_long_source_shows_its_beginning(window) -> None:
    window.edit_controller.present = lambda _dialog: None
    dialog = window.edit_controller.open_editor("position", uuid_of("position", "fra-location"))
    assert dialog is not None
    assert len(dialog.source_edit.text()) > 40
    assert dialog.source_edit.cursorPosition() == 0


def test_the_issue_form_says_in_which_order_to_list_the_stances(window) -> None:
    window.edit_controller.present = lambda _dialog: None
    dialog = window.edit_controller.open_editor("issue", uuid_of("issue", "troops"))
    assert dialog is not None
    hint = dialog.hints["stances"]
    assert hint.text() == SCALE_HINT and not hint.isHidden()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("options"))
    assert hint.text() == OPTIONS_HINT
