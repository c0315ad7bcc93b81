"""Two officers' registers for the window's merge tests (issue 15's Alice and Bob)."""

from __future__ import annotations

import shutil
from pathlib import Path

from coalition_desk.services import demo
from coalition_desk.store.engine import open_database
from coalition_desk.ui.actions import merge_actions
from coalition_desk.ui.actions.merge_actions import MergeFlow

ALICE_POLAND = "Alice: Warsaw wants a written guarantee"
BOB_POLAND = "Bob: Warsaw is satisfied"


def two_copies_of_the_demo(folder: Path) -> tuple[Path, Path]:
    alice, bob = folder / "alice.sqlite3", folder / "bob.sqlite3"
    database = open_database(alice)
    try:
        demo.install_demo(database)
    finally:
        database.dispose()
    shutil.copy(alice, bob)
    return alice, bob


def start_merge(qtbot, window, other: Path, monkeypatch) -> MergeFlow:
    """File → Merge Register… on ``other``; returns once the preview dialog is shown."""
    monkeypatch.setattr(merge_actions, "ask_merge_path", lambda parent: str(other))
    action = next(a for a in window.report_actions if a.objectName() == "merge_register")
    flows: list[MergeFlow] = []
    real = merge_actions.merge_register
    monkeypatch.setattr(merge_actions, "merge_register", lambda w: flows.append(real(w)) or
                        flows[-1])
    action.trigger()
    (flow,) = flows
    with qtbot.waitSignal(flow.preview_task.done, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    return flow


def wait_applied(qtbot, flow: MergeFlow) -> None:
    """Until the merge's worker has ended (merged, refused or stopped)."""
    from coalition_desk.ui import workers

    qtbot.waitUntil(lambda: flow.apply_task is not None, timeout=10_000)
    qtbot.waitUntil(lambda: flow.apply_task not in workers._RUNNING, timeout=60_000)
