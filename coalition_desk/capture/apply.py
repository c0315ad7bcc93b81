"""Saving the proposals an officer kept: one transaction through services, one change set
(so the window can undo it in one step).

A statement needs an issue. One the officer did not assign (and the text did not name)
goes under the register's "Unsorted (captured statements)" issue, created when first
needed, so nothing captured is lost and the officer moves it to its issue later. No
stance is ever set that the officer did not pick.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coalition_desk.capture.proposals import Capture, NationProposal
from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import IssueKind
from coalition_desk.domain.errors import BadInput

UNSORTED_ISSUE = "Unsorted (captured statements)"
UNSORTED_STANCES = ("Issue to be chosen", "No issue applies")


class CaptureApplyError(BadInput):
    """Ticked proposals that cannot be saved as they stand; nothing was saved."""


@dataclass(frozen=True)
class Kept:
    """Which proposals to save, by kind and index in the capture; ``None`` keeps all."""

    nations: frozenset[int] | None = None
    people: frozenset[int] | None = None
    meeting: bool = True
    statements: frozenset[int] | None = None
    questions: frozenset[int] | None = None
    pledges: frozenset[int] | None = None

    @staticmethod
    def chosen(kept: frozenset[int] | None, index: int) -> bool:
        return kept is None or index in kept


def save(
    database: object,
    capture: Capture,
    kept: Kept | None = None,
    origin: str = "capture",
    today: Callable[[], dt.date] = dt.date.today,
) -> rec.ChangeSet:
    from coalition_desk.capture.register import read_register
    from coalition_desk.services.crud import create_in
    from coalition_desk.services.meetings import attendance_of

    kept = kept or Kept()
    register = read_register(database)
    meeting = capture.meeting
    # Read before the write begins: a known meeting's nations already listed as attending.
    already = (
        {a.nation_uuid for a in attendance_of(database, meeting.known_uuid)}  # type: ignore[arg-type]
        if meeting is not None and meeting.known_uuid else set()
    )
    changes: list[rec.Change] = []
    problems: list[str] = []
    with database.session() as session:  # type: ignore[attr-defined]

        def create(record: rec.Record) -> str:
            change = create_in(session, record, origin)
            changes.append(change)
            return change.uuid

        nation_uuids: dict[str, str] = {
            n.code: n.known_uuid for n in capture.nations if n.known_uuid
        }
        for n in register.nations:
            nation_uuids.setdefault(n.code, n.uuid)
        for index, nation in enumerate(capture.nations):
            if nation.known_uuid or not Kept.chosen(kept.nations, index):
                continue
            nation_uuids[nation.code] = create(rec.Nation(
                name=nation.name, code=nation.code, kind=nation.kind,
                notes=f"Added from {capture.source}.",
            ))
        meeting_uuid = _meeting(capture, kept, create, problems)
        as_of = (meeting.date if meeting and meeting.date else None) or capture.report_date \
            or today()
        if meeting_uuid is not None:
            for index, nation in enumerate(capture.nations):
                uuid = nation_uuids.get(nation.code)
                if (nation.involvement == "attending" and uuid and uuid not in already
                        and Kept.chosen(kept.nations, index)):
                    create(rec.Attendance(meeting_uuid=meeting_uuid, nation_uuid=uuid))
        person_uuids: dict[str, str] = {}
        for index, person in enumerate(capture.people):
            if person.known_uuid:
                person_uuids[person.name] = person.known_uuid
                continue
            if not Kept.chosen(kept.people, index):
                continue
            person_uuids[person.name] = create(rec.Person(
                name=person.name, office=person.office,
                nation_uuid=nation_uuids.get(person.nation_code or ""),
            ))
        unsorted: list[str] = []

        def unsorted_issue() -> str:
            if not unsorted:
                found = next((i.uuid for i in register.issues if i.name == UNSORTED_ISSUE), None)
                unsorted.append(found or create(rec.Issue(
                    name=UNSORTED_ISSUE, kind=IssueKind.OPTIONS.value, stances=UNSORTED_STANCES,
                    description="Statements saved from a readout before an officer chose "
                    "their issue: move each to its issue.",
                )))
            return unsorted[0]

        for index, statement in enumerate(capture.statements):
            if not Kept.chosen(kept.statements, index):
                continue
            nation = nation_uuids.get(statement.nation_code or "")
            if nation is None:
                problems.append(_needs_nation("statement", statement.summary,
                                              capture.nation(statement.nation_code)))
                continue
            create(rec.Position(
                nation_uuid=nation,
                issue_uuid=statement.issue_uuid or unsorted_issue(),
                as_of=as_of,
                stance=statement.stance,
                quote=statement.quote or "",
                summary=statement.summary,
                speaker_uuid=person_uuids.get(statement.speaker or ""),
                meeting_uuid=meeting_uuid,
                source=capture.source,
                last_confirmed=as_of,
            ))
        for index, question in enumerate(capture.questions):
            if Kept.chosen(kept.questions, index):
                create(rec.Question(text=question.text, issue_uuid=question.issue_uuid,
                                    raised_at_uuid=meeting_uuid))
        for index, pledge in enumerate(capture.pledges):
            if not Kept.chosen(kept.pledges, index):
                continue
            nation = nation_uuids.get(pledge.nation_code)
            if nation is None:
                problems.append(_needs_nation("pledge", pledge.text,
                                              capture.nation(pledge.nation_code)))
                continue
            create(rec.Pledge(
                nation_uuid=nation, capability=pledge.capability, as_of=as_of,
                quantity=pledge.quantity, unit=pledge.unit, status=pledge.status,
                meeting_uuid=meeting_uuid, notes=f"“{pledge.text}” ({capture.source})",
            ))
        if problems:
            # Raising inside the session rolls every record of this capture back.
            raise CaptureApplyError("; ".join(problems) + ". Nothing was saved.")
    return rec.ChangeSet(tuple(changes))


def _meeting(
    capture: Capture, kept: Kept, create: Callable[[rec.Record], str], problems: list[str]
) -> str | None:
    meeting = capture.meeting
    if meeting is None or not kept.meeting:
        return None
    if meeting.known_uuid:
        return meeting.known_uuid
    if meeting.date is None:
        problems.append(f"the meeting {meeting.title!r} has no date: give one or untick it")
        return None
    return create(rec.Meeting(
        title=meeting.title, date=meeting.date, place=meeting.place, format=meeting.format,
        headcount_reported=meeting.headcount, headcount_note=meeting.headcount_note,
        summary=f"From {capture.source}.",
    ))


def _needs_nation(kind: str, words: str, nation: NationProposal | None) -> str:
    short = words if len(words) <= 60 else words[:57] + "…"
    if nation is None:
        return f"the {kind} {short!r} has no nation: pick one or untick it"
    return f"the {kind} {short!r} needs {nation.name}, which is not ticked"


def count(changes: rec.ChangeSet, entities: Iterable[str] = ()) -> dict[str, int]:
    """How many records of each kind a save created (for the message that follows it)."""
    wanted = set(entities)
    totals: dict[str, int] = {}
    for change in changes.created:
        if not wanted or change.entity in wanted:
            totals[change.entity] = totals.get(change.entity, 0) + 1
    return totals
