"""``ConflictsDialog.rows[key]``: one conflict of the list as a handle, for callers and
tests written against the dialog's first form (a panel per conflict). Each use selects
that conflict in the list first, as the officer clicking its row would, then reads or
clicks the detail beside it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from coalition_desk.services.merge.plan import Choice, Conflict
from coalition_desk.ui.merge.conflicts_model import ConflictTableModel


class ConflictsDialog(Protocol):
    """What a handle needs of the dialog (named here, not imported: the dialog imports
    this module)."""

    conflicts: Sequence[Conflict]
    model: ConflictTableModel

    def select(self, key: str) -> Any: ...  # the dialog's ConflictDetail
    def choice(self, key: str) -> Choice | None: ...
    def choose(self, key: str, choice: Choice) -> None: ...


class _Side:
    def __init__(self, row: ConflictRowHandle, side: str) -> None:
        self._row, self._side = row, side

    def toPlainText(self) -> str:  # as the first form's value labels named it
        return self._row.select().texts[self._side].toPlainText()


class _Button:
    def __init__(self, row: ConflictRowHandle, choice: Choice) -> None:
        self._row, self._choice = row, choice

    def click(self) -> None:
        self._row.select().buttons[self._choice].click()


class ConflictRowHandle:
    def __init__(self, dialog: ConflictsDialog, key: str) -> None:
        self._dialog, self.key = dialog, key
        conflict = dialog.conflicts[dialog.model.row_of[key]]
        offered: tuple[Choice, ...] = ("mine", "theirs", "both") if conflict.free_text \
            else ("mine", "theirs")
        self.buttons = {choice: _Button(self, choice) for choice in offered}
        self.texts = {side: _Side(self, side) for side in ("base", "mine", "theirs")}

    def select(self) -> Any:  # the dialog's ConflictDetail
        return self._dialog.select(self.key)

    def choice(self) -> Choice | None:
        return self._dialog.choice(self.key)

    def choose(self, choice: Choice) -> None:
        self._dialog.choose(self.key, choice)


class ConflictRows(Mapping[str, ConflictRowHandle]):
    def __init__(self, dialog: ConflictsDialog) -> None:
        self._dialog = dialog

    def __getitem__(self, key: str) -> ConflictRowHandle:
        if key not in self._dialog.model.row_of:
            raise KeyError(key)
        return ConflictRowHandle(self._dialog, key)

    def __iter__(self) -> Iterator[str]:
        return iter(c.key for c in self._dialog.conflicts)

    def __len__(self) -> int:
        return len(self._dialog.conflicts)
