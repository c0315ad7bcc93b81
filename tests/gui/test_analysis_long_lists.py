"""The Analysis at a large register: long lists said in short, every meeting to choose from."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from coalition_desk.domain.analysis import GapPledge, GapRow
from coalition_desk.ui.analysis.analysis_moved import CHOSEN_DATE, START_OF_RECORD, DateOrMeeting
from coalition_desk.ui.analysis.analysis_pane import AnalysisPane
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.models.analysis_gap_model import LISTED, GapModel
from tests.conftest import uuid_of

NOT_COUNTED, CAVEATS = 7, 8


def pledges(count: int, status: str, quantity: float | None) -> tuple[GapPledge, ...]:
    return tuple(GapPledge(f"Nation {n}", status, quantity, "personnel", f"caveat {n}")
                 for n in range(count))  # fmt: skip


def test_a_capability_with_thousands_of_pledges_names_the_first_and_counts_the_rest(
    qtbot,
) -> None:
    row = GapRow("Deterrence", "troops", "personnel", 10_000,
                 pledges=pledges(2_000, "considering", 100) + pledges(5, "offered", None))  # fmt: skip
    model = GapModel()
    model.set_rows([row])
    not_counted = model.data(model.index(0, NOT_COUNTED))
    assert not_counted.startswith("Nation 0 considering; Nation 1 considering; ")
    assert not_counted.endswith(f"Nation {LISTED - 1} considering; … and 1,993 more")
    caveats = model.data(model.index(0, CAVEATS))
    assert caveats.endswith("… and 1,993 more") and caveats.count("caveat") == LISTED
    tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines()[0] == "Nation 0: 100 personnel (considering)"
    assert tooltip.splitlines()[-1] == "… and 1,993 more"


def test_a_short_list_is_shown_whole(qtbot) -> None:
    row = GapRow("Deterrence", "troops", "personnel", 10_000,
                 pledges=pledges(2, "considering", 100) + pledges(1, "confirmed", None))  # fmt: skip
    model = GapModel()
    model.set_rows([row])
    assert model.data(model.index(0, NOT_COUNTED)) == (
        "Nation 0 considering; Nation 1 considering; Nation 0: amount not stated")


def test_the_date_choosers_list_every_meeting_and_pick_one_by_its_date(qtbot) -> None:
    chooser = DateOrMeeting("From", allow_start=True)
    qtbot.addWidget(chooser)
    meetings = [(f"2025-04-{day:02d} · Meeting {day}", dt.date(2025, 4, day)) for day in range(1, 29)]
    chooser.set_meetings(meetings)
    labels = [chooser.combo.itemText(i) for i in range(chooser.combo.count())]
    assert labels == [START_OF_RECORD, CHOSEN_DATE, *(label for label, _ in meetings)]
    assert chooser.value() is None  # the start of the record
    chooser.choose(dt.date(2025, 4, 11))
    assert chooser.combo.currentText() == "2025-04-11 · Meeting 11"
    assert chooser.value() == dt.date(2025, 4, 11)
    assert not chooser.date_edit.isEnabled()
    chooser.choose(dt.date(2025, 5, 2))  # no meeting that day: the date itself
    assert chooser.combo.currentText() == CHOSEN_DATE
    assert chooser.value() == dt.date(2025, 5, 2) and chooser.date_edit.isEnabled()
    # Read again (a meeting added): the choice shown stays.
    chooser.set_meetings([("2025-03-30 · Earlier", dt.date(2025, 3, 30)), *meetings])
    assert chooser.combo.currentText() == CHOSEN_DATE
    chooser.choose(dt.date(2025, 3, 30))
    assert chooser.value() == dt.date(2025, 3, 30)


def test_each_section_table_is_as_wide_as_the_text_of_its_first_rows(qtbot, demo_db) -> None:
    from tests.gui.test_analysis_pane import settle, show_tab

    hub = Hub(demo_db)
    pane = AnalysisPane(hub)
    qtbot.addWidget(pane)
    pane.resize(1600, 900)
    pane.show()
    qtbot.waitExposed(pane)
    settle(qtbot, hub)
    hub.select_issue(uuid_of("issue", "peacedeal"))
    settle(qtbot, hub)
    views = [pane.forecast.actors_view]
    show_tab(qtbot, pane, pane.gap)
    views.append(pane.gap.gap_view)  # the demo has no requirements
    show_tab(qtbot, pane, pane.moved)
    views.append(pane.moved.view)
    for view in views:
        model = view.model()
        assert model.rowCount() > 0, view.accessibleName()
        for column in range(model.columnCount() - 1):  # the last one takes the rest
            widest = max(view.sizeHintForIndex(model.index(row, column)).width()
                         for row in range(min(model.rowCount(), 50)))  # fmt: skip
            wanted = max(widest, view.horizontalHeader().sectionSizeHint(column))
            if view is pane.moved.view and column in (5, 6):
                wanted = min(wanted, 320)  # the quotes wrap
            assert view.columnWidth(column) >= wanted, (view.accessibleName(), column)


def test_a_meeting_with_a_very_long_title_does_not_widen_the_date_choosers(qtbot) -> None:
    # Sized to their contents, the choosers grew with the longest of 5,000 meeting titles
    # (and measured every one of them on first show, ~60 ms at L on the GUI thread).
    short, long = DateOrMeeting("From", allow_start=True), DateOrMeeting("To", allow_start=False)
    for chooser in (short, long):
        qtbot.addWidget(chooser)
    short.set_meetings([("2025-04-01 · Meeting", dt.date(2025, 4, 1))])
    long.set_meetings([("2025-04-01 · Meeting", dt.date(2025, 4, 1)),
                       ("2025-04-02 · " + "A very long meeting title " * 20, dt.date(2025, 4, 2))])  # fmt: skip
    short.show()
    long.show()
    assert long.combo.sizeHint().width() == short.combo.sizeHint().width()
    assert long.sizeHint().width() < 600
