"""Input widgets shared by the edit dialogs: choices, references, optional values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import LabelledEnum, capability_label
from coalition_desk.services import records, settings
from coalition_desk.services.meetings import list_meetings
from coalition_desk.store.engine import Database

NONE_LABEL = "(none)"
DATE_FORMAT = "yyyy-MM-dd"
MONTH_FORMAT = "MMMM yyyy"

Choice = tuple[str, str]


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ChoiceCombo(QComboBox):
    """A closed list of (label, value) pairs; ``value()`` is the stored value."""

    def __init__(self, choices: Sequence[Choice] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self._fill(choices)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        self._fill(choices)

    def _fill(self, choices: Sequence[Choice]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        for label, value in choices:
            self.addItem(label, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> str | None:
        data = self.currentData()
        return None if data is None or data == "" else str(data)

    def set_value(self, value: str | None) -> None:
        # Nothing chosen stays visibly blank rather than silently picking the first entry.
        self.setCurrentIndex(self.findData("" if value is None else value))

    def values(self) -> list[str | None]:
        return [self.itemData(i) or None for i in range(self.count())]


class EnumCombo(ChoiceCombo):
    def __init__(self, enum_type: type[LabelledEnum], parent: QWidget | None = None) -> None:
        super().__init__([(member.label, member.value) for member in enum_type], parent)
        self.setMinimumContentsLength(16)


class ReferenceCombo(ChoiceCombo):
    """A picker of other records by UUID; an optional reference offers "(none)" first."""

    def __init__(
        self, choices: Sequence[Choice], *, optional: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(_with_none(choices, optional), parent)
        self.optional = optional

    def set_choices(self, choices: Sequence[Choice]) -> None:
        self._fill(_with_none(choices, self.optional))


def _with_none(choices: Sequence[Choice], optional: bool) -> list[Choice]:
    return [(NONE_LABEL, ""), *choices] if optional else list(choices)


class DateField(QDateEdit):
    """A date with a calendar popup, shown as ISO (or month and year)."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.set_value(value or dt.date.today())

    def value(self) -> dt.date:
        return from_qdate(self.date())

    def set_value(self, value: dt.date) -> None:
        self.setDate(to_qdate(value))

    def show_month_only(self, month_only: bool) -> None:
        self.setDisplayFormat(MONTH_FORMAT if month_only else DATE_FORMAT)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the date for the next field, as in every other field; the arrow keys
        # and typing move between year, month and day. (Qt's Tab walks into the sections,
        # and a quote typed after it landed in the day.)
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.focusNextPrevChild(key == Qt.Key.Key_Tab
                                    and not modifiers & Qt.KeyboardModifier.ShiftModifier)
            return
        if modifiers & Qt.KeyboardModifier.ControlModifier and key in (
                Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            # Ctrl+PgUp/PgDn switch tabs everywhere else; here they changed the date.
            event.ignore()
            return
        super().keyPressEvent(event)


class OptionalDateField(QWidget):
    """A date that may be left unset: a check box switches the date on."""

    changed = Signal()

    def __init__(
        self,
        value: dt.date | None,
        check_text: str,
        parent: QWidget | None = None,
        *,
        default: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.enabled_box = QCheckBox(check_text, self)
        self.date_edit = DateField(value, self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled_box)
        layout.addWidget(self.date_edit, 1)
        self.enabled_box.toggled.connect(self.date_edit.setEnabled)
        self.enabled_box.toggled.connect(self.changed)
        self.date_edit.dateChanged.connect(self.changed)
        self.setFocusProxy(self.enabled_box)
        self.set_value(value, default)

    def value(self) -> dt.date | None:
        return self.date_edit.value() if self.enabled_box.isChecked() else None

    def set_value(self, value: dt.date | None, default: dt.date | None = None) -> None:
        self.enabled_box.setChecked(value is not None)
        self.date_edit.setEnabled(value is not None)
        self.date_edit.set_value(value or default or dt.date.today())

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.enabled_box.setAccessibleName(f"{name}: set")
        self.date_edit.setAccessibleName(name)


# Typed numbers are kept as typed, however far out of range: the record's own check then
# refuses them beside the field, saying why. A box that clamped 999 to 99 or -300 to 0
# would change what the officer wrote without a word.
WIDE_INT = 2**31 - 1
WIDE_DECIMAL = 1e15


class OptionalNumber(QSpinBox):
    """A whole number that may be "not stated" (shown while the box holds its lowest value).

    The arrows step within ``minimum``..``maximum``; typing is never clamped to them.
    """

    def __init__(
        self, minimum: int, maximum: int, unset_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.lowest, self.highest = minimum, maximum
        self.setRange(-WIDE_INT, WIDE_INT)
        self.setSpecialValueText(unset_text)
        self.setValue(self.minimum())

    def value_or_none(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_value_or_none(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)

    def stepBy(self, steps: int) -> None:
        self.setValue(_stepped(self.value_or_none(), steps, self.lowest, self.highest,
                               self.minimum()))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        return (QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
                | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled)


class OptionalDecimal(QDoubleSpinBox):
    """A quantity of 0 or more that may be "not stated"; typing is never clamped."""

    def __init__(self, maximum: float, unset_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.highest = maximum
        self.setDecimals(1)
        self.setRange(-WIDE_DECIMAL, WIDE_DECIMAL)
        self.setSpecialValueText(unset_text)
        self.setValue(self.minimum())

    def value_or_none(self) -> float | None:
        return None if self.value() == self.minimum() else self.value()

    def set_value_or_none(self, value: float | None) -> None:
        self.setValue(self.minimum() if value is None else value)

    def stepBy(self, steps: int) -> None:
        self.setValue(_stepped(self.value_or_none(), steps, 0, self.highest, self.minimum()))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        return (QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
                | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled)


def _stepped(value: float | None, steps: int, lowest: float, highest: float,
             unset: float) -> float:
    """An arrow press: from unset to the lowest value, below the lowest back to unset."""
    if value is None:
        return lowest if steps > 0 else unset
    moved = value + steps
    if moved < lowest:
        return unset
    return min(moved, max(highest, value))


class TextBox(QPlainTextEdit):
    """Multi-line text; Tab moves on to the next field, as in every other field."""

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height * 2)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if typed_by_a_mnemonic(event):
            event.ignore()
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


def typed_by_a_mnemonic(event: QKeyEvent) -> bool:
    """Alt+letter that no label or menu took: a text box must not type the letter.

    AltGr (Ctrl+Alt on Windows) still types the characters it is there for.
    """
    modifiers = event.modifiers()
    return bool(
        modifiers & Qt.KeyboardModifier.AltModifier
        and not modifiers & Qt.KeyboardModifier.ControlModifier
        and event.text()
        and event.text().isprintable()
    )


class LineField(QLineEdit):
    """One line of text; an unclaimed Alt+letter types nothing."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if typed_by_a_mnemonic(event):
            event.ignore()
            return
        super().keyPressEvent(event)


# Choices fetched through services, one call per dialog.


def capability_choices(database: Database, keep: str | None = None) -> list[Choice]:
    """The register's capabilities; one a record holds that is off the list stays, flagged."""
    values = list(settings.capabilities(database))
    choices = [(capability_label(value), value) for value in values]
    if keep and keep not in values:
        choices.append((f"{capability_label(keep)} (not on this register's list)", keep))
    return choices


def nation_choices(database: Database) -> list[Choice]:
    nations = sorted(records.list_all(database, rec.Nation), key=lambda n: n.name.casefold())
    return [(f"{n.name} ({n.code})", n.uuid) for n in nations]  # type: ignore[attr-defined]


def person_choices(database: Database) -> list[Choice]:
    codes = {n.uuid: n.code for n in records.list_all(database, rec.Nation)}  # type: ignore[attr-defined]
    people = sorted(records.list_all(database, rec.Person), key=lambda p: p.name.casefold())
    choices = []
    for person in people:
        extra = ", ".join(
            part for part in (person.office, codes.get(person.nation_uuid or "", "")) if part
        )
        choices.append((f"{person.name} — {extra}" if extra else person.name, person.uuid))
    return choices


def meeting_choices(database: Database) -> list[Choice]:
    return [(f"{m.date_label} · {m.title}", m.uuid) for m in list_meetings(database)]


def meeting_dates(database: Database) -> dict[str, dt.date]:
    return {m.uuid: m.date for m in list_meetings(database)}


def issues(database: Database) -> list[rec.Issue]:
    return sorted(records.list_all(database, rec.Issue), key=lambda i: i.name.casefold())  # type: ignore[return-value]
