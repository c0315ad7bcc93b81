"""Rows found by key through an index worked out once per read, not a pass over every row.

At scale L choosing a nation narrowed 5,000 meetings and 5,000 questions by testing each
row on the GUI thread (~0.3 and ~0.45 ms a selection). The panes now look the nation's
rows up by position in the list they hold, and keep them in that list's order, so the
table shows the same rows in the same order as the pass did
(tests/unit/test_row_index.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

Row = TypeVar("Row")


class RowIndex(Generic[Row]):
    """``rows`` by each key ``keys_of(row)`` gives (a row may have several keys)."""

    def __init__(self, rows: Sequence[Row], keys_of: Callable[[Row], Iterable[Hashable]]) -> None:
        self.rows = rows
        positions: dict[Hashable, list[int]] = {}
        for position, row in enumerate(rows):
            for key in keys_of(row):
                found = positions.get(key)
                if found is None:
                    positions[key] = [position]
                else:
                    found.append(position)
        self._positions = positions

    def having_any(self, keys: Iterable[Hashable]) -> list[Row]:
        """The rows with at least one of ``keys``, each once, in the order of ``rows``."""
        positions = self._positions
        wanted: set[int] = set()
        for key in keys:
            found = positions.get(key)
            if found is not None:
                wanted.update(found)
        rows = self.rows
        return [rows[position] for position in sorted(wanted)]
