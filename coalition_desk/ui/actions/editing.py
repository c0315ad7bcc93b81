"""Adding, editing and deleting records from the window, each step undoable.

The controller owns the undo stack and the Edit actions. Dialogs build a request and
hand it to ``record_write``, which calls the service, pushes an undo command holding
the returned ChangeSet and tells the hub, so only the panes the change touches refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from coalition_desk.domain import records as rec
from coalition_desk.domain.records import ChangeSet
from coalition_desk.services import records
from coalition_desk.services.crud import HasDependents, NotFound
from coalition_desk.ui.actions.record_dialogs import RECORD_TYPES, dialog_class
from coalition_desk.ui.actions.undo import WriteCommand
from coalition_desk.ui.dialogs.confirm import confirm_delete, describe_record
from coalition_desk.ui.dialogs.form import ENVIRONMENT_ERRORS, RecordDialog, environment_message
from coalition_desk.ui.hub import Hub

log = logging.getLogger(__name__)

# (action key, menu text, shortcut, entity)
NEW_ACTIONS = (
    ("new_nation", "New &Nation…", "Ctrl+Shift+N", "nation"),
    ("new_person", "New Per&son…", "Ctrl+Shift+R", "person"),
    ("new_meeting", "New &Meeting…", "Ctrl+Shift+M", "meeting"),
    ("new_issue", "New &Issue…", "Ctrl+Shift+I", "issue"),
    ("new_position", "New &Position…", "Ctrl+Shift+P", "position"),
    ("new_pledge", "New P&ledge…", "Ctrl+Shift+L", "pledge"),
    ("new_question", "New &Question…", "Ctrl+Shift+Q", "question"),
)

SELECTION_ORDER = (
    ("position", "position_uuid"),
    ("question", "question_uuid"),
    ("meeting", "meeting_uuid"),
    ("nation", "nation_uuid"),
    ("issue", "issue_uuid"),
)
SELECTION_RULE = (
    "the record selected in the pane that has the focus (before any pane had it: the "
    "selected position; if none, the selected question, meeting, nation or issue)"
)
NOTHING_SELECTED = "Nothing is selected in this pane: select a row first."
# How long a record's name may be in the Edit and Delete entries.
LABEL_IN_MENU = 32
Selected = tuple[str, str]


class EditController(QObject):
    def __init__(self, hub: Hub, parent: QWidget) -> None:
        super().__init__(parent)
        self.hub = hub
        self.parent_widget = parent
        self.undo_stack = QUndoStack(self)
        # Tests replace these two to intercept dialogs without running them.
        self.make_dialog: Callable[[str, rec.Record | None], RecordDialog] = self._make_dialog
        self.present: Callable[[QDialog], None] = self._present
        # Pane → what it has selected; Edit and Delete act on the pane last focused.
        self._panes: list[tuple[QWidget, Callable[[], Selected | None]]] = []
        self._focused_pane: QWidget | None = None
        self._actions = self._build_actions()
        hub.open_requested.connect(self.open_editor)
        hub.context_changed.connect(self._update_selection_actions)
        hub.data_changed.connect(self._update_selection_actions)
        hub.writes_held_changed.connect(self._update_selection_actions)
        application = QApplication.instance()
        if isinstance(application, QApplication):
            application.focusChanged.connect(self._on_focus)
        self._update_selection_actions()

    def register_pane(
        self, pane: QWidget, selected: Callable[[], Selected | None],
        changed: SignalInstance | None = None,
    ) -> None:
        """A pane whose selection Edit, Delete and History act on while it has the focus;
        ``changed`` says when a selection of its own (not the hub's) changed."""
        self._panes.append((pane, selected))
        if changed is not None:
            changed.connect(lambda *_args: self._update_selection_actions())

    def context_selection(self, *choices: tuple[str, str]) -> Callable[[], Selected | None]:
        """The first of (entity, context attribute) that the hub's selection holds."""
        def selected() -> Selected | None:
            for entity, attribute in choices:
                uuid = getattr(self.hub.context, attribute)
                if uuid:
                    return entity, uuid
            return None
        return selected

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        for pane, _selected in self._panes:
            if new is not None and (new is pane or pane.isAncestorOf(new)):
                if self._focused_pane is not pane:
                    self._focused_pane = pane
                    self._update_selection_actions()
                return

    # -- actions -----------------------------------------------------------------------

    def actions(self) -> dict[str, QAction]:
        return dict(self._actions)

    def _action(
        self, text: str, shortcuts: list[QKeySequence], tip: str, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self.parent_widget)
        action.setShortcuts(shortcuts)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.parent_widget.addAction(action)
        return action

    def _build_actions(self) -> dict[str, QAction]:
        undo = self._action(
            "&Undo", [QKeySequence(QKeySequence.StandardKey.Undo)], "Undo the last edit", self.undo
        )
        redo = self._action(
            "&Redo",
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")],
            "Redo the edit just undone",
            self.redo,
        )
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        self.undo_stack.undoTextChanged.connect(
            lambda text: undo.setText(f"&Undo {text}" if text else "&Undo")
        )
        self.undo_stack.redoTextChanged.connect(
            lambda text: redo.setText(f"&Redo {text}" if text else "&Redo")
        )
        actions = {"undo": undo, "redo": redo}
        for key, text, shortcut, entity in NEW_ACTIONS:
            actions[key] = self._action(
                text,
                [QKeySequence(shortcut)],
                f"Add a {entity}, filled in from the current selection",
                lambda entity=entity: self.open_editor(entity),
            )
        actions["edit_selected"] = self._action(
            "&Edit Selected…",
            [QKeySequence("F2")],
            f"Edit {SELECTION_RULE}",
            self.edit_selected,
        )
        actions["delete_selected"] = self._action(
            "&Delete Selected…",
            [QKeySequence(QKeySequence.StandardKey.Delete)],
            f"Delete {SELECTION_RULE}, after showing what depends on it",
            self.delete_selected,
        )
        actions["duplicate_meeting"] = self._action(
            "Duplicate Selected Meetin&g…",
            [QKeySequence("Ctrl+Shift+D")],
            "A new meeting with the selected one's details and attendance, dated today",
            self.duplicate_meeting,
        )
        actions["history_selected"] = self._action(
            "&History of Selected…",
            [QKeySequence("Ctrl+H")],
            f"Show who changed {SELECTION_RULE}, when, and from what to what",
            self.history_selected,
        )
        return actions

    def _update_selection_actions(self, _context: object = None) -> None:
        target = self.selected()
        writable = self.hub.may_write_now  # not read-only, nor still checked at opening
        for key, _text, _shortcut, _entity in NEW_ACTIONS:
            self._actions[key].setEnabled(writable)
        # History only reads: a read-only register shows it too.
        self._actions["history_selected"].setEnabled(target is not None)
        self._actions["duplicate_meeting"].setEnabled(
            writable and self.hub.context.meeting_uuid is not None)
        named = self._menu_label(target) if target else ""
        for key, verb in (("edit_selected", "&Edit"), ("delete_selected", "&Delete")):
            action = self._actions[key]
            action.setEnabled(writable and target is not None)
            action.setText(f"{verb} {named}…" if target else f"{verb} Selected…")
        self._actions["history_selected"].setText(
            f"&History of {named}…" if target else "&History of Selected…")

    def _menu_label(self, target: Selected) -> str:
        """"nation 'Poland'": which record Edit and Delete will act on."""
        entity, uuid = target
        record_type = RECORD_TYPES[entity]
        try:
            # Nations, meetings and issues as the headings name them: no read per click.
            record = (self.hub.named_record(record_type, uuid)
                      if record_type in (rec.Nation, rec.Meeting, rec.Issue)
                      else records.get(self.hub.database, record_type, uuid))
        except (NotFound, *ENVIRONMENT_ERRORS):
            return entity
        if record is None:
            return entity
        label = describe_record(self.hub.database, record).replace("&", "&&")
        if len(label) > LABEL_IN_MENU:
            label = label[: LABEL_IN_MENU - 1] + "…"
        return f"{entity} '{label}'"

    # -- dialogs -----------------------------------------------------------------------

    def _make_dialog(self, entity: str, original: rec.Record | None) -> RecordDialog:
        return dialog_class(entity)(self.hub, original, self.parent_widget)

    def _present(self, dialog: QDialog) -> None:
        # open(), not exec(): window-modal without a nested event loop.
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_editor(self, entity: str, uuid: str | None = None) -> RecordDialog | None:
        """Open the dialog that adds (no uuid) or edits a record; returns it, shown."""
        if entity == "attendance" and uuid:
            # Attendance is edited on its meeting's form.
            attendance = self._fetch(rec.Attendance, uuid)
            if attendance is None:
                return None
            entity, uuid = "meeting", attendance.meeting_uuid  # type: ignore[union-attr]
        if entity not in RECORD_TYPES:
            self.hub.status_message.emit(f"There is no editor for {entity} records.")
            return None
        original = None
        if uuid:
            original = self._fetch(RECORD_TYPES[entity], uuid)
            if original is None:
                return None
        dialog = self.make_dialog(entity, original)
        dialog.submit = lambda request, dialog=dialog: self.record_write(
            dialog.describe(), lambda: dialog.write(self.hub.writer, request)
        )
        self.present(dialog)
        return dialog

    def duplicate_meeting(self) -> RecordDialog | None:
        """A new meeting's form, filled from the selected meeting and its attendance."""
        uuid = self.hub.context.meeting_uuid
        template = self._fetch(rec.Meeting, uuid) if uuid else None
        if not isinstance(template, rec.Meeting):
            self.hub.status_message.emit("Select the meeting to duplicate first.")
            return None
        form = dialog_class("meeting")
        dialog = form(self.hub, None, self.parent_widget, template=template)  # type: ignore[call-arg]
        dialog.submit = lambda request, dialog=dialog: self.record_write(
            dialog.describe(), lambda: dialog.write(self.hub.writer, request)
        )
        self.present(dialog)
        return dialog

    def _fetch(self, record_type: type, uuid: str) -> rec.Record | None:
        try:
            return records.get(self.hub.database, record_type, uuid)
        except NotFound:
            self.hub.status_message.emit("That record is no longer in the database.")
        except ENVIRONMENT_ERRORS as error:
            self._warn("Cannot open the record", environment_message(error))
        return None

    def selected(self) -> Selected | None:
        """What the focused pane has selected (nothing if it has nothing: never another
        pane's record); before any pane had the focus, the most specific selection."""
        for pane, selected in self._panes:
            if pane is self._focused_pane:
                return selected()
        return self.context_selection(*SELECTION_ORDER)()

    def edit_selected(self) -> RecordDialog | None:
        target = self.selected()
        if target is None:
            self.hub.status_message.emit(NOTHING_SELECTED)
            return None
        return self.open_editor(*target)

    # -- writing -----------------------------------------------------------------------

    def record_write(self, text: str, operation: Callable[[], ChangeSet]) -> ChangeSet:
        """Run a write; on success put it on the undo stack and announce it.

        Errors (``WritesHeld`` too) propagate to the caller, which shows them.
        """
        self.hub.refuse_if_held()
        changes = operation()
        if changes.changes:
            self.undo_stack.push(WriteCommand(self.hub, text, changes))
            self.hub.announce(changes)
            self.hub.status_message.emit(f"{text}: done.")
        else:
            self.hub.status_message.emit("Nothing changed.")
        return changes

    def history_selected(self) -> QDialog | None:
        target = self.selected()
        if target is None:
            self.hub.status_message.emit(NOTHING_SELECTED)
            return None
        entity, uuid = target
        record = self._fetch(RECORD_TYPES[entity], uuid)
        if record is None:
            return None
        title = f"{entity} {describe_record(self.hub.database, record)}"
        from coalition_desk.ui.dialogs.history_dialog import HistoryDialog

        dialog = HistoryDialog(
            title, records.audit_trail(self.hub.database, uuid), self.parent_widget
        )
        self.present(dialog)
        return dialog

    def delete_selected(self) -> bool:
        target = self.selected()
        if target is None:
            self.hub.status_message.emit(NOTHING_SELECTED)
            return False
        return self.delete(*target)

    def delete(self, entity: str, uuid: str) -> bool:
        """Show what depends on the record, ask, then delete it and its dependents."""
        record = self._fetch(RECORD_TYPES[entity], uuid)
        if record is None:
            return False
        label = describe_record(self.hub.database, record)
        try:
            dependents = self.hub.writer.dependents(entity, uuid)
        except ENVIRONMENT_ERRORS as error:
            self._warn("Cannot delete", environment_message(error))
            return False
        if not confirm_delete(self.parent_widget, entity, label, dependents):
            self.hub.status_message.emit("Nothing was deleted.")
            return False
        try:
            self.record_write(
                f"Delete {entity} '{label}'",
                lambda: self.hub.writer.delete(entity, uuid, cascade=True),
            )
        except (*ENVIRONMENT_ERRORS, HasDependents) as error:
            self._warn("Cannot delete", environment_message(error))
            return False
        return True

    # -- undo and redo -----------------------------------------------------------------

    def undo(self) -> None:
        self._step(backwards=True)

    def redo(self) -> None:
        self._step(backwards=False)

    def _step(self, *, backwards: bool) -> None:
        stack = self.undo_stack
        index = stack.index()
        if not (stack.canUndo() if backwards else stack.canRedo()):
            return
        command = stack.command(index - 1 if backwards else index)
        assert isinstance(command, WriteCommand)
        stack.undo() if backwards else stack.redo()
        if command.failure is not None:
            # Nothing changed in the database; put the stack back so the step can be
            # retried once the cause (a lock, say) is gone.
            failure = command.failure
            command.skip_next()
            stack.setIndex(index)
            verb = "undo" if backwards else "redo"
            log.warning("Could not %s %r: %s", verb, command.text(), failure)
            self._warn(
                f"Cannot {verb}",
                f"Could not {verb} “{command.text()}”.\n\n{environment_message(failure)}",
            )
        else:
            done = "Undone" if backwards else "Redone"
            self.hub.status_message.emit(f"{done}: {command.text()}.")

    def _warn(self, title: str, text: str) -> None:
        self.hub.status_message.emit(text)
        QMessageBox.warning(self.parent_widget, title, text)
