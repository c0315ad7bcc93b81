"""A meeting and its attendance list saved together: one transaction, one change set.

The edit dialog shows both on one form, so a refused attendance row must leave the
meeting untouched too, and one undo must take back both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import FieldProblem, ValidationError
from coalition_desk.services.crud import (
    UuidCache,
    Writer,
    create_in,
    delete_in,
    row_to_record,
    update_in,
)
from coalition_desk.services.entities import ATTENDANCE
from coalition_desk.store import models

ATTENDANCE_FIELD = "attendance"
STATEMENTS_FIELD = "statements"


def save_meeting(
    writer: Writer, meeting: rec.Meeting, attendance: Sequence[rec.Attendance],
    statements: Sequence[rec.Position] = (), *, new_heads: bool = False,
) -> rec.ChangeSet:
    """Create (empty ``uuid``) or update a meeting and make its attendance match the list.

    Attendance rows with a ``uuid`` are updated, those without are created, and rows of
    the meeting missing from the list are deleted. A refused attendance row is reported
    on the ``attendance`` field, naming its row (1-based) and the reason.

    ``statements`` are positions stated at the meeting, added with it (dated by it when
    they carry no date of their own); a refused one is reported on ``statements``. With
    ``new_heads``, a head of delegation typed who is not among their nation's people is
    added as a person of that nation. All of it is one change set: one undo.
    """
    _refuse_repeated_nations(attendance)
    changes: list[rec.Change] = []
    with writer.database.session() as session:
        if meeting.uuid:
            change = update_in(session, meeting, writer.origin)
            if change is not None:
                changes.append(change)
            meeting_uuid = meeting.uuid
        else:
            change = create_in(session, meeting, writer.origin)
            changes.append(change)
            meeting_uuid = change.uuid
        kept = {row.uuid for row in attendance if row.uuid}
        for existing in _attendance_of(session, meeting_uuid):
            if existing.uuid not in kept:
                changes += delete_in(
                    session, ATTENDANCE.name, existing.uuid, writer.origin, cascade=True
                )
        for index, entered in enumerate(attendance, start=1):
            row = dataclasses.replace(entered, meeting_uuid=meeting_uuid)
            try:
                if row.uuid:
                    change = update_in(session, row, writer.origin)
                else:
                    change = create_in(session, row, writer.origin)
            except ValidationError as error:
                raise ValidationError(
                    "meeting",
                    [
                        FieldProblem(ATTENDANCE_FIELD, f"row {index}: {_field_label(p)} {p.reason}")
                        for p in error.problems
                    ],
                ) from error
            if change is not None:
                changes.append(change)
        if new_heads:
            changes += _add_new_heads(session, attendance, writer.origin)
        for index, statement in enumerate(statements, start=1):
            position = dataclasses.replace(statement, meeting_uuid=meeting_uuid)
            try:
                changes.append(create_in(session, position, writer.origin))
            except ValidationError as error:
                raise ValidationError("meeting", [
                    FieldProblem(STATEMENTS_FIELD, f"row {index}: {_field_label(p)} {p.reason}")
                    for p in error.problems
                ]) from error
    return rec.ChangeSet(tuple(changes))


def _add_new_heads(session: Session, attendance: Sequence[rec.Attendance],
                   origin: str) -> list[rec.Change]:
    known = {
        (nation_uuid, name.casefold())
        for name, nation_uuid in session.execute(
            select(models.PersonRow.name, models.NationRow.uuid)
            .join(models.NationRow, models.NationRow.id == models.PersonRow.nation_id))
    }
    added = []
    for row in attendance:
        name = row.head_of_delegation.strip()
        if name and row.nation_uuid and (row.nation_uuid, name.casefold()) not in known:
            added.append(create_in(session, rec.Person(name=name, nation_uuid=row.nation_uuid),
                                   origin))
            known.add((row.nation_uuid, name.casefold()))
    return added


def _refuse_repeated_nations(attendance: Sequence[rec.Attendance]) -> None:
    seen: dict[str, int] = {}
    for index, row in enumerate(attendance, start=1):
        if row.nation_uuid and row.nation_uuid in seen:
            raise ValidationError(
                "meeting",
                [
                    FieldProblem(
                        ATTENDANCE_FIELD,
                        f"row {index}: the same nation is already listed in row "
                        f"{seen[row.nation_uuid]}",
                    )
                ],
            )
        seen[row.nation_uuid] = index


def _field_label(problem: FieldProblem) -> str:
    return {
        "nation_uuid": "nation",
        "meeting_uuid": "meeting",
        "head_of_delegation": "head of delegation",
        "issue_uuid": "issue",
        "speaker_uuid": "speaker",
    }.get(problem.field, problem.field.replace("_", " "))


def _attendance_of(session: Session, meeting_uuid: str) -> list[rec.Attendance]:
    rows = session.scalars(
        select(models.AttendanceRow)
        .join(models.MeetingRow, models.MeetingRow.id == models.AttendanceRow.meeting_id)
        .where(models.MeetingRow.uuid == meeting_uuid)
        .order_by(models.AttendanceRow.id)
    ).all()
    cache = UuidCache.of(session)
    return [row_to_record(row, ATTENDANCE, cache) for row in rows]  # type: ignore[misc]


def attendance_records(writer: Writer, meeting_uuid: str) -> list[rec.Attendance]:
    """The meeting's attendance as plain records, in the order they were entered."""
    with writer.database.session() as session:
        return _attendance_of(session, meeting_uuid)
