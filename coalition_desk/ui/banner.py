"""The protective-marking banner shown at the top and the bottom of the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

# Colours follow the common convention for markings; anything else is shown neutrally.
MARKING_COLOURS = {
    "OFFICIAL": ("#1b5e20", "#ffffff"),
    "OFFICIAL-SENSITIVE": ("#e65100", "#ffffff"),
    "SECRET": ("#b71c1c", "#ffffff"),
    "TOP SECRET": ("#4a148c", "#ffffff"),
    "UNCLASSIFIED": ("#2e7d32", "#ffffff"),
}
DEFAULT_COLOURS = ("#37474f", "#ffffff")


def marking_colours(marking: str) -> tuple[str, str]:
    return MARKING_COLOURS.get(marking.strip().upper(), DEFAULT_COLOURS)


class MarkingBanner(QLabel):
    def __init__(self, position: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"marking_banner_{position}")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(self.fontMetrics().height() + 6)

    def set_marking(self, marking: str) -> None:
        background, foreground = marking_colours(marking)
        self.setText(marking)
        self.setAccessibleName(f"Protective marking: {marking}")
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; font-weight: bold;"
            " letter-spacing: 2px; padding: 2px; }"
        )
