"""File → Export / Import register run the reports in the worker and report back."""

from __future__ import annotations

from pathlib import Path

from coalition_desk.ui.actions import file_actions, import_actions, report_actions


def test_export_then_import_through_the_window(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    names = [action.objectName() for action in window.report_actions]
    assert {"export_register", "import_register"} <= set(names)
    workbook = tmp_path / "register.xlsx"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *args: str(workbook))
    task = report_actions.export_register(window)
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert workbook.exists()

    monkeypatch.setattr(import_actions, "ask_workbook_path", lambda parent: str(workbook))
    flow = report_actions.import_register(window)
    with qtbot.waitSignal(flow.preview_task.done, timeout=30_000):
        pass
    assert flow.report is not None and flow.report.ok
    assert "In all 0 records would be added and 0 updated" in flow.report.summary_lines()[-1]
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    flow.dialog.reject()


def test_a_refused_workbook_shows_its_problems_and_changes_nothing(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    bad = tmp_path / "not-a-register.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Something else"
    book.save(bad)
    shown: list[list[str]] = []
    monkeypatch.setattr(import_actions, "ask_workbook_path", lambda parent: str(bad))
    monkeypatch.setattr(
        import_actions, "show_report", lambda parent, title, lines: shown.append(lines)
    )
    before = window.counts_label.text()
    flow = report_actions.import_register(window)
    with qtbot.waitSignal(flow.preview_task.done, timeout=30_000):
        pass
    assert flow.dialog is None
    assert shown and "refused" in shown[0][0]
    assert window.counts_label.text() == before
