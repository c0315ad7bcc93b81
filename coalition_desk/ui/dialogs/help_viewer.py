"""Offline help: the bundled HTML pages in resources/help, shown in-app."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from coalition_desk.resources import resource_path

HELP_DIR = ("help",)


class HelpViewer(QDialog):
    def __init__(self, parent: QWidget | None = None, page: str = "index.html") -> None:
        super().__init__(parent)
        self.setObjectName("help_viewer")
        self.setWindowTitle("Coalition Desk help")
        self.resize(760, 620)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setAccessibleName("Help text")
        # Air-gapped laptops: never hand a link to a web browser.
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(resource_path(*HELP_DIR))])
        back = QPushButton("&Back", self)
        home = QPushButton("&Contents", self)
        close = QPushButton("Close", self)
        back.setShortcut(QKeySequence.StandardKey.Back)
        back.clicked.connect(self.browser.backward)
        home.clicked.connect(lambda: self.show_page("index.html"))
        close.clicked.connect(self.close)
        self.browser.backwardAvailable.connect(back.setEnabled)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addWidget(home)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.show_page(page)

    def show_page(self, page: str) -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(resource_path(*HELP_DIR, page))))
