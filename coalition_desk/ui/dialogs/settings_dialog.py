"""Settings of this database: stale-position threshold and protective marking."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.domain.records import Change, ChangeSet
from coalition_desk.domain.validation import ValidationError
from coalition_desk.services import settings
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
        self.stale_days.setRange(1, 3650)
        self.stale_days.setSuffix(" days")
        self.stale_days.setValue(settings.stale_after_days(database))
        self.marking = QLineEdit(settings.protective_marking(database), self)
        self.marking.setObjectName("protective_marking")
        self.marking.setAccessibleName("Protective marking")
        self.marking.setMaxLength(settings.MAX_MARKING_LENGTH)
        self.errors = {
            "stale_after_days": QLabel(self),
            "protective_marking": QLabel(self),
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

    def save(self) -> None:
        database = self._hub.database
        for label in self.errors.values():
            label.hide()
        before = (settings.stale_after_days(database), settings.protective_marking(database))
        try:
            settings.set_stale_after_days(database, self.stale_days.value())
            settings.set_protective_marking(database, self.marking.text())
        except ValidationError as error:
            for problem in error.problems:
                label = self.errors.get(problem.field)
                if label is not None:
                    label.setText(problem.reason)
                    label.show()
            settings.set_stale_after_days(database, before[0])
            return
        changes = tuple(
            Change("settings", "update", key)
            for key, old, new in (
                (settings.STALE_DAYS_KEY, before[0], settings.stale_after_days(database)),
                (settings.MARKING_KEY, before[1], settings.protective_marking(database)),
            )
            if old != new
        )
        self._hub.announce(ChangeSet(changes))
        self.accept()
