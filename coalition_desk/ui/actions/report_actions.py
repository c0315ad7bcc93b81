"""File → Meeting pack / Export register / Import register: Excel work in the worker."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QMessageBox,
)

from coalition_desk.domain.records import Meeting
from coalition_desk.reports.file_names import export_file_name, pack_file_name
from coalition_desk.ui.actions import file_actions
from coalition_desk.ui.actions.host import ActionHost
from coalition_desk.ui.errors import show_error
from coalition_desk.ui.workers import Progress, Task, run_in_worker

WORKBOOK_FILTER = "Excel workbooks (*.xlsx);;All files (*)"


def _quiet(progress: Progress, cancelled: Callable[[], bool]) -> Progress:
    # The report functions check ``cancel`` themselves and undo their half-done work.
    return lambda done, total: None if cancelled() else progress(done, total)


def export_register(host: ActionHost) -> Task | None:
    hub, window = host.hub, host.window()
    name = export_file_name(hub.database.display_name, dt.date.today())
    chosen = file_actions.ask_save_in_remembered_folder(
        window, "Export the register", name, WORKBOOK_FILTER)
    if not chosen:
        return None
    database = hub.database

    def work(progress: Progress, cancelled: Callable[[], bool]) -> Any:
        from coalition_desk import reports

        return reports.export_register(
            database, Path(chosen), progress=_quiet(progress, cancelled), cancel=cancelled
        )

    task = run_in_worker(window, "Exporting the register", work)
    task.finished.connect(
        lambda summary: hub.tell_file_written(chosen, " ".join(summary.lines())))
    task.failed.connect(lambda error: show_error(window, error))
    task.cancelled.connect(lambda: hub.status_message.emit("Export cancelled."))
    return task


def import_register(host: ActionHost) -> object:
    # The dry run first, then the import as one undo step (ui/actions/import_actions.py).
    from coalition_desk.ui.actions.import_actions import import_register as start_import

    return start_import(host)


def _pack_available() -> bool:
    # Asked without importing: the reports pull in openpyxl, a second of every start.
    return importlib.util.find_spec("coalition_desk.reports.pack") is not None


def meeting_pack(host: ActionHost) -> Task | None:
    hub, window = host.hub, host.window()
    meeting_uuid = hub.context.meeting_uuid
    if not _pack_available():
        return None
    from coalition_desk.reports.pack import write_meeting_pack as writer
    if meeting_uuid is None:
        QMessageBox.information(
            window, "Meeting pack", "Select the meeting in the Meetings pane first."
        )
        return None
    meeting = hub.named_record(Meeting, meeting_uuid)
    name = pack_file_name(meeting) if isinstance(meeting, Meeting) else "meeting-pack.xlsx"
    chosen = file_actions.ask_save_in_remembered_folder(
        window, "Write the meeting pack", name, WORKBOOK_FILTER)
    if not chosen:
        return None
    database = hub.database

    def work(progress: Progress, cancelled: Callable[[], bool]) -> Any:
        return writer(
            database,
            meeting_uuid,
            Path(chosen),
            progress=_quiet(progress, cancelled),
            cancel=cancelled,
        )

    task = run_in_worker(window, "Writing the meeting pack", work)
    task.finished.connect(lambda path: hub.tell_file_written(
        str(path), f"Meeting pack written: {Path(path).name}"))
    task.failed.connect(lambda error: show_error(window, error))
    task.cancelled.connect(lambda: hub.status_message.emit("Meeting pack cancelled."))
    return task


def _merge_register(host: ActionHost) -> object:
    from coalition_desk.ui.actions.merge_actions import merge_register

    return merge_register(host)


def actions(host: ActionHost) -> list[QAction]:
    """File → Meeting pack (when the pack is installed) / Export / Import / Merge."""
    window = host.window()
    made = []
    entries: list[tuple[str, Callable[[ActionHost], object], str, str]] = [
        ("&Export register…", export_register, "export_register", "Ctrl+E"),
        ("&Import register…", import_register, "import_register", "Ctrl+I"),
        # No shortcut: merging is rare and deliberate (File menu, Alt+F then M).
        ("&Merge Register…", _merge_register, "merge_register", ""),
    ]
    if _pack_available():
        # Ctrl+P: the pack is what gets printed.
        entries.insert(0, ("Meeting &pack…", meeting_pack, "meeting_pack", "Ctrl+P"))
    for text, handler, name, keys in entries:
        action = QAction(text, window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False, h=handler: h(host))
        writes = {"merge_register": "A merge", "import_register": "An import"}.get(name)
        if writes and host.hub.read_only:
            action.setEnabled(False)
            action.setToolTip(f"{host.hub.access.read_only_reason} {writes} would write to it.")
        made.append(action)
    return made
