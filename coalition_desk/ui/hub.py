"""The one object through which panes, dialogs and the main window talk.

A pane never reaches into another pane: it asks the hub to select something or tells it
that data changed, and every pane listening reacts on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from coalition_desk.domain.records import ChangeSet, Issue, Meeting, Nation
from coalition_desk.services import records
from coalition_desk.services.crud import NotFound, Writer
from coalition_desk.services.team.access import Access, access_of
from coalition_desk.store.engine import Database
from coalition_desk.store.errors import StoreError


class WritesHeld(StoreError):
    """A save asked for while the register may not be written yet (it is being checked
    for damage at opening): refused, and nothing was written."""


@dataclass(frozen=True, slots=True)
class SelectionContext:
    """What the officer has narrowed the window to; None means "all"."""

    nation_uuid: str | None = None
    meeting_uuid: str | None = None
    issue_uuid: str | None = None
    position_uuid: str | None = None
    question_uuid: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.nation_uuid is None and self.meeting_uuid is None


class Hub(QObject):
    # Emitted with the new SelectionContext whenever any part of it changes.
    context_changed = Signal(object)
    # Emitted with the ChangeSet of every successful write (edit, undo, redo, import).
    data_changed = Signal(object)
    # A request to open the editor of a record: (entity name, uuid).
    open_requested = Signal(str, str)
    # A short message for the status bar.
    status_message = Signal(str)
    # A file was written (path, what the status bar says): offer to open it.
    file_written = Signal(str, str)
    # Every pane load started in the background has ended (see ui/loading.py).
    loads_settled = Signal()
    # Writes were held or let through again (see ``hold_writes``).
    writes_held_changed = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The source of the last position saved: the next one usually has the same.
        self.last_source = ""
        self._database = database
        # Who is signed in and whether they may write: asked of the server once.
        self.access: Access = access_of(database)
        self._writer = Writer(database, origin="window")
        self._context = SelectionContext()
        self._loads_in_flight = 0
        self._behind_in_flight = 0
        self._writes_held = ""
        self._named: dict[str, Nation | Meeting | Issue | None] = {}
        # Connected before any pane's slot, so no pane reads a record this write changed.
        self.data_changed.connect(self._forget_named)

    @property
    def database(self) -> Database:
        return self._database

    @property
    def read_only(self) -> bool:
        """Nothing can be changed here: a file opened read-only, or a reader's sign-in."""
        return not self.access.may_write

    @property
    def writes_held(self) -> str:
        """Why nothing may be written yet (the look for damage at opening); empty when
        writes are let through."""
        return self._writes_held

    @property
    def may_write_now(self) -> bool:
        return not self.read_only and not self._writes_held

    def write_refusal(self) -> str:
        """Why a write would be refused now, for tooltips; empty when it would not."""
        return self.access.read_only_reason or self._writes_held

    def hold_writes(self, reason: str) -> None:
        """Refuse every write (``refuse_if_held``) until ``release_writes``."""
        self._writes_held = reason
        self.writes_held_changed.emit()
        self.status_message.emit(reason)

    def release_writes(self) -> None:
        if self._writes_held:
            self._writes_held = ""
            self.writes_held_changed.emit()

    def refuse_if_held(self) -> None:
        """Raise ``WritesHeld`` (nothing written, the officer's entry kept) while held."""
        if self._writes_held:
            raise WritesHeld(
                f"{self._writes_held} Nothing can be saved until that has ended, in a "
                "moment; what you entered is still here, so save again then."
            )

    @property
    def writer(self) -> Writer:
        return self._writer

    @property
    def context(self) -> SelectionContext:
        return self._context

    def _set(self, context: SelectionContext) -> None:
        if context != self._context:
            self._context = context
            self.context_changed.emit(context)

    @property
    def loading(self) -> bool:
        """Some pane is still reading its rows in the background."""
        return self._loads_in_flight > 0

    def load_started(self) -> None:
        self._loads_in_flight += 1

    def load_finished(self) -> None:
        self._loads_in_flight = max(0, self._loads_in_flight - 1)
        if self._loads_in_flight == 0:
            self.loads_settled.emit()

    @property
    def working_behind(self) -> bool:
        """Work nothing on screen waits for (a lookup that makes later selections
        cheaper, ui/loading.py) is still under way: what tests and benchmarks wait for
        before they measure a window at rest."""
        return self._behind_in_flight > 0

    def behind_started(self) -> None:
        self._behind_in_flight += 1

    def behind_finished(self) -> None:
        self._behind_in_flight = max(0, self._behind_in_flight - 1)

    def named_record(
        self, record_type: type[Nation | Meeting | Issue], uuid: str
    ) -> Nation | Meeting | Issue | None:
        """The nation, meeting or issue a pane names in a heading; None if it is gone.

        Remembered until a nation, meeting or issue changes: the selection bar and the
        panes' headings name the selection on every click, and need no read for it.
        """
        if uuid not in self._named and record_type in (Nation, Issue):
            # Few, and named on every click: one read of them all, not one per new
            # selection (on a server every read is a round trip).
            for record in records.list_all(self._database, record_type):
                self._named.setdefault(record.uuid, record)
        if uuid not in self._named:
            try:
                found = records.get(self._database, record_type, uuid)
            except NotFound:
                found = None
            self._named[uuid] = found if isinstance(found, record_type) else None
        return self._named[uuid]

    def _forget_named(self, changes: ChangeSet) -> None:
        if changes.touches("nation", "meeting", "issue"):
            self._named.clear()

    def select_nation(self, uuid: str | None) -> None:
        self._set(replace(self._context, nation_uuid=uuid, position_uuid=None))

    def select_meeting(self, uuid: str | None) -> None:
        self._set(replace(self._context, meeting_uuid=uuid, position_uuid=None))

    def select_issue(self, uuid: str | None) -> None:
        self._set(replace(self._context, issue_uuid=uuid, position_uuid=None))

    def select_position(self, uuid: str | None) -> None:
        self._set(replace(self._context, position_uuid=uuid))

    def select_question(self, uuid: str | None) -> None:
        self._set(replace(self._context, question_uuid=uuid))

    def clear_selection(self) -> None:
        """Back to everything; the chosen issue stays, as it picks the timeline shown,
        until a second Esc (nothing else left to clear) clears it too."""
        kept = SelectionContext(issue_uuid=self._context.issue_uuid)
        self._set(kept if self._context != kept else SelectionContext())

    def tell_file_written(self, path: str, text: str) -> None:
        """Say in the status bar that a file was written, and offer to open it."""
        self.status_message.emit(text)
        self.file_written.emit(path, text)

    def announce(self, changes: ChangeSet) -> None:
        if changes.changes:
            self.data_changed.emit(changes)
        self._drop_deleted_selection(changes)

    def _drop_deleted_selection(self, changes: ChangeSet) -> None:
        deleted = {c.uuid for c in changes.changes if c.action == "delete"}
        if not deleted:
            return
        context = self._context
        cleared = {
            name: None
            for name in (
                "nation_uuid",
                "meeting_uuid",
                "issue_uuid",
                "position_uuid",
                "question_uuid",
            )
            if getattr(context, name) in deleted
        }
        if cleared:
            self._set(replace(context, **cleared))
