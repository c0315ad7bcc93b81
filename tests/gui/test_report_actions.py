"""File → Export / Import register run the reports in the worker and report back."""

from __future__ import annotations

from pathlib import Path

from coalition_desk.ui.actions import file_actions, report_actions


def test_export_then_import_through_the_window(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    names = [action.objectName() for action in window.report_actions]
    assert {"export_register", "import_register"} <= set(names)
    workbook = tmp_path / "register.xlsx"
    monkeypatch.setattr(file_actions, "ask_save_path", lambda *args: str(workbook))
    task = report_actions.export_register(window)
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert workbook.exists()

    shown: list[list[str]] = []
    monkeypatch.setattr(report_actions, "ask_workbook_path", lambda parent: str(workbook))
    monkeypatch.setattr(
        report_actions, "show_report", lambda parent, title, lines: shown.append(lines)
    )
    task = report_actions.import_register(window)
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert shown, "the import report was not shown"
    assert any("0 records were added" in line for line in shown[0]), shown[0]


def test_a_refused_workbook_shows_its_problems_and_changes_nothing(
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    bad = tmp_path / "not-a-register.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Something else"
    book.save(bad)
    shown: list[list[str]] = []
    monkeypatch.setattr(report_actions, "ask_workbook_path", lambda parent: str(bad))
    monkeypatch.setattr(
        report_actions, "show_report", lambda parent, title, lines: shown.append(lines)
    )
    before = window.counts_label.text()
    task = report_actions.import_register(window)
    with qtbot.waitSignal(task.done, timeout=30_000):
        pass
    assert shown and "refused" in shown[0][0]
    assert window.counts_label.text() == before
