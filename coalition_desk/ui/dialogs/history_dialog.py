"""The audit trail of one record: who changed what, when, and from what to what."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout, QWidget

from coalition_desk.domain.records import AuditEntry
from coalition_desk.ui.models.list_table import ListTableModel

COLUMNS = ("When (UTC)", "Who", "Action", "From", "What changed")
Index = QModelIndex | QPersistentModelIndex
SYSTEM_FIELDS = {"uuid", "created_at", "updated_at", "version", "revisions"}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def describe_change(entry: AuditEntry) -> str:
    """One line per field that changed, e.g. "notes: (blank) → Offered staff"."""
    if entry.action == "create":
        return "created"
    if entry.action == "delete":
        return "deleted"
    before, after = entry.before or {}, entry.after or {}
    lines = [
        f"{name}: {_shown(before.get(name))} → {_shown(after.get(name))}"
        for name in after
        if name not in SYSTEM_FIELDS and before.get(name) != after.get(name)
    ]
    return "\n".join(lines) or "no visible change"


class HistoryModel(ListTableModel):
    def __init__(self, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows = [
            (
                entry.at.strftime("%Y-%m-%d %H:%M:%S"),
                # On a server: the officer's OS login and the database role they used.
                entry.os_user + (f" (as {entry.db_user})" if entry.db_user else ""),
                entry.action,
                entry.origin,
                describe_change(entry),
            )
            for entry in entries
        ]

    def headings(self) -> tuple[str, ...]:
        return COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self._rows[index.row()][index.column()]


class HistoryDialog(QDialog):
    def __init__(
        self, title: str, entries: list[AuditEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}")
        self.setAccessibleName("Record history")
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        count = len(entries)
        layout.addWidget(
            QLabel(f"{count} recorded change{'s' if count != 1 else ''} to {title}, oldest first.")
        )
        self.model = HistoryModel(entries, self)
        self.table = QTableView(self)
        self.table.setAccessibleName("Changes to this record")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
