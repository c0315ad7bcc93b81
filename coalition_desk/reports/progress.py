"""Progress and cancellation for long report work, as plain callables (no Qt).

The window's worker passes ``progress(done, total)`` to move its progress bar and
``cancel()`` that returns True once the user pressed Cancel.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """The user cancelled; whatever was half done has been undone."""


class Ticker:
    def __init__(self, total: int, progress: Progress | None, cancel: CancelCheck | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancel = cancel

    def tick(self, amount: int = 1) -> None:
        self.done = min(self.done + amount, self.total)
        if self._progress is not None:
            self._progress(self.done, self.total)
        self.check()

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise Cancelled("cancelled by the user; nothing was changed")

    def finish(self) -> None:
        self.done = self.total
        if self._progress is not None:
            self._progress(self.total, self.total)
