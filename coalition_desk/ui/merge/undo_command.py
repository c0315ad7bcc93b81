"""A merge as one undo step: its records and its merge history (tombstones, redirects,
revision lists) go back together, so an undone merge leaves no trace that travels."""

from __future__ import annotations

from coalition_desk.domain.records import ChangeSet
from coalition_desk.services.merge.undo import MergeHistory, redo_merge, undo_merge
from coalition_desk.ui.actions.undo import WriteCommand
from coalition_desk.ui.hub import Hub


class MergeCommand(WriteCommand):
    def __init__(self, hub: Hub, text: str, changes: ChangeSet, history: MergeHistory) -> None:
        super().__init__(hub, text, changes)
        self._history = history

    def redo(self) -> None:
        writer = self._hub.writer
        self._run(lambda: redo_merge(writer.database, self.changes, self._history,
                                     writer.origin))

    def undo(self) -> None:
        writer = self._hub.writer
        self._run(lambda: undo_merge(writer.database, self.changes, self._history,
                                     writer.origin))
