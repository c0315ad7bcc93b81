"""A capture of a file or pasted text against an open register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coalition_desk.capture.proposals import Capture
from coalition_desk.capture.reading import capture_text
from coalition_desk.capture.register import KnownRegister, read_register
from coalition_desk.capture.source_file import Readout, read_readout


def capture_file(database: object | None, path: Path, report_date: dt.date | None) -> Capture:
    return capture_readout(database, read_readout(path), report_date)


def capture_readout(
    database: object | None, readout: Readout, report_date: dt.date | None
) -> Capture:
    """``report_date`` wins over an e-mail's Date header; an e-mail's subject is its title."""
    register = read_register(database) if database is not None else KnownRegister()
    return capture_text(readout.text, report_date or readout.date, register, readout.title)
