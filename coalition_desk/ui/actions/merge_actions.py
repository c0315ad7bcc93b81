"""File → Merge Register…: preview on a worker, decide, then apply on a worker.

The preview is the merge's dry run (nothing written). Applying is one transaction after
an automatic backup copy, with the chosen duplicates combined in the same transaction,
and lands on the undo stack as one step. Every ending tells the officer what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QWidget

from coalition_desk.domain.records import Change, ChangeSet
from coalition_desk.ui.actions.undo import WriteCommand
from coalition_desk.ui.errors import show_error
from coalition_desk.ui.workers import Progress, Task, run_in_worker

if TYPE_CHECKING:
    from coalition_desk.reports.merge_preview import MergePreview
    from coalition_desk.services.merge.plan import Decisions, Duplicate
    from coalition_desk.services.merge.window import WindowMergeResult
    from coalition_desk.ui.actions.host import ActionHost
    from coalition_desk.ui.merge.preview_dialog import MergePreviewDialog

MERGE_FILTER = ("Registers and register workbooks (*.sqlite3 *.sqlite *.db *.xlsx);;"
                "All files (*)")
# Above this many changes the panes are told "these kinds changed", not every record.
ANNOUNCE_EACH_UP_TO = 2_000


def ask_merge_path(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "Merge a colleague's register", "", MERGE_FILTER)
    return path or None


class MergeFlow:
    """One File → Merge Register… from choosing the file to the status bar's last word."""

    def __init__(self, host: ActionHost, path: Path) -> None:
        self.host = host
        self.hub = host.hub
        self.window = host.window()
        self.path = path
        self.preview: MergePreview | None = None
        self.dialog: MergePreviewDialog | None = None
        self.apply_task: Task | None = None
        self.result: WindowMergeResult | None = None
        # Alive until its last word, whoever holds it (the menu's lambda drops it at once).
        _RUNNING.add(self)
        self.preview_task = self._read_preview()

    def _say(self, text: str) -> None:
        self.hub.status_message.emit(text)

    def _end(self, text: str) -> None:
        self._say(text)
        _RUNNING.discard(self)

    def _read_preview(self) -> Task:
        database, path = self.hub.database, self.path

        def work(progress: Progress, _cancelled: Callable[[], bool]) -> Any:
            from coalition_desk.reports.merge_preview import preview_merge

            return preview_merge(database, path, progress)

        task = run_in_worker(self.window, "Reading the register to merge", work,
                             label=f"Comparing {path.name} with this register…")
        task.finished.connect(self._show_preview)
        task.failed.connect(self._failed)
        task.cancelled.connect(lambda: self._end("Merge cancelled; nothing was changed."))
        return task

    def _failed(self, error: BaseException) -> None:
        from coalition_desk.store.versions import StaleRecordError

        if isinstance(error, StaleRecordError):
            self._end("Merge refused: this register changed after the preview; nothing was "
                      "changed. Merge again to see a fresh preview.")
        else:
            self._end("Merge refused; nothing was changed.")
        show_error(self.window, error)

    def _show_preview(self, preview: MergePreview) -> None:
        from coalition_desk.ui.merge.preview_dialog import MergePreviewDialog

        self.preview = preview
        dialog = MergePreviewDialog(preview, self.window)
        self.dialog = dialog
        dialog.merge_requested.connect(self._apply)
        dialog.rejected.connect(self._closed_without_merging)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _closed_without_merging(self) -> None:
        assert self.preview is not None and self.dialog is not None
        left = len(self.dialog.undecided())
        if left:
            self._end(f"Merge from {self.preview.plan.other_name} not applied: {left} "
                      "conflict(s) left undecided; nothing was changed.")
        else:
            self._end("Merge cancelled; nothing was changed.")

    def _apply(self, decisions: Decisions, combines: list[Duplicate]) -> None:
        assert self.preview is not None and self.dialog is not None
        self.dialog.merge_requested.disconnect(self._apply)
        self.dialog.rejected.disconnect(self._closed_without_merging)
        self.dialog.accept()
        database, plan = self.hub.database, self.preview.plan

        def work(_progress: Progress, _cancelled: Callable[[], bool]) -> Any:
            from coalition_desk.services.merge.window import apply_with_combines

            # One transaction: it cannot stop half-way, so no cancel is offered by it.
            return apply_with_combines(database, plan, decisions, combines)

        task = run_in_worker(self.window, "Merging", work, cancellable=False,
                             label=f"Merging {plan.other_name} (a backup copy is made first)…")
        task.finished.connect(self._merged)
        task.failed.connect(self._failed)
        task.cancelled.connect(
            lambda: self._end("Merge stopped; the register is as it was before."))
        self.apply_task = task

    def _merged(self, result: WindowMergeResult) -> None:
        assert self.preview is not None
        self.result = result
        hub = self.hub
        changes = result.changes
        if changes.changes:
            # The main window's edit controller owns the undo stack (a bare host has none).
            controller = getattr(self.host, "edit_controller", None)
            if controller is not None:
                text = f"Merge from {self.preview.plan.other_name}"
                controller.undo_stack.push(WriteCommand(hub, text, changes))
            if len(changes.changes) > ANNOUNCE_EACH_UP_TO:
                kinds = sorted(changes.entities)
                changes = ChangeSet(tuple(Change(e, "update", "") for e in kinds))
            hub.announce(changes)
        self._end(f"From {self.preview.plan.other_name}: {result.summary()}")


_RUNNING: set[MergeFlow] = set()


def merge_register(host: ActionHost) -> MergeFlow | None:
    chosen = ask_merge_path(host.window())
    if not chosen:
        return None
    return MergeFlow(host, Path(chosen))
