"""SQLAlchemy models of the register.

Rows refer to each other by integer id inside one database; the UUID is the identity
that travels between databases (exports, imports, later merges).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid as uuid_module

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def new_revision() -> str:
    """A random revision id: never a clock reading (laptop clocks disagree)."""
    return secrets.token_hex(8)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Tracked:
    """Columns every register record carries.

    ``version`` counts the writes of the record here (checked on every update and
    delete: a stale copy never overwrites a newer edit). ``revisions`` names the states
    the record has been in, newest first, so a merge finds the state two registers last
    shared (docs/merge.md); ``written_by`` is the register id that wrote the current one.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A row inserted by any path (a bulk load too) starts with a revision of its own.
    revisions: Mapped[str] = mapped_column(Text, default=new_revision, server_default="")
    written_by: Mapped[str] = mapped_column(String(36), default="", server_default="")


class NationRow(Tracked, Base):
    __tablename__ = "nations"

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(10), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))
    constraints: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    capability: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PersonRow(Tracked, Base):
    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(200))
    office: Mapped[str] = mapped_column(String(200), default="")
    nation_id: Mapped[int | None] = mapped_column(
        ForeignKey("nations.id", ondelete="RESTRICT"), index=True, nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    nation: Mapped[NationRow | None] = relationship()


class MeetingRow(Tracked, Base):
    __tablename__ = "meetings"

    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(10), default="day")
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    format: Mapped[str] = mapped_column(String(20))
    chair: Mapped[str] = mapped_column(String(200), default="")
    headcount_reported: Mapped[int | None] = mapped_column(Integer, nullable=True)
    headcount_note: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    points_to_make: Mapped[str] = mapped_column(Text, default="")


class AttendanceRow(Tracked, Base):
    __tablename__ = "attendance"
    __table_args__ = (
        Index("ix_attendance_meeting_nation", "meeting_id", "nation_id", unique=True),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="RESTRICT"))
    nation_id: Mapped[int] = mapped_column(
        ForeignKey("nations.id", ondelete="RESTRICT"), index=True
    )
    level: Mapped[str] = mapped_column(String(20), default="not_stated")
    head_of_delegation: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class IssueRow(Tracked, Base):
    __tablename__ = "issues"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    # A JSON list of labels: scale stances in order, or the options.
    stances: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")


class PositionRow(Tracked, Base):
    __tablename__ = "positions"
    __table_args__ = (
        Index("ix_positions_issue_nation_asof", "issue_id", "nation_id", "as_of"),
        Index("ix_positions_nation_asof", "nation_id", "as_of"),
        # The meetings a nation attended or spoke at, read on every selection of a nation.
        Index("ix_positions_nation_meeting", "nation_id", "meeting_id"),
    )

    nation_id: Mapped[int] = mapped_column(ForeignKey("nations.id", ondelete="RESTRICT"))
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id", ondelete="RESTRICT"))
    as_of: Mapped[dt.date] = mapped_column(Date)
    stance: Mapped[str | None] = mapped_column(String(200), nullable=True)
    salience: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quote: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    source: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str] = mapped_column(String(10), default="medium")
    last_confirmed: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    speaker_capacity: Mapped[str] = mapped_column(
        String(20), default="own_nation", server_default="own_nation"
    )


class PledgeRow(Tracked, Base):
    __tablename__ = "pledges"

    nation_id: Mapped[int] = mapped_column(
        ForeignKey("nations.id", ondelete="RESTRICT"), index=True
    )
    capability: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[dt.date] = mapped_column(Date)
    quantity: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20))
    caveats: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")


class QuestionRow(Tracked, Base):
    __tablename__ = "questions"

    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)
    issue_id: Mapped[int | None] = mapped_column(
        ForeignKey("issues.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    owner_nation_id: Mapped[int | None] = mapped_column(
        ForeignKey("nations.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    raised_at_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    resolved_at_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    raised_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class CapabilityRequirementRow(Tracked, Base):
    __tablename__ = "capability_requirements"

    scenario: Mapped[str] = mapped_column(String(200), index=True)
    capability: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class AuditRow(Base):
    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_record", "record_uuid", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    os_user: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(20))
    record_uuid: Mapped[str] = mapped_column(String(36))
    # JSON objects of the record's fields before and after; null on create/delete.
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(200), default="")
    # The revision this entry wrote (null for a delete) and the one it replaced (null for
    # a create): a merge reads a record's past states here (docs/merge.md).
    revision: Mapped[str | None] = mapped_column(String(40), nullable=True)
    parent: Mapped[str | None] = mapped_column(String(40), nullable=True)


class TombstoneRow(Base):
    """A deleted record, kept so the deletion travels to other registers in a merge."""

    __tablename__ = "tombstones"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    deleted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    register_id: Mapped[str] = mapped_column(String(36), default="")
    # The deletion's own revision, then the revisions of the record it deleted.
    revisions: Mapped[str] = mapped_column(Text, default="")


class RedirectRow(Base):
    """A record combined into another: later merges map ``old_uuid`` to ``new_uuid``."""

    __tablename__ = "redirects"

    old_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    new_uuid: Mapped[str] = mapped_column(String(36))
    entity: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    register_id: Mapped[str] = mapped_column(String(36), default="")


class SettingRow(Base):
    """Properties of the database itself, such as its protective marking."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# Tables whose rows are register records, in an order that satisfies foreign keys.
RECORD_TABLES: tuple[type[Tracked], ...] = (
    NationRow,
    PersonRow,
    MeetingRow,
    AttendanceRow,
    IssueRow,
    PositionRow,
    PledgeRow,
    QuestionRow,
    CapabilityRequirementRow,
)
