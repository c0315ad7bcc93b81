"""Input widgets shared by the edit dialogs: choices, references, optional values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import LabelledEnum
from coalition_desk.services import records
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


class OptionalNumber(QSpinBox):
    """A whole number that may be "not stated" (the lowest value of the box)."""

    def __init__(
        self, minimum: int, maximum: int, unset_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setRange(minimum - 1, maximum)
        self.setSpecialValueText(unset_text)

    def value_or_none(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_value_or_none(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class OptionalDecimal(QDoubleSpinBox):
    def __init__(self, maximum: float, unset_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(1)
        self.setRange(-1, maximum)
        self.setSpecialValueText(unset_text)

    def value_or_none(self) -> float | None:
        return None if self.value() < 0 else self.value()

    def set_value_or_none(self, value: float | None) -> None:
        self.setValue(-1 if value is None else value)


class TextBox(QPlainTextEdit):
    """Multi-line text; Tab moves on to the next field, as in every other field."""

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(height * 2)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)


# Choices fetched through services, one call per dialog.


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
