"""A save refused because the record changed elsewhere (an import, a merge, another
window or another officer on the server): mine and theirs in the conflicts dialog.

Nothing the officer typed is lost: the form stays open with it whatever they choose.
Choosing saves the stored version with each field as decided; closing the conflicts
dialog undecided saves nothing and says so in the form.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QDialog, QWidget

from coalition_desk.domain.records import Record
from coalition_desk.services.crud import NotFound
from coalition_desk.services.merge.window import resolve_stale, stale_conflicts, stored_copy
from coalition_desk.store.versions import StaleRecordError
from coalition_desk.ui.dialogs.conflicts_dialog import ConflictsDialog
from coalition_desk.ui.hub import Hub


class _Banner(Protocol):
    def show_banner(self, text: str) -> None: ...


class StaleForm(Protocol):
    """What of an edit dialog (ui/dialogs/form.py's RecordDialog) a stale save uses."""

    hub: Hub
    original: Record | None
    noun: str
    errors: _Banner
    stale_dialog: QDialog | None

    def save_resolved(self, request: object) -> bool: ...

STORED = "the copy saved elsewhere"


def record_of(request: object) -> Record | None:
    """The record a dialog's request saves (a meeting's comes with its attendance)."""
    if isinstance(request, Record):
        return request
    if isinstance(request, tuple) and request and isinstance(request[0], Record):
        return request[0]
    return None


def with_record(request: object, record: Record) -> object:
    if isinstance(request, tuple):
        return (record, *request[1:])
    return record


class StaleSave:
    def __init__(self, form: StaleForm, request: object, error: StaleRecordError) -> None:
        self.form = form
        self.request = request
        self.error = error

    def start(self) -> QDialog | None:
        form = self.form
        mine = record_of(self.request)
        if mine is None:
            form.errors.show_banner(f"{self.error} What you typed is still here.")
            return None
        try:
            stored = stored_copy(form.hub.database, mine)
        except NotFound:
            form.errors.show_banner(
                f"This {form.noun} was deleted elsewhere while you edited it; nothing was "
                "saved. What you typed is still here (copy it before closing).")
            return None
        conflicts, preset = stale_conflicts(form.original, mine, stored)
        form.errors.show_banner(
            f"This {form.noun} was changed elsewhere since you opened it (by an import, a "
            f"merge or another window); nothing was saved. What you typed is still here. "
            f"Choose field by field what to keep, or close the comparison and save again "
            f"later.")
        if not conflicts:
            # Stored already as typed: only the version moved on.
            form.save_resolved(with_record(self.request, resolve_stale(mine, stored, (), {})))
            return None
        dialog = ConflictsDialog(
            conflicts,
            title=f"Changed elsewhere: {form.noun} “{conflicts[0].label}”",
            intro=(f"Since you opened this {form.noun}, it was saved elsewhere. Base is what "
                   f"you opened; Mine is what you typed; Theirs is what is stored now. "
                   f"Fields changed on one side only are chosen already."),
            mine_title="Mine (what you typed)",
            theirs_title="Theirs (stored now)",
            preset=preset,
            apply_text="&Save with these choices",
            parent=form if isinstance(form, QWidget) else None,
        )

        def finished(result: int) -> None:
            form.stale_dialog = None
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted:
                form.errors.show_banner(
                    f"Not saved: this {form.noun} was changed elsewhere and you did not "
                    "choose between the versions. What you typed is still here; Save again "
                    "to compare once more.")
                return
            resolved = resolve_stale(mine, stored, conflicts, dialog.decisions(), STORED)
            form.save_resolved(with_record(self.request, resolved))

        dialog.finished.connect(finished)
        dialog.open()
        return dialog
