"""Undo commands over the Writer: an edit is done once, then reverted and re-applied.

The write happens before the command is pushed (so a refused save raises in the dialog
and never reaches the stack); the command's first ``redo`` — the one QUndoStack.push
makes — is therefore skipped. Undo calls Writer.revert, redo Writer.apply, which keeps
every UUID; each is a transaction of its own with its own audit entries.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import SQLAlchemyError

from coalition_desk.domain.records import ChangeSet
from coalition_desk.domain.validation import ValidationError
from coalition_desk.services.crud import HasDependents, NotFound
from coalition_desk.store.errors import StoreError
from coalition_desk.ui.hub import Hub

# What can stop an undo or redo: the database (locked, read-only) or the data having
# moved on meanwhile (a record deleted, a code taken by an import).
UNDO_ERRORS = (StoreError, SQLAlchemyError, ValidationError, NotFound, HasDependents)


class WriteCommand(QUndoCommand):
    def __init__(self, hub: Hub, text: str, changes: ChangeSet) -> None:
        super().__init__(text)
        self._hub = hub
        self._changes = changes
        self._skip_next = True
        self.failure: BaseException | None = None

    @property
    def changes(self) -> ChangeSet:
        return self._changes

    def skip_next(self) -> None:
        """Make the next undo or redo a no-op: the stack moves, the database does not.

        Used to put the stack back where it was after an undo or redo failed.
        """
        self._skip_next = True

    def redo(self) -> None:
        self._run(lambda: self._hub.writer.apply(self._changes))

    def undo(self) -> None:
        self._run(lambda: self._hub.writer.revert(self._changes))

    def _run(self, operation: Callable[[], ChangeSet]) -> None:
        self.failure = None
        if self._skip_next:
            self._skip_next = False
            return
        try:
            done = operation()
        except UNDO_ERRORS as error:
            # An exception must not cross back into Qt's C++ stack; the controller
            # reads .failure and restores the stack's index.
            self.failure = error
            return
        self._hub.announce(done)
