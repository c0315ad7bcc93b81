"""Problems found in a workbook, each pinned to sheet, row and column for the user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from coalition_desk.domain.wording import plural

# Past this many, the report says "and N more": a user fixes the first ones and re-runs.
PROBLEM_CAP = 200


@dataclass(frozen=True, slots=True)
class WorkbookProblem:
    sheet: str | None
    row: int | None
    column: str | None  # letter, e.g. "D"
    header: str | None  # the column's field name, e.g. "as_of"
    reason: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}" + (f" ({self.header})" if self.header else ""))
        elif self.header:
            where.append(f"column {self.header}")
        return (", ".join(where) + ": " if where else "") + self.reason


class Problems:
    """Collects problems up to the cap, counting the rest."""

    def __init__(self, cap: int = PROBLEM_CAP) -> None:
        self.cap = cap
        self.items: list[WorkbookProblem] = []
        self.more = 0

    def add(
        self,
        reason: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        header: str | None = None,
    ) -> None:
        if len(self.items) < self.cap:
            self.items.append(WorkbookProblem(sheet, row, column, header, reason))
        else:
            self.more += 1

    @property
    def full(self) -> bool:
        return len(self.items) >= self.cap

    def __len__(self) -> int:
        return len(self.items) + self.more

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[WorkbookProblem]:
        return iter(self.items)

    def lines(self) -> list[str]:
        lines = [str(problem) for problem in self.items]
        if self.more:
            lines.append(f"... and {plural(self.more, 'more problem')}")
        return lines
