"""Excel workbooks: meeting packs, the full register export and its import (no Qt).

The names below load on first use, so that the command line can register its
subcommands (coalition_desk.cli.workbooks) without importing openpyxl and matplotlib.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ExportSummary": "coalition_desk.reports.export",
    "export_register": "coalition_desk.reports.export",
    "ImportReport": "coalition_desk.reports.importer",
    "SheetSummary": "coalition_desk.reports.importer",
    "import_register": "coalition_desk.reports.importer",
    "write_meeting_pack": "coalition_desk.reports.pack",
    "CancelCheck": "coalition_desk.reports.progress",
    "Cancelled": "coalition_desk.reports.progress",
    "Progress": "coalition_desk.reports.progress",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
