"""The status bar's permanent part: where the register is, who is signed in, whether
changes are possible, whether other officers' changes arrive live, and the counts.

The left part of the status bar stays for messages (what just happened).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from coalition_desk import APP_NAME
from coalition_desk.ui.hub import Hub
from coalition_desk.ui.written_notice import WrittenNotice

READ_ONLY_STYLE = (
    "QLabel { background: #fde2e1; color: #8a1c14; border: 1px solid #c4443b;"
    " border-radius: 3px; padding: 0 6px; font-weight: bold; }"
)
LIVE_TEXT = {True: "● Live", False: "○ Reconnecting…"}
LIVE_TIP = {
    True: "Other officers' changes show here as they save them.",
    False: "The connection for live updates was lost; the window reads everything again "
    "once it is back.",
}


def window_title(hub: Hub) -> str:
    """``database desk on host:5432 — alice (reader, read-only) — Coalition Desk``."""
    access = hub.access
    parts = [hub.database.display_name]
    if access.on_server:
        parts.append(f"{access.user} ({access.role}{', read-only' if hub.read_only else ''})")
    elif hub.read_only:
        parts.append("read-only")
    return " — ".join([*parts, APP_NAME])


def signed_in_text(hub: Hub) -> str:
    access = hub.access
    return f"Signed in as {access.user} ({access.role})"


class StatusArea:
    """Builds the labels into the window's status bar; the window keeps references."""

    def __init__(self, window: QMainWindow, hub: Hub) -> None:
        access = hub.access
        self.path_label = QLabel(window)
        self.path_label.setObjectName("database_path")
        mode = " (read-only)" if hub.read_only and not access.on_server else ""
        self.path_label.setText(f"Database: {hub.database.display_name}{mode}")
        self.path_label.setAccessibleName("Database path")
        self.signed_in_label = QLabel(signed_in_text(hub) if access.on_server else "", window)
        self.signed_in_label.setObjectName("signed_in")
        self.signed_in_label.setAccessibleName("Signed in as")
        self.signed_in_label.setVisible(access.on_server)
        self.read_only_mark = QLabel("Read-only", window)
        self.read_only_mark.setObjectName("read_only_mark")
        self.read_only_mark.setAccessibleName("Read-only access")
        self.read_only_mark.setStyleSheet(READ_ONLY_STYLE)
        self.read_only_mark.setToolTip(access.read_only_reason)
        self.read_only_mark.setVisible(hub.read_only)
        self.live_label = QLabel(window)
        self.live_label.setObjectName("live_updates")
        self.live_label.setAccessibleName("Live updates")
        self.live_label.setVisible(False)
        self.counts_label = QLabel(window)
        self.counts_label.setObjectName("record_counts")
        self.counts_label.setAccessibleName("Record counts")
        self.written_notice = WrittenNotice(window)
        # No stretch on the permanent labels: the left part is the messages' room.
        bar = window.statusBar()
        for widget in (
            self.written_notice, self.read_only_mark, self.signed_in_label, self.path_label,
            self.live_label, self.counts_label,
        ):  # fmt: skip
            bar.addPermanentWidget(widget)

    def show_live(self, connected: bool) -> None:
        self.live_label.setText(LIVE_TEXT[connected])
        self.live_label.setToolTip(LIVE_TIP[connected])
        self.live_label.setVisible(True)
