"""The workbook file a command writes: refused before any work when it cannot be written."""

from __future__ import annotations

import os
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


# The user's scratch journal (reports/scratch.py): one entry per workbook being written.
# Kept here, free of openpyxl, so that a start can see there is nothing to clean up
# without loading the workbook library.
STATE_ENV = "COALITION_DESK_STATE_DIR"


def scratch_journal() -> Path:
    override = os.environ.get(STATE_ENV)
    if override:
        root = Path(override)
    else:
        import platformdirs

        root = Path(platformdirs.user_state_dir("coalition-desk", appauthor=False))
    return root / "scratch"


def scratch_journal_has_entries() -> bool:
    """Does the journal name any scratch folder (a writer at work, or one killed)?"""
    try:
        with os.scandir(scratch_journal()) as entries:
            return next(entries, None) is not None
    except OSError:
        return False
