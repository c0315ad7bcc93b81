"""What the register already holds that a capture is matched against, read through services."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from coalition_desk.domain import records as rec


@dataclass(frozen=True)
class KnownRegister:
    nations: tuple[rec.Nation, ...] = ()
    people: tuple[rec.Person, ...] = ()
    meetings: tuple[rec.Meeting, ...] = ()
    issues: tuple[rec.Issue, ...] = ()
    _by_code: dict[str, rec.Nation] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self._by_code.update({n.code.casefold(): n for n in self.nations})

    def nation(self, code: str, name: str) -> rec.Nation | None:
        found = self._by_code.get(code.casefold())
        if found is not None:
            return found
        return next((n for n in self.nations if n.name.casefold() == name.casefold()), None)

    def nation_code(self, uuid: str | None) -> str | None:
        return next((n.code for n in self.nations if n.uuid == uuid), None)

    def person(self, name: str) -> rec.Person | None:
        """The same name, or the register's spelling of it when the text's is one slip
        off ("Kaja Kalals" for "Kaja Kallas"): same first name, a close surname."""
        exact = next((p for p in self.people if p.name.casefold() == name.casefold()), None)
        if exact is not None:
            return exact
        first, *_, last = name.split() if len(name.split()) > 1 else (name, name)
        for person in self.people:
            words = person.name.split()
            if len(words) < 2 or words[0].casefold() != first.casefold():
                continue
            ratio = difflib.SequenceMatcher(None, words[-1].casefold(), last.casefold()).ratio()
            if ratio >= 0.8:
                return person
        return None

    def meeting_on(self, date: dt.date | None) -> rec.Meeting | None:
        if date is None:
            return None
        return next((m for m in self.meetings if m.date == date), None)

    def issues_named_in(self, sentence: str) -> str | None:
        lowered = sentence.casefold()
        for issue in self.issues:
            if issue.name.casefold() in lowered:
                return issue.uuid
        return None


def read_register(database: object) -> KnownRegister:
    from coalition_desk.services import records

    return KnownRegister(
        nations=tuple(records.list_all(database, rec.Nation)),  # type: ignore[arg-type]
        people=tuple(records.list_all(database, rec.Person)),  # type: ignore[arg-type]
        meetings=tuple(records.list_all(database, rec.Meeting)),  # type: ignore[arg-type]
        issues=tuple(records.list_all(database, rec.Issue)),  # type: ignore[arg-type]
    )
