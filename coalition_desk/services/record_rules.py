"""Rules a record must satisfy against what the database already holds."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import FieldProblem, capability_problem, speaker_problem
from coalition_desk.services.entities import EntitySpec, decode_json_field
from coalition_desk.services.settings import capabilities_in
from coalition_desk.store import models


def semantic_problems(
    session: Session, record: rec.Record, spec: EntitySpec, own_id: int | None
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    row_type = spec.row_type
    for name in spec.unique_fields:
        value = getattr(record, name)
        clash = select(row_type.id).where(func.lower(getattr(row_type, name)) == str(value).lower())
        if own_id is not None:
            clash = clash.where(row_type.id != own_id)
        if session.scalar(clash.limit(1)) is not None:
            problems.append(FieldProblem(name, f"another {spec.name} already has {value!r}"))
    if isinstance(record, rec.Position) and record.stance is not None:
        stances = _issue_stances(session, record.issue_uuid)
        if stances is not None and record.stance not in stances:
            problems.append(
                FieldProblem(
                    "stance",
                    f"{record.stance!r} is not on this issue's scale ({', '.join(stances)})",
                )
            )
    if isinstance(record, rec.Position) and record.speaker_uuid is not None:
        speaker_nation = session.scalar(
            select(models.NationRow.uuid)
            .join(models.PersonRow, models.PersonRow.nation_id == models.NationRow.id)
            .where(models.PersonRow.uuid == record.speaker_uuid)
        )
        problem = speaker_problem(record, speaker_nation)
        if problem is not None:
            problems.append(problem)
    if isinstance(record, rec.Pledge | rec.CapabilityRequirement):
        problem = capability_problem(record.capability, capabilities_in(session))
        if problem is not None:
            problems.append(problem)
    if isinstance(record, rec.Attendance):
        clash = (
            select(models.AttendanceRow.id)
            .join(models.MeetingRow, models.MeetingRow.id == models.AttendanceRow.meeting_id)
            .join(models.NationRow, models.NationRow.id == models.AttendanceRow.nation_id)
            .where(
                models.MeetingRow.uuid == record.meeting_uuid,
                models.NationRow.uuid == record.nation_uuid,
            )
        )
        if own_id is not None:
            clash = clash.where(models.AttendanceRow.id != own_id)
        if session.scalar(clash.limit(1)) is not None:
            problems.append(
                FieldProblem("nation_uuid", "this nation is already listed as attending")
            )
    if isinstance(record, rec.Issue) and own_id is not None:
        problems += _stances_still_used(session, record, own_id)
    return problems


def _issue_stances(session: Session, issue_uuid: str) -> tuple[str, ...] | None:
    scales: dict[str, tuple[str, ...]] = session.info.setdefault("issue_stances", {})
    if issue_uuid not in scales:
        raw = session.scalar(
            select(models.IssueRow.stances).where(models.IssueRow.uuid == issue_uuid)
        )
        if raw is None:
            return None
        scales[issue_uuid] = decode_json_field(raw)
    return scales[issue_uuid]


def _stances_still_used(session: Session, issue: rec.Issue, issue_id: int) -> list[FieldProblem]:
    used = session.scalars(
        select(models.PositionRow.stance)
        .where(models.PositionRow.issue_id == issue_id, models.PositionRow.stance.is_not(None))
        .distinct()
    ).all()
    missing = sorted(str(s) for s in used if s not in issue.stances)
    if missing:
        return [
            FieldProblem(
                "stances",
                f"recorded positions still use {', '.join(missing)}; rename those first",
            )
        ]
    return []
