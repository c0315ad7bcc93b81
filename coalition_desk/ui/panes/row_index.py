"""Rows found by key through an index worked out once per read, not a pass over every row.

At scale L choosing a nation narrowed 5,000 meetings and 5,000 questions by testing each
row on the GUI thread (~0.3 and ~0.45 ms a selection). The panes now look the nation's
rows up by position in the list they hold, and keep them in that list's order, so the
table shows the same rows in the same order as the pass did
(tests/unit/test_row_index.py compares the two).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

Row = TypeVar("Row")
# Sets of shared keys whose rows are kept (a nation's stake issues: most nations share
# one set at scale L, 2,800 of 3,500 questions). ~45 KB each at that size.
KEPT_SETS = 8


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
        # For a set of shared keys: the positions of their rows, ascending, and the rows.
        self._kept: dict[frozenset[Hashable], tuple[list[int], list[Row]]] = {}

    def having_any(self, keys: Iterable[Hashable]) -> list[Row]:
        """The rows with at least one of ``keys``, each once, in the order of ``rows``."""
        rows = self.rows
        return [rows[position] for position in self._sorted_positions(keys)]

    def having_any_of_shared(
        self, shared: Iterable[Hashable], own: Iterable[Hashable]
    ) -> list[Row]:
        """``having_any`` of both: the rows of the ``shared`` keys, which many calls
        ask for alike (kept), with those of the ``own`` keys put in among them in place."""
        key = frozenset(shared)
        kept = self._kept.get(key)
        if kept is None:
            if len(self._kept) >= KEPT_SETS:
                self._kept.clear()
            rows = self.rows
            positions = self._sorted_positions(key)
            kept = self._kept[key] = (positions, [rows[position] for position in positions])
        positions, found = kept
        extra = [
            position
            for position in self._sorted_positions(own)
            if not _holds(positions, position)
        ]
        merged = list(found)
        rows = self.rows
        for before, position in enumerate(extra):
            # ``before`` rows of ``extra``, each earlier than this one, are in already.
            merged.insert(bisect_left(positions, position) + before, rows[position])
        return merged

    def _sorted_positions(self, keys: Iterable[Hashable]) -> list[int]:
        positions = self._positions
        wanted: set[int] = set()
        for key in keys:
            found = positions.get(key)
            if found is not None:
                wanted.update(found)
        return sorted(wanted)


def _holds(ascending: list[int], value: int) -> bool:
    at = bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value
