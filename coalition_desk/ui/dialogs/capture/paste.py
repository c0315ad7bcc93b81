"""File → Capture from Text…, first step: paste a readout or open a .txt or .eml file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coalition_desk.capture.source_file import CaptureInputError, read_readout

READOUT_FILTER = "Readouts (*.txt *.eml);;Text files (*.txt);;E-mails (*.eml);;All files (*)"


def ask_readout_path(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open a readout", "", READOUT_FILTER)
    return path or None


class CapturePasteDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capture_paste")
        self.setWindowTitle("Capture from text")
        self.resize(760, 560)
        self.title: str | None = None
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("capture_paste_text")
        self.text_edit.setPlaceholderText(
            "Paste a readout, press release or meeting minute here, or open a file."
        )
        self.date_edit = QLineEdit(dt.date.today().isoformat(), self)
        self.date_edit.setObjectName("capture_paste_date")
        self.date_edit.setMaximumWidth(120)
        self.date_edit.setToolTip(
            "The date of the report: \"on Thursday\" is read as the Thursday before it."
        )
        open_button = QPushButton("&Open file…", self)
        open_button.setObjectName("capture_open_file")
        open_button.clicked.connect(self.open_file)
        row = QHBoxLayout()
        row.addWidget(QLabel("Date of the report:"))
        row.addWidget(self.date_edit)
        row.addStretch(1)
        row.addWidget(open_button)
        self.problem = QLabel("", self)
        self.problem.setObjectName("capture_paste_problem")
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Read the text")
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def open_file(self) -> None:
        chosen = ask_readout_path(self)
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> bool:
        try:
            readout = read_readout(path)
        except (CaptureInputError, OSError) as error:
            self.problem.setText(str(error))
            return False
        self.problem.setText("")
        self.text_edit.setPlainText(readout.text)
        self.title = readout.title
        if readout.date is not None:
            self.date_edit.setText(readout.date.isoformat())
        return True

    def report_date(self) -> dt.date | None:
        text = self.date_edit.text().strip()
        return dt.date.fromisoformat(text) if text else None

    def _accept_if_valid(self) -> None:
        if not self.text_edit.toPlainText().strip():
            self.problem.setText("There is no text to read: paste a readout or open a file.")
            return
        try:
            self.report_date()
        except ValueError:
            self.problem.setText("The date of the report must be YYYY-MM-DD, e.g. 2025-04-11.")
            return
        self.accept()
