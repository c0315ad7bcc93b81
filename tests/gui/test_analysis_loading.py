"""The Analysis pane reads on pool threads, and only the section on the tab in sight."""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.services.analysis import capability_gap
from coalition_desk.services.analysis import outlook as analysis
from coalition_desk.ui.analysis import analysis_heatmap, analysis_moved
from coalition_desk.ui.analysis.analysis_pane import AnalysisPane
from coalition_desk.ui.hub import Hub
from tests.conftest import uuid_of

CONTRIBUTION = uuid_of("issue", "contribution")
POLAND = uuid_of("nation", "POL")
Calls = dict[str, list[threading.Thread]]


@pytest.fixture
def calls(monkeypatch) -> Calls:
    """The thread each service read of the pane ran on, by the read's name."""
    seen: Calls = defaultdict(list)

    def recording(name: str, read: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen[name].append(threading.current_thread())
            return read(*args, **kwargs)

        return wrapper

    for module, name in (
        (analysis, "list_issues"),
        (analysis, "forecast_issue"),
        (analysis, "stance_heatmap"),
        (analysis, "what_moved"),
        (capability_gap, "list_requirements"),
        (capability_gap, "gap_for_scenario"),
        (analysis_heatmap, "list_positions"),
        (analysis_moved, "list_meetings"),
    ):
        monkeypatch.setattr(module, name, recording(name, getattr(module, name)))
    return seen


@pytest.fixture
def hub(demo_db) -> Hub:
    return Hub(demo_db)


@pytest.fixture
def pane(calls, hub, qtbot) -> AnalysisPane:
    widget = AnalysisPane(hub)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not hub.loading)
    return widget


def show_tab(qtbot, pane: AnalysisPane, section: Any) -> None:
    pane.tabs.setCurrentWidget(section)
    qtbot.waitUntil(lambda: not pane.hub.loading)


def test_every_section_reads_the_register_on_a_pool_thread(pane, hub, calls, qtbot) -> None:
    hub.select_nation(POLAND)
    hub.select_issue(CONTRIBUTION)
    for section in (pane.heatmap, pane.gap, pane.moved, pane.forecast):
        show_tab(qtbot, pane, section)

    assert set(calls) == {
        "list_issues",
        "forecast_issue",
        "stance_heatmap",
        "what_moved",
        "list_requirements",
        "gap_for_scenario",
        "list_positions",
        "list_meetings",
    }
    on_gui_thread = [name for name, threads in calls.items() if threading.main_thread() in threads]
    assert on_gui_thread == []
    # The reads did arrive: each section shows what was read.
    assert "weighted median): Cannot send troops" in pane.forecast.summary.text()
    assert pane.heatmap.history_model.rowCount() == 1
    assert pane.moved.model.rowCount() > 0


def test_only_the_section_in_sight_is_computed_and_another_when_its_tab_is_shown(
    pane, hub, calls, qtbot
) -> None:
    assert pane.tabs.currentWidget() is pane.forecast
    assert calls["forecast_issue"] and not calls["stance_heatmap"] and not calls["what_moved"]
    forecasts = len(calls["forecast_issue"])

    hub.announce(
        hub.writer.create(
            rec.Position(
                POLAND, CONTRIBUTION, dt.date(2025, 6, 2), stance="Open to contributing personnel"
            )
        )
    )
    qtbot.waitUntil(lambda: not hub.loading)
    assert len(calls["forecast_issue"]) == forecasts + 1  # in sight: computed again
    assert not calls["stance_heatmap"] and not calls["what_moved"]  # out of sight: marked
    assert pane.is_dirty("heatmap") and pane.is_dirty("moved")

    pane.tabs.setCurrentWidget(pane.heatmap)
    # Said while it reads, and no chart of an older register meanwhile.
    assert pane.heatmap.status.text() == "Computing the stance heatmap…"
    assert pane.heatmap.status.isVisible() and pane.heatmap.data is None
    qtbot.waitUntil(lambda: not hub.loading)
    assert len(calls["stance_heatmap"]) == 1 and not pane.is_dirty("heatmap")
    assert not pane.heatmap.status.isVisible()
    data = pane.heatmap.data
    row = [uuid for uuid, _ in data.nations].index(POLAND)
    column = [uuid for uuid, _ in data.issues].index(CONTRIBUTION)
    assert data.cells[(row, column)].stance == "Open to contributing personnel"

    show_tab(qtbot, pane, pane.forecast)  # nothing changed since: not computed again
    assert len(calls["forecast_issue"]) == forecasts + 1
    assert not calls["what_moved"]
