"""The workbook file a command writes: refused before any work when it cannot be written."""

from __future__ import annotations

from pathlib import Path

from coalition_desk.domain.errors import BadInput


class BadWorkbookPath(BadInput):
    """The named workbook is not an .xlsx file or its folder does not exist."""


def workbook_target(file: str) -> Path:
    path = Path(file)
    if path.suffix.lower() != ".xlsx":
        raise BadWorkbookPath(f"{file}: the workbook's name must end in .xlsx")
    if not path.parent.exists():
        raise BadWorkbookPath(f"{path.parent} does not exist; nothing was written")
    return path
