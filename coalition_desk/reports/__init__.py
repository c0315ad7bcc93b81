"""Excel workbooks: meeting packs, the full register export and its import (no Qt)."""

from coalition_desk.reports.export import ExportSummary, export_register
from coalition_desk.reports.importer import ImportReport, SheetSummary, import_register
from coalition_desk.reports.pack import write_meeting_pack
from coalition_desk.reports.progress import CancelCheck, Cancelled, Progress

__all__ = [
    "CancelCheck",
    "Cancelled",
    "ExportSummary",
    "ImportReport",
    "Progress",
    "SheetSummary",
    "export_register",
    "import_register",
    "write_meeting_pack",
]
