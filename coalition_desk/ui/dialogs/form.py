"""The frame every edit dialog shares: rows with an error line beside each field.

A service refuses a record with a ValidationError naming fields; each field name maps
to the widget that edits it, and the reason appears right under that widget. A refused
or failed save keeps the dialog open with everything the user typed.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import OperationalError

from coalition_desk.domain.records import ChangeSet, Record
from coalition_desk.domain.validation import FieldProblem, ValidationError, problems_of
from coalition_desk.services.crud import NotFound, Writer
from coalition_desk.store.errors import StoreError
from coalition_desk.store.versions import StaleRecordError
from coalition_desk.ui.hub import Hub

ERROR_COLOUR = "#b3261e"
# Failures of the environment, not of what the user typed: say so, keep the entry.
ENVIRONMENT_ERRORS = (StoreError, OperationalError, NotFound)


def environment_message(error: BaseException) -> str:
    if isinstance(error, OperationalError):
        detail = str(error.orig).lower()
        if "locked" in detail or "busy" in detail:
            reason = (
                "The database is locked by another program (another Coalition Desk "
                "window, a backup or a synchronisation tool)."
            )
        elif "readonly" in detail or "read-only" in detail:
            reason = "The database file cannot be written (it is read-only)."
        else:
            reason = f"The database could not be written ({error.orig})."
    elif isinstance(error, NotFound):
        reason = f"The record is no longer in the database ({error}); someone may have deleted it."
    else:
        reason = str(error)
    return f"{reason} Nothing was saved."


class FormErrors:
    """Shows each refused field's reason under its widget, and the rest in a banner."""

    def __init__(self, banner: QLabel) -> None:
        self.banner = banner
        self._rows: dict[str, tuple[QWidget, QLabel, QLabel | None]] = {}
        self._shown: dict[str, str] = {}

    def register(
        self, field: str, widget: QWidget, error_label: QLabel, row_label: QLabel | None
    ) -> None:
        self._rows[field] = (widget, error_label, row_label)

    def clear_field(self, field: str) -> None:
        """Take one field's message away (it was fixed); the banner goes with the last."""
        if field not in self._shown:
            return
        widget, error_label, row_label = self._rows[field]
        error_label.clear()
        error_label.hide()
        widget.setToolTip("")
        if row_label is not None:
            row_label.setStyleSheet("")
        del self._shown[field]
        if not self._shown:
            self.banner.clear()
            self.banner.hide()

    def clear(self) -> None:
        for widget, error_label, row_label in self._rows.values():
            error_label.clear()
            error_label.hide()
            widget.setToolTip("")
            if row_label is not None:
                row_label.setStyleSheet("")
        self._shown.clear()
        self.banner.clear()
        self.banner.hide()

    def show_problems(self, problems: Iterable[FieldProblem]) -> None:
        self.clear()
        elsewhere: list[str] = []
        first: QWidget | None = None
        for problem in problems:
            if problem.field not in self._rows:
                elsewhere.append(str(problem))
                continue
            widget, error_label, row_label = self._rows[problem.field]
            text = self._shown.get(problem.field)
            if text and problem.reason in text.split("\n"):
                continue  # the same reason found by two checks
            text = f"{text}\n{problem.reason}" if text else problem.reason
            self._shown[problem.field] = text
            error_label.setText(text)
            error_label.show()
            widget.setToolTip(text)
            if row_label is not None:
                row_label.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
            first = first or widget
        summary = "Please correct the marked fields; nothing was saved."
        self.show_banner("\n".join([summary, *elsewhere]) if elsewhere else summary)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def shown(self) -> dict[str, str]:
        """Field name → reason now on display (what the user sees beside each field)."""
        return dict(self._shown)

    def widget_for(self, field: str) -> QWidget:
        return self._rows[field][0]

    def is_visible_for(self, field: str) -> bool:
        return field in self._shown and not self._rows[field][1].isHidden()


class RecordDialog(QDialog):
    """Base of the edit dialogs: build a request from the widgets, submit, report."""

    noun: ClassVar[str] = "record"
    saved = Signal(object)  # the ChangeSet written

    def __init__(self, hub: Hub, original: Record | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.original = original
        self.changes: ChangeSet | None = None
        # The conflicts dialog of the last save refused as stale, while it is open.
        self.stale_dialog: QDialog | None = None
        # The controller swaps this for one that records the write on the undo stack.
        self.submit: Callable[[object], ChangeSet] = lambda request: self.write(hub.writer, request)
        self.setWindowTitle(f"Edit {self.noun}" if original else f"New {self.noun}")
        self.setMinimumWidth(560)
        self.setSizeGripEnabled(True)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Problem")
        self.banner.setStyleSheet(
            f"QLabel {{ color: {ERROR_COLOUR}; background: #fdecea; "
            "border: 1px solid #f5c2c0; border-radius: 3px; padding: 6px; }"
        )
        self.banner.hide()
        self.errors = FormErrors(self.banner)
        self._focus_order: list[QWidget] = []

        self.form = self.new_form()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Ctrl+Enter saves from any field (see eventFilter): a text box would otherwise
        # claim it as a new line before any shortcut sees it.
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.banner)
        self._initial: str | None = None
        # The grey line under a field, by field name, for hints that change (issue kind).
        self.hints: dict[str, QLabel] = {}

    # -- building the form -------------------------------------------------------------

    def new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return form

    def add_row(
        self,
        field: str,
        label: str,
        widget: QWidget,
        *,
        hint: str = "",
        form: QFormLayout | None = None,
    ) -> QWidget:
        """One labelled field with its (hidden) error line underneath."""
        form = form or self.form
        container = QWidget(self)
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = QLabel(hint, container)
            hint_label.setWordWrap(True)
            hint_label.setStyleSheet("color: palette(mid);")
            column.addWidget(hint_label)
            self.hints[field] = hint_label
        error_label = QLabel(container)
        error_label.setWordWrap(True)
        error_label.setStyleSheet(f"color: {ERROR_COLOUR};")
        error_label.setAccessibleName(f"{label.replace('&', '')} problem")
        error_label.hide()
        column.addWidget(error_label)
        row_label = QLabel(label, self)
        row_label.setBuddy(widget)
        form.addRow(row_label, container)
        widget.setAccessibleName(label.replace("&", ""))
        self.errors.register(field, widget, error_label, row_label)
        self._focus_order.append(widget)
        signal = _change_signal(widget)
        if signal is not None:
            signal.connect(lambda *_args, name=field: self._recheck(name))
        return widget

    def _recheck(self, field: str) -> None:
        """A marked field was edited: its message goes once the record's rules accept it.

        Rules that need the database (a code taken by another nation) are checked again
        on save; until then an edit of the field counts as its fix.
        """
        if field not in self.errors.shown():
            return
        try:
            request = self.build_request()
        except Exception:  # noqa: BLE001 - a half-built form keeps its message
            return
        record = request if isinstance(request, Record) else getattr(request, "record", None)
        if isinstance(record, Record) and any(
                problem.field == field for problem in problems_of(record)):
            return
        self.errors.clear_field(field)

    def finish(self, main: QWidget | None = None) -> None:
        """Add the buttons, fix the tab order to the visual order, remember the start."""
        if main is None:
            self.body.addLayout(self.form)
        else:
            self.body.addWidget(main)
        self.body.addWidget(self.buttons)
        order = [*self._focus_order, self.buttons]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)
        for widget in self._focus_order:
            if isinstance(widget, QLineEdit):
                # A long source or title shows its beginning, not its last words.
                widget.setCursorPosition(0)
        for widget in self._focus_order:
            for part in (widget, *widget.findChildren(QWidget)):
                part.installEventFilter(self)
        if self._focus_order:
            self._focus_order[0].setFocus()
        self._initial = repr(self.build_request())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.type() == QEvent.Type.KeyPress:
                self.accept()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    # -- what subclasses provide -------------------------------------------------------

    def build_request(self) -> object:
        raise NotImplementedError

    def write(self, writer: Writer, request: object) -> ChangeSet:
        """The service call that saves ``request`` (a record unless a dialog says more)."""
        assert isinstance(request, Record)
        return writer.update(request) if request.uuid else writer.create(request)

    def describe(self) -> str:
        """The undo text of this save, e.g. "Edit nation 'Poland'"."""
        verb = "Edit" if self.original else "Add"
        return f"{verb} {self.noun}"

    # -- saving ------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self._initial is not None and repr(self.build_request()) != self._initial

    def save(self) -> bool:
        """Submit what the form holds; True when it was written and the dialog closed."""
        return self._save_request(self.build_request())

    def _save_request(self, request: object) -> bool:
        self.errors.clear()
        try:
            changes = self.submit(request)
        except StaleRecordError as error:
            # Changed elsewhere since the form read it: nothing was written, and what the
            # officer typed stays in the form while they choose field by field.
            self.errors.show_problems(error.problems)
            self.stale_dialog = ask_about_stale_save(self, request, error)
            return False
        except ValidationError as error:
            self.errors.show_problems(error.problems)
            return False
        except ENVIRONMENT_ERRORS as error:
            self.errors.show_banner(environment_message(error))
            return False
        self.changes = changes
        self._initial = None
        self.saved.emit(changes)
        super().accept()
        return True

    def accept(self) -> None:
        self.save()

    def save_resolved(self, request: object) -> bool:
        """Save a request the officer settled in the stale-save conflicts dialog."""
        return self._save_request(request)

    def reject(self) -> None:
        if self.is_dirty() and not confirm_discard(self, self.noun):
            return
        super().reject()


def ask_about_stale_save(
    dialog: RecordDialog, request: object, error: StaleRecordError
) -> QDialog | None:
    from coalition_desk.ui.merge.stale_save import StaleSave

    return StaleSave(dialog, request, error).start()


def confirm_discard(parent: QWidget, noun: str) -> bool:
    """Ask before what was typed is thrown away; Alt+D discards, Esc keeps editing."""
    box = QMessageBox(QMessageBox.Icon.Question, "Discard changes?",
                      f"Close this {noun} without saving what you typed?",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("discard_changes")
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def _change_signal(widget: QWidget) -> SignalInstance | None:
    """The signal a field sends when its value changes, whatever kind of field it is."""
    for name in ("changed", "textChanged", "currentIndexChanged", "valueChanged",
                 "dateChanged", "editTextChanged", "toggled"):
        signal = getattr(widget, name, None)
        if isinstance(signal, SignalInstance):
            return signal
    return None
