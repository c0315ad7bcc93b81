"""File → Capture from Text…: paste, read on a worker, review, save as one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QAction

from coalition_desk.ui.actions.host import ActionHost
from coalition_desk.ui.errors import show_error
from coalition_desk.ui.workers import Progress, Task, run_in_worker

if TYPE_CHECKING:  # the capture's modules load when the officer first captures
    from coalition_desk.capture.apply import Kept
    from coalition_desk.capture.proposals import Capture
    from coalition_desk.ui.dialogs.capture.review import CaptureReviewDialog


class CaptureHost(ActionHost, Protocol):
    """A window with an edit controller: a capture is saved as one step on its undo stack."""

    @property
    def edit_controller(self) -> Any: ...


def action(host: CaptureHost) -> QAction:
    made = QAction("&Capture from Text…", host.window())
    made.setObjectName("capture_text")
    made.setEnabled(not host.hub.read_only)
    made.setToolTip(host.hub.access.read_only_reason)
    made.triggered.connect(lambda _=False: start(host))
    return made


def present(dialog: Any) -> None:
    """Show a dialog without blocking (tests replace this to drive it themselves)."""
    dialog.open()


def start(host: CaptureHost) -> Any:
    from coalition_desk.ui.dialogs.capture.paste import CapturePasteDialog

    paste = CapturePasteDialog(host.window())
    paste.accepted.connect(
        lambda: read(host, paste.text_edit.toPlainText(), paste.report_date(), paste.title)
    )
    present(paste)
    return paste


def read(host: CaptureHost, text: str, report_date: Any, title: str | None) -> Task:
    """Read the text on a pool thread (a long report must not freeze the window)."""
    hub, window = host.hub, host.window()
    database = hub.database

    def work(_progress: Progress, _cancelled: Callable[[], bool]) -> Any:
        from coalition_desk.capture import capture_text
        from coalition_desk.capture.register import read_register

        register = read_register(database)
        return capture_text(text, report_date, register, title), register

    task = run_in_worker(window, "Reading the text", work, label="Reading the text…")
    task.finished.connect(lambda result: review(host, *result))
    task.failed.connect(lambda error: show_error(window, error))
    task.cancelled.connect(
        lambda: hub.status_message.emit("Capture cancelled; nothing was saved.")
    )
    return task


def review(host: CaptureHost, capture: Capture, register: Any) -> CaptureReviewDialog:
    from coalition_desk.ui.dialogs.capture.review import CaptureReviewDialog

    hub = host.hub

    def save(reviewed: Capture, kept: Kept) -> Any:
        from coalition_desk.capture.apply import count
        from coalition_desk.capture.apply import save as save_capture

        text = f"Capture from {reviewed.source}"
        changes = host.edit_controller.record_write(
            text, lambda: save_capture(hub.database, reviewed, kept, origin="window capture")
        )
        made = count(changes)
        parts = ", ".join(f"{number} {kind}" for kind, number in sorted(made.items()))
        hub.status_message.emit(
            f"Captured {sum(made.values())} records from {reviewed.source}: {parts}. "
            "Edit → Undo takes them all back."
            if made else "Nothing was ticked; nothing was saved."
        )
        return changes

    dialog = CaptureReviewDialog(capture, register, save, host.window())
    dialog.rejected.connect(
        lambda: hub.status_message.emit("Capture cancelled; nothing was saved.")
    )
    present(dialog)
    return dialog
