"""File → Import register…: the dry run first, then the import as one undo step.

The workbook is read and checked on a worker exactly as ``coalition-desk import
--dry-run`` does (every problem with its sheet, row and column, nothing written). A
sound workbook's plan is shown in the merge's own preview (added, changed, removed,
conflicts decided side by side, likely duplicates to combine): an import is a merge of
the workbook, by the same rules. Import writes that plan, the choices and the chosen
combines in one transaction that cannot be stopped half-way, so its progress window
offers no Cancel; it lands on the undo stack as one step and the status bar says what
it imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import Change, ChangeSet
from coalition_desk.ui.actions.undo import WriteCommand
from coalition_desk.ui.errors import show_error
from coalition_desk.ui.workers import Progress, Task, run_in_worker

if TYPE_CHECKING:
    from coalition_desk.reports.importer import ImportReport
    from coalition_desk.reports.merge_preview import MergePreview
    from coalition_desk.services.merge.plan import Decisions, Duplicate, MergePlan
    from coalition_desk.services.merge.window import WindowMergeResult
    from coalition_desk.ui.actions.host import ActionHost
    from coalition_desk.ui.merge.preview_dialog import MergePreviewDialog

WORKBOOK_FILTER = "Excel workbooks (*.xlsx);;All files (*)"
# Above this many changes the panes are told "these kinds changed", not every record.
ANNOUNCE_EACH_UP_TO = 2_000


def ask_workbook_path(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Import a register", "", WORKBOOK_FILTER)
    return path or None


class ReportDialog(QDialog):
    """Why a workbook was refused: every problem with its place."""

    def __init__(self, title: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_report")
        self.setWindowTitle(title)
        self.resize(640, 380)
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Import report")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def show_report(parent: QWidget, title: str, lines: list[str]) -> None:
    dialog = ReportDialog(title, lines, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


class ImportFlow:
    """One File → Import register… from choosing the file to the status bar's last word."""

    def __init__(self, host: ActionHost, path: Path) -> None:
        self.host = host
        self.hub = host.hub
        self.window = host.window()
        self.path = path
        self.report: ImportReport | None = None
        self.preview: MergePreview | None = None
        self.dialog: MergePreviewDialog | None = None
        self.apply_task: Task | None = None
        self.result: WindowMergeResult | None = None
        # Alive until its last word, whoever holds it (the menu's lambda drops it at once).
        _RUNNING.add(self)
        self.preview_task = self._check()

    def _end(self, text: str) -> None:
        self.hub.status_message.emit(text)
        _RUNNING.discard(self)

    def _check(self) -> Task:
        database, path = self.hub.database, self.path

        def work(progress: Progress, cancelled: Callable[[], bool]) -> Any:
            from coalition_desk import reports

            # ``progress`` raises once Cancel is pressed; the dry run writes nothing anyway.
            return reports.import_register(database, path, dry_run=True, progress=progress,
                                           cancel=cancelled)

        task = run_in_worker(self.window, "Checking the workbook", work,
                             label=f"Checking {path.name} against this register…")
        task.finished.connect(self._checked)
        task.failed.connect(self._failed)
        task.cancelled.connect(lambda: self._end("Import cancelled; nothing was changed."))
        return task

    def _failed(self, error: BaseException) -> None:
        from coalition_desk.store.versions import StaleRecordError

        if isinstance(error, StaleRecordError):
            self._end("Import refused: this register changed after the check; nothing was "
                      "changed. Import again to see a fresh preview.")
        else:
            self._end(f"Import of {self.path.name} refused; nothing was changed.")
        show_error(self.window, error)

    def _checked(self, report: ImportReport) -> None:
        _close_progress(self.preview_task)
        self.report = report
        if report.cancelled:
            self._end("Import cancelled; nothing was changed.")
            return
        if report.problems or report.plan is None:
            lines = report.summary_lines()
            show_report(self.window, f"Import {self.path.name}: refused",
                        [*lines, "", "Problems (sheet, row, column):", *report.problem_lines()])
            self._end(lines[0])
            return
        self._show_preview(report)

    def _show_preview(self, report: ImportReport) -> None:
        from coalition_desk.reports.merge_preview import MergePreview
        from coalition_desk.ui.merge.preview_dialog import MergePreviewDialog

        assert report.plan is not None
        plan = report.plan
        self.preview = MergePreview(self.path, plan, plan.duplicates)
        dialog = MergePreviewDialog(self.preview, self.window)
        dialog.setObjectName("import_preview")
        dialog.setWindowTitle(f"Import {self.path.name}")
        dialog.summary.setText(preview_summary(self.path, plan))
        dialog.merge_button.setText("&Import")
        dialog.merge_button.setObjectName("import_apply")
        if self.hub.database.read_only:
            dialog.merge_button.setEnabled(False)
            dialog.show_notice("This register is open read-only: this is what the import "
                               "would do; nothing can be imported into it.")
        elif plan.is_empty and not plan.duplicates:
            dialog.show_notice(f"Nothing to import: this register already holds everything "
                               f"in {self.path.name}.")
        self.dialog = dialog
        dialog.merge_requested.connect(self._apply)
        dialog.rejected.connect(self._closed_without_importing)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _closed_without_importing(self) -> None:
        assert self.dialog is not None and self.preview is not None
        left = len(self.dialog.undecided())
        if self.preview.plan.is_empty and not self.preview.duplicates:
            self._end(f"Nothing imported from {self.path.name}: this register already holds "
                      "everything in it.")
        elif left:
            self._end(f"{self.path.name} not imported: {left} conflict(s) left undecided; "
                      "nothing was changed.")
        else:
            self._end(f"Import of {self.path.name} cancelled after its check; nothing was "
                      "changed.")

    def _apply(self, decisions: Decisions, combines: list[Duplicate]) -> None:
        assert self.preview is not None and self.dialog is not None
        self.dialog.merge_requested.disconnect(self._apply)
        self.dialog.rejected.disconnect(self._closed_without_importing)
        self.dialog.accept()
        database, plan = self.hub.database, self.preview.plan

        def work(_progress: Progress, _cancelled: Callable[[], bool]) -> Any:
            from coalition_desk.services.merge.window import apply_with_combines

            # No backup copy: the import is one undo step, as it was before the preview.
            # Every new row was checked by the dry run (``checked``: the fast path).
            return apply_with_combines(database, plan, decisions, combines, backup=False,
                                       checked=True)

        task = run_in_worker(self.window, "Importing", work, cancellable=False,
                             label=f"Importing {self.path.name}…")
        task.finished.connect(self._imported)
        task.failed.connect(self._failed)
        self.apply_task = task

    def _imported(self, result: WindowMergeResult) -> None:
        _close_progress(self.apply_task)
        self.result = result
        changes = result.changes
        if changes.changes:
            # The main window's edit controller owns the undo stack (a bare host has none).
            controller = getattr(self.host, "edit_controller", None)
            if controller is not None:
                controller.undo_stack.push(
                    WriteCommand(self.hub, f"Import {self.path.name}", changes))
            if len(changes.changes) > ANNOUNCE_EACH_UP_TO:
                kinds = sorted(changes.entities)
                changes = ChangeSet(tuple(Change(e, "update", "") for e in kinds))
            self.hub.announce(changes)
        self._end(imported_text(self.path, result))


def preview_summary(path: Path, plan: MergePlan) -> str:
    conflicts = len(plan.conflicts)
    lines = [
        f"What importing {path.name} would do (nothing is written until you press Import):",
        f"  added: {len(plan.added):,}",
        f"  changed: {len(plan.changed):,}",
        f"  removed: {len(plan.deleted):,}",
        f"  conflicts: {conflicts:,}" + (" (to decide on the Conflicts tab)" if conflicts else ""),
        f"  likely duplicates: {len(plan.duplicates):,}",
    ]
    if plan.other_name:
        lines.append(f"The workbook was exported from {plan.other_name}.")
    return "\n".join(lines)


def imported_text(path: Path, result: WindowMergeResult) -> str:
    merge = result.merge
    text = (f"Imported {path.name}: {merge.added:,} added, {merge.changed:,} changed, "
            f"{merge.deleted:,} removed.")
    if result.combined:
        text += f" {len(result.combined):,} likely duplicate(s) combined."
    return text


def _close_progress(task: Task | None) -> None:
    # Closed before what comes next opens, not after: it must not sit on top of it.
    import shiboken6

    dialog = getattr(task, "dialog", None)
    if dialog is not None and shiboken6.isValid(dialog):
        dialog.reset()
        dialog.hide()


_RUNNING: set[ImportFlow] = set()


def import_register(host: ActionHost) -> ImportFlow | None:
    chosen = ask_workbook_path(host.window())
    if not chosen:
        return None
    return ImportFlow(host, Path(chosen))
