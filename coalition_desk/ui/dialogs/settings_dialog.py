"""Settings of this database: stale-position threshold, protective marking, capabilities."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import Change, ChangeSet
from coalition_desk.domain.validation import ValidationError
from coalition_desk.services import settings
from coalition_desk.ui.dialogs.fields import LineField
from coalition_desk.ui.hub import Hub

ERROR_STYLE = "color: #b71c1c;"


class SettingsDialog(QDialog):
    def __init__(self, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle("Settings of this database")
        self.setMinimumWidth(460)
        self._hub = hub
        database = hub.database
        self.stale_days = QSpinBox(self)
        self.stale_days.setObjectName("stale_days")
        self.stale_days.setAccessibleName("Days before a position counts as stale")
        # Wider than the setting allows: a typed 5000 is refused with the reason, not cut.
        self.stale_days.setRange(-99_999, 99_999)
        self.stale_days.setSuffix(" days")
        self.stale_days.setValue(settings.stale_after_days(database))
        self.marking = LineField(settings.protective_marking(database), self)
        self.marking.setObjectName("protective_marking")
        self.marking.setAccessibleName("Protective marking")
        # No maximum length: a longer marking is refused naming the limit, never cut.
        self.capabilities = LineField(", ".join(settings.capabilities(database)), self)
        self.capabilities.setObjectName("capabilities")
        self.capabilities.setAccessibleName("Capabilities pledges may name, comma-separated")
        self.pledge_sheets = QCheckBox(
            "Meeting packs have the &Pledges and Capability gap sheets", self)
        self.pledge_sheets.setObjectName("pledge_sheets")
        self.pledge_sheets.setChecked(settings.pledge_sheets(database))
        self.errors = {
            "stale_after_days": QLabel(self),
            "protective_marking": QLabel(self),
            settings.CAPABILITIES_KEY: QLabel(self),
        }
        for label in self.errors.values():
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()
        form = QFormLayout()
        form.addRow("&Stale after:", self.stale_days)
        form.addRow("", self.errors["stale_after_days"])
        form.addRow("Protective &marking:", self.marking)
        form.addRow("", self.errors["protective_marking"])
        form.addRow("&Capabilities:", self.capabilities)
        form.addRow("", self.errors[settings.CAPABILITIES_KEY])
        form.addRow("", self.pledge_sheets)
        note = QLabel(
            "A position not reconfirmed within this many days is marked stale. The marking "
            "(e.g. OFFICIAL) appears on the window and on every workbook page.",
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def capability_list(self) -> list[str]:
        """The capabilities typed, the spaces around each comma being separators only."""
        text = self.capabilities.text()
        return [part.strip() for part in text.split(",")] if text.strip() else []

    def save(self) -> None:
        database = self._hub.database
        for label in self.errors.values():
            label.hide()
        before = (settings.stale_after_days(database), settings.protective_marking(database),
                  settings.capabilities(database), settings.pledge_sheets(database))
        try:
            problems = []
            for apply in (
                lambda: settings.set_stale_after_days(database, self.stale_days.value()),
                lambda: settings.set_protective_marking(database, self.marking.text()),
                lambda: settings.set_capabilities(database, self.capability_list()),
            ):
                try:
                    apply()
                except ValidationError as error:
                    problems.extend(error.problems)
            if problems:
                raise ValidationError("settings", problems)
            settings.set_pledge_sheets(database, self.pledge_sheets.isChecked())
        except ValidationError as error:
            for problem in error.problems:
                label = self.errors.get(problem.field)
                if label is not None:
                    label.setText(problem.reason)
                    label.show()
            # All or nothing: what was accepted goes back as it was.
            settings.set_stale_after_days(database, before[0])
            settings.set_protective_marking(database, before[1])
            settings.set_capabilities(database, before[2])
            return
        changes = tuple(
            Change("settings", "update", key)
            for key, old, new in (
                (settings.STALE_DAYS_KEY, before[0], settings.stale_after_days(database)),
                (settings.MARKING_KEY, before[1], settings.protective_marking(database)),
                (settings.CAPABILITIES_KEY, before[2], settings.capabilities(database)),
                (settings.PLEDGE_SHEETS_KEY, before[3], settings.pledge_sheets(database)),
            )
            if old != new
        )
        self._hub.announce(ChangeSet(changes))
        self.accept()
