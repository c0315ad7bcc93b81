"""The status bar's notice after a workbook or backup is written: Open, Show in folder.

The officer usually wants to look at the pack just written, or mail it: both are one
click away until the next file is written (or a minute passes).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

SHOWN_FOR_MS = 60_000


def open_in_desktop(path: Path) -> bool:
    """The system's own program for the file, or its file manager for a folder."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class WrittenNotice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("written_notice")
        self.path: Path | None = None
        self.label = QLabel(self)
        self.label.setAccessibleName("File written")
        # No Alt keys: Alt+O and Alt+F belong to the menus.
        self.open_button = QPushButton("Open", self)
        self.open_button.setObjectName("open_written")
        self.folder_button = QPushButton("Show in folder", self)
        self.folder_button.setObjectName("show_written_folder")
        for button in (self.open_button, self.folder_button):
            button.setFlat(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.open_button.clicked.connect(self.open_file)
        self.folder_button.clicked.connect(self.open_folder)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_written(self, path: str, text: str) -> None:
        self.path = Path(path)
        self.label.setText(text)
        self.label.setToolTip(str(self.path))
        self.show()
        self._timer.start(SHOWN_FOR_MS)

    def open_file(self) -> None:
        if self.path is not None:
            open_in_desktop(self.path)

    def open_folder(self) -> None:
        if self.path is not None:
            open_in_desktop(self.path.parent)
