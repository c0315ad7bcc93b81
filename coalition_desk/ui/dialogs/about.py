"""Help → About: version and where the data lives."""

from __future__ import annotations

import platform
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QMessageBox, QWidget

from coalition_desk import APP_NAME, __version__


def about_text(database_label: str) -> str:
    return (
        f"<h3>{APP_NAME} {escape(__version__)}</h3>"
        "<p>A negotiation register for liaison officers: nations, meetings, positions, "
        "pledges and open questions. It works offline and never opens a network "
        "connection.</p>"
        f"<p>Database: <code>{escape(database_label)}</code></p>"
        f"<p style='color:#607d8b'>Python {platform.python_version()} · "
        f"Qt for Python {pyside_version}</p>"
    )


def show_about(parent: QWidget, database_label: str) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_text(database_label))
