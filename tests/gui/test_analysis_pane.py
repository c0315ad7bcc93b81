"""The Analysis pane on the demo: forecast, heatmap clicks, capability gap, what moved."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from PySide6.QtCore import QPoint, Qt

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.ui.analysis.analysis_pane import AnalysisPane
from coalition_desk.ui.dialogs.requirements_dialog import RequirementDialog
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.models.analysis_base import ROW_ROLE
from tests.conftest import uuid_of

OBJECTIVE = uuid_of("issue", "objective")
BACKSTOP = uuid_of("issue", "backstop")
CONTRIBUTION = uuid_of("issue", "contribution")
POLAND = uuid_of("nation", "POL")


@pytest.fixture
def hub(demo_db) -> Hub:
    return Hub(demo_db)


@pytest.fixture
def pane(hub, qtbot) -> AnalysisPane:
    widget = AnalysisPane(hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    settle(qtbot, hub)
    return widget


def settle(qtbot, hub: Hub) -> None:
    """Wait for every section's read on the pool threads to be shown."""
    qtbot.waitUntil(lambda: not hub.loading)


def choose_issue(qtbot, pane: AnalysisPane, issue_uuid: str) -> None:
    combo = pane.forecast.issue_combo
    combo.setCurrentIndex(combo.findData(issue_uuid))
    settle(qtbot, pane.hub)


def show_tab(qtbot, pane: AnalysisPane, section) -> None:
    pane.tabs.setCurrentWidget(section)
    settle(qtbot, pane.hub)


def test_demo_core_objective_shows_no_forecast_and_says_why(pane, qtbot) -> None:
    choose_issue(qtbot, pane, OBJECTIVE)
    section = pane.forecast
    text = section.summary.text()
    assert "No forecast: no nation has taken a stance on this issue yet" in text
    assert "European Union, United Kingdom" in text
    assert "Likely outcome" not in text and "Leading option" not in text
    assert section.actors_model.rowCount() == 0
    ax = section.chart.axes
    assert not [a for a in ax.get_children() if a.get_gid() in ("median", "mean")]
    assert [bar.get_width() for bar in ax.patches if bar.get_gid() != "message"] in (
        [0.0, 0.0, 0.0], [])  # no share drawn for any option


def test_choosing_an_issue_updates_the_forecast_and_the_selection(pane, hub, qtbot) -> None:
    choose_issue(qtbot, pane, BACKSTOP)
    assert "Likely outcome</b> (weighted median): Vital" in pane.forecast.summary.text()
    assert hub.context.issue_uuid == BACKSTOP
    assert pane.forecast.actors_model.rowCount() == 3
    (median,) = [line for line in pane.forecast.chart.axes.lines if line.get_gid() == "median"]
    assert median.get_xdata()[0] == 100.0

    choose_issue(qtbot, pane, CONTRIBUTION)
    assert "weighted median): Cannot send troops" in pane.forecast.summary.text()
    assert hub.context.issue_uuid == CONTRIBUTION
    (median,) = [line for line in pane.forecast.chart.axes.lines if line.get_gid() == "median"]
    assert median.get_xdata()[0] == 0.0


def test_an_issue_chosen_elsewhere_switches_the_forecast(pane, hub, qtbot) -> None:
    hub.select_issue(BACKSTOP)
    assert pane.forecast.issue_combo.currentData() == BACKSTOP
    # Never the previous issue's numbers while the new forecast is computed.
    assert pane.forecast.summary.text().startswith("Computing the forecast for U.S. backstop")
    assert pane.forecast.actors_model.rowCount() == 0
    settle(qtbot, hub)
    assert "Vital" in pane.forecast.summary.text()


def test_a_new_stance_refreshes_the_forecast(pane, hub, qtbot) -> None:
    choose_issue(qtbot, pane, BACKSTOP)
    changes = hub.writer.create(rec.Position(
        uuid_of("nation", "GBR"), BACKSTOP, dt.date(2025, 5, 1), stance="Not committed",
        salience=90))
    hub.announce(changes)
    settle(qtbot, hub)
    assert pane.forecast.actors_model.rowCount() == 4
    # GBR (lead 100 x 90 = 9000) + US 1500 against 5000 for Vital: the median flips.
    assert "weighted median): Not committed" in pane.forecast.summary.text()


def click_cell(qtbot, pane: AnalysisPane, row: int, column: int) -> None:
    from coalition_desk.charts.analysis_heatmap import heatmap_cell_centre

    chart = pane.heatmap.chart
    chart.canvas.draw()
    x, y = chart.axes.transData.transform(heatmap_cell_centre(row, column))
    ratio = chart.canvas.device_pixel_ratio
    height = chart.canvas.figure.bbox.height
    # matplotlib counts display pixels from the bottom, Qt from the top.
    point = QPoint(round(x / ratio), round((height - y) / ratio))
    qtbot.mouseClick(chart.canvas, Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_heatmap_cell_selects_the_nation_and_issue_and_shows_history(
        pane, hub, qtbot) -> None:
    show_tab(qtbot, pane, pane.heatmap)
    data = pane.heatmap.data
    row = [uuid for uuid, _ in data.nations].index(POLAND)
    column = [uuid for uuid, _ in data.issues].index(CONTRIBUTION)

    with qtbot.waitSignal(hub.context_changed):
        click_cell(qtbot, pane, row, column)
    settle(qtbot, hub)

    assert (hub.context.nation_uuid, hub.context.issue_uuid) == (POLAND, CONTRIBUTION)
    history = pane.heatmap.history_model
    assert [history.data(history.index(r, 1)) for r in range(history.rowCount())] == [
        "Cannot send troops"]
    assert "Poland" in pane.heatmap.history_title.text()
    selected = [p for p in pane.heatmap.chart.axes.patches if p.get_gid() == "selected"]
    assert len(selected) == 1 and selected[0].get_xy() == (column - 0.5, row - 0.5)
    # The forecast follows the issue chosen on the heatmap once its tab is shown.
    show_tab(qtbot, pane, pane.forecast)
    assert pane.forecast.issue_combo.currentData() == CONTRIBUTION
    assert "weighted median): Cannot send troops" in pane.forecast.summary.text()


def test_a_click_beside_the_heatmap_selects_nothing(pane, hub, qtbot) -> None:
    show_tab(qtbot, pane, pane.heatmap)
    before = hub.context
    canvas = pane.heatmap.chart.canvas
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(2, canvas.height() - 2))
    assert hub.context == before


def test_a_requirement_added_in_the_dialog_shows_in_the_gap(pane, hub, qtbot) -> None:
    show_tab(qtbot, pane, pane.gap)
    presented: list[RequirementDialog] = []
    pane.gap.present = presented.append
    pane.gap.add_button.click()
    dialog = presented[-1]
    dialog.scenario_combo.setEditText("Deterrence force")
    dialog.capability_combo.set_value("troops")
    dialog.quantity_spin.setValue(10_000)
    dialog.unit_edit.setText("personnel")
    assert dialog.save()
    settle(qtbot, hub)

    assert pane.gap.scenario() == "Deterrence force"
    (row,) = pane.gap.gap_model.rows()
    assert (row.required, row.gap, row.unit) == (10_000, 10_000, "personnel")
    assert [p.nation_name for p in row.considering] == ["Latvia"]
    model = pane.gap.gap_model
    assert model.data(model.index(0, 7)) == "Latvia considering"
    assert [p.get_gid() for p in pane.gap.chart.axes.patches][:1] == ["confirmed"]


def test_an_invalid_requirement_shows_the_error_and_saves_nothing(pane, hub, qtbot) -> None:
    show_tab(qtbot, pane, pane.gap)
    presented: list[RequirementDialog] = []
    pane.gap.present = presented.append
    pane.gap.add_button.click()
    dialog = presented[-1]
    dialog.scenario_combo.setEditText("")
    dialog.quantity_spin.set_value_or_none(None)
    assert not dialog.save()
    assert set(dialog.errors.shown()) == {"scenario", "quantity"}
    assert dialog.errors.is_visible_for("quantity")
    assert records.counts(hub.database)["requirements"] == 0


def test_deleting_a_requirement_asks_first(pane, hub, qtbot) -> None:
    hub.announce(hub.writer.create(rec.CapabilityRequirement("Monitoring", "isr", 4, "drones")))
    show_tab(qtbot, pane, pane.gap)
    pane.gap.requirements_view.selectRow(0)
    pane.gap.confirm = lambda label: False
    pane.gap.delete_button.click()
    assert records.counts(hub.database)["requirements"] == 1
    pane.gap.confirm = lambda label: label == "ISR for Monitoring"
    pane.gap.delete_button.click()
    assert records.counts(hub.database)["requirements"] == 0
    settle(qtbot, hub)
    assert pane.gap.requirements_model.rowCount() == 0
    assert pane.gap.scenario_combo.currentText() == "(no scenario yet: pledges only)"


def test_what_moved_between_two_meetings_lists_the_change_with_its_quotes(
        pane, hub, qtbot) -> None:
    hub.announce(hub.writer.create(rec.Position(
        POLAND, CONTRIBUTION, dt.date(2025, 4, 11), stance="Open to contributing personnel",
        quote="We can send engineers.", meeting_uuid=uuid_of("meeting", "udcg"))))
    show_tab(qtbot, pane, pane.moved)
    pane.moved.start.choose(dt.date(2025, 4, 10))
    pane.moved.end.choose(dt.date(2025, 4, 11))
    settle(qtbot, hub)
    rows = pane.moved.model.rows()
    assert [(m.nation_name, m.before, m.after) for m in rows] == [
        ("Poland", "Cannot send troops", "Open to contributing personnel")]
    assert rows[0].after_quote == "We can send engineers."
    assert pane.moved.summary.text().startswith("1 stance changed after 2025-04-10")
    pane.moved.view.doubleClicked.emit(pane.moved.model.index(0, 0))
    assert hub.context.position_uuid == rows[0].position_uuid


def test_each_table_model_passes_the_model_tester(pane, hub, qtbot, qtmodeltester) -> None:
    choose_issue(qtbot, pane, BACKSTOP)
    hub.select_nation(POLAND)
    hub.select_issue(CONTRIBUTION)
    hub.announce(hub.writer.create(rec.CapabilityRequirement("Deterrence", "troops", 5, "")))
    for section in (pane.forecast, pane.heatmap, pane.gap, pane.moved):
        show_tab(qtbot, pane, section)
    models = (pane.forecast.actors_model, pane.heatmap.history_model, pane.gap.gap_model,
              pane.gap.requirements_model, pane.moved.model)
    for model in models:
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model, force_py=True)
        assert model.data(model.index(0, 0), ROW_ROLE) is model.rows()[0]


def test_changes_while_hidden_wait_until_the_pane_is_shown(hub, qtbot) -> None:
    pane = AnalysisPane(hub)
    qtbot.addWidget(pane)
    assert pane.forecast.issue_combo.count() == 0  # nothing queried before it is shown
    pane.show()
    qtbot.waitExposed(pane)
    settle(qtbot, hub)
    pane.hide()
    hub.announce(hub.writer.create(rec.Issue("Command structure", "scale", ("UK", "Shared"))))
    assert not hub.loading
    assert pane.forecast.issue_combo.findText("Command structure") == -1
    pane.show()
    settle(qtbot, hub)
    assert pane.forecast.issue_combo.findText("Command structure") >= 0


def test_matplotlib_is_imported_only_when_the_pane_is_shown(db_path, demo_db) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from coalition_desk.store.engine import open_database\n"
        "from coalition_desk.ui.hub import Hub\n"
        "from coalition_desk.ui.analysis.analysis_pane import AnalysisPane\n"
        "app = QApplication([])\n"
        f"pane = AnalysisPane(Hub(open_database({str(db_path)!r})))\n"
        "print('before', 'matplotlib' in sys.modules)\n"
        "import time\n"
        "pane.show()\n"
        # Its first section is drawn on a pool thread: under load one turn is not enough.
        "deadline = time.monotonic() + 60\n"
        "while 'matplotlib' not in sys.modules and time.monotonic() < deadline:\n"
        "    app.processEvents(); time.sleep(0.01)\n"
        "print('after', 'matplotlib' in sys.modules)\n"
    )
    demo_db.dispose()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.stdout.split() == ["before", "False", "after", "True"], done.stderr


def test_the_main_window_shows_the_analysis_as_a_tab_beside_the_timeline(
        make_window, demo_db, qtbot) -> None:
    window = make_window(demo_db)
    tab = window.analysis_tab
    # Built on first show: a start that never opens it pays nothing for it.
    assert tab.pane is None
    (go_to,) = [a for a in window.menu_bar.actions()[2].menu().actions()
                if a.objectName() == "focus_analysis"]
    assert window.menu_bar.actions()[2].text() == "&View"
    assert go_to.shortcut().toString() == "Alt+5"
    window.show()
    go_to.trigger()
    settle(qtbot, window.hub)
    pane = tab.pane
    assert isinstance(pane, AnalysisPane)
    assert window.panes.tabs["analysis"].currentWidget() is tab
    assert pane.forecast.issue_combo.count() == 7

    # A requirement saved from the pane is one undo step of the window.
    presented: list[RequirementDialog] = []
    show_tab(qtbot, pane, pane.gap)
    pane.gap.present = presented.append
    pane.gap.add_button.click()
    presented[-1].scenario_combo.setEditText("Monitoring")
    presented[-1].quantity_spin.setValue(500)
    assert presented[-1].save()
    assert records.counts(demo_db)["requirements"] == 1
    window.edit_controller.undo()
    assert records.counts(demo_db)["requirements"] == 0
    settle(qtbot, window.hub)
    assert pane.gap.requirements_model.rowCount() == 0


def test_a_heatmap_click_redraws_the_map_and_reads_the_history_once(pane, hub, qtbot) -> None:
    show_tab(qtbot, pane, pane.heatmap)
    pane.heatmap.chart.canvas.draw()  # the map drawn on a pool thread is on screen first
    data = pane.heatmap.data
    row = [uuid for uuid, _ in data.nations].index(POLAND)
    column = [uuid for uuid, _ in data.issues].index(CONTRIBUTION)
    draws, reads = [], []
    draw, show_history = pane.heatmap.chart._draw, pane.heatmap.show_history
    pane.heatmap.chart._draw = lambda figure: (draws.append(1), draw(figure))
    pane.heatmap.show_history = lambda: (reads.append(1), show_history())

    with qtbot.waitSignal(hub.context_changed):
        click_cell(qtbot, pane, row, column)  # selects a nation, then an issue
    settle(qtbot, hub)

    assert (hub.context.nation_uuid, hub.context.issue_uuid) == (POLAND, CONTRIBUTION)
    assert (len(draws), len(reads)) == (1, 1)
    selected = [p for p in pane.heatmap.chart.axes.patches if p.get_gid() == "selected"]
    assert len(selected) == 1 and selected[0].get_xy() == (column - 0.5, row - 0.5)
