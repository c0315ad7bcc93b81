"""How much memory an import may take while it reads a workbook, whatever the workbook.

An import holds every record it read until all are checked (all or nothing), so its
memory grows with the workbook. The size caps in ``safety`` stop bombs before reading;
this stops the rest: a workbook whose records need more than the budget is refused
while it is being read, before the machine is out of memory. The budget is growth over
the process's size when the import began, so an import started from the window (which
holds its own data) gets the same room as one from the command line.

The largest register measured (200,000 positions; its export unpacks to 260 MB) takes
240 MB to read. The command line starts at about 85 MB; checking across records adds
up to a seventh of what reading took and writing about 60 MB (SQLite's page cache), so
a workbook just inside the budget keeps a command-line import under 500 MB.
"""

from __future__ import annotations

import os
import sys

READ_BUDGET_BYTES = 300 * 1024 * 1024


class WorkbookTooLarge(ValueError):
    """Reading the workbook would take more memory than one import may."""


def resident_bytes() -> int | None:
    """This process's resident memory now, or None where it cannot be read cheaply."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/statm", "rb") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_working_set()
    return None


def _windows_working_set() -> int | None:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    counters = Counters()
    counters.cb = ctypes.sizeof(counters)
    process = ctypes.windll.kernel32.GetCurrentProcess()  # type: ignore[attr-defined]
    if not ctypes.windll.psapi.GetProcessMemoryInfo(  # type: ignore[attr-defined]
        process, ctypes.byref(counters), counters.cb
    ):
        return None
    return int(counters.WorkingSetSize)


class MemoryBudget:
    """Growth over the size at creation; ``check`` refuses once it is over ``limit``."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = READ_BUDGET_BYTES if limit is None else limit
        self._start = resident_bytes()

    def check(self, where: str) -> None:
        if self._start is None:
            return
        now = resident_bytes()
        if now is not None and now - self._start > self.limit:
            raise WorkbookTooLarge(
                f"the workbook is too large to import at once: reading it needs more than "
                f"{self.limit / 2**20:,.0f} MB of memory (reached on {where}); import it in "
                "smaller workbooks (a few sheets, or part of the rows, at a time)"
            )
