"""Long work runs off the GUI thread with progress and cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QWidget

from coalition_desk.store.engine import open_database
from coalition_desk.ui.actions import file_actions
from coalition_desk.ui.workers import run_in_worker


def test_work_reports_progress_and_its_result_off_the_gui_thread(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    threads = []

    def work(progress, cancelled):
        threads.append(threading.current_thread())
        for step in range(3):
            progress(step + 1, 3)
        return "done"

    task = run_in_worker(parent, "Counting", work)
    with qtbot.waitSignal(task.finished) as finished:
        pass
    assert finished.args == ["done"]
    assert threads[0] is not threading.main_thread()


def test_cancel_stops_the_work_at_its_next_progress_report(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    started = threading.Event()
    steps = []

    def work(progress, cancelled):
        started.set()
        for step in range(10_000):
            progress(step, 10_000)
            steps.append(step)
            threading.Event().wait(0.001)
        return "finished anyway"

    task = run_in_worker(parent, "Long work", work, show_after_ms=0)
    started.wait(5)
    with qtbot.waitSignal(task.cancelled):
        task.dialog.canceled.emit()  # what the Cancel button does
    assert len(steps) < 10_000


def test_a_failure_reaches_the_gui_as_an_error(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(progress, cancelled):
        raise OSError(28, "No space left on device")

    task = run_in_worker(parent, "Failing", work)
    with qtbot.waitSignal(task.failed) as failed:
        pass
    assert "No space left" in str(failed.args[0])


def test_backup_runs_in_the_worker_and_leaves_a_checked_copy(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    destination = tmp_path / "copy.sqlite3"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *args: str(destination))
    with qtbot.waitSignal(window.hub.status_message) as message:
        task = file_actions.backup(window)
        assert task is not None
    assert "Backed up to" in message.args[0]
    copy = open_database(destination, create=False, upgrade=False)
    try:
        from coalition_desk.services import records

        assert records.counts(copy)["positions"] == 12
    finally:
        copy.dispose()


def test_work_that_ends_after_the_application_has_gone_ends_quietly(qtbot, caplog) -> None:
    import shiboken6

    from coalition_desk.ui.workers import Task

    steps: list[int] = []

    def work(progress, cancelled):
        for step in range(3):
            progress(step + 1, 3)
            steps.append(step)
        return "done"

    task = Task(work)
    # Qt has deleted the task while its work ran (seen when the Analysis tests tear down).
    shiboken6.delete(task)
    task.run()  # on the pool thread, in the application; here directly
    assert steps == [0, 1, 2]  # the work itself went on to its end
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
