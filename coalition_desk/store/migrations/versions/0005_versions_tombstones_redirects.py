"""record versions and revisions, tombstones, redirects, a register id

Revision ID: 0005_versions_tombstones_redirects
Revises: 0007_postgresql_search (chained after the migrations main released meanwhile)
Create Date: 2026-12-01

What a three-way merge between registers needs (docs/merge.md):
- every record gets ``version`` (its write counter here, checked on update and delete),
  ``revisions`` (the states it has been in, newest first) and ``written_by``;
- the audit trail names the revision each entry wrote and the one it replaced;
- deletions leave tombstones and combined duplicates leave redirects;
- the register gets a stable id in its settings.

Columns are added with plain ``ALTER TABLE ... ADD COLUMN`` (portable, and on SQLite
no table is rebuilt, so no child row can be cascade-deleted on the way). An existing
record's first revision is derived from its UUID and last-changed time, so two copies
of one register upgraded apart still agree on the state they share, and copies that
had already diverged do not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid as uuid_module

import sqlalchemy as sa
from alembic import op

revision = "0005_versions_tombstones_redirects"
down_revision = "0007_postgresql_search"
branch_labels = None
depends_on = None

RECORD_TABLES = (
    "nations", "people", "meetings", "attendance", "issues", "positions", "pledges",
    "questions", "capability_requirements",
)
BATCH = 5_000


def legacy_revision(record_uuid: str, updated_at: object) -> str:
    if isinstance(updated_at, dt.datetime):
        stamp = updated_at.replace(microsecond=0).isoformat(sep=" ")
    else:
        stamp = str(updated_at)[:19]
    return hashlib.sha1(f"{record_uuid}@{stamp}".encode()).hexdigest()[:16]


def upgrade() -> None:
    bind = op.get_bind()
    for name in RECORD_TABLES:
        op.add_column(name, sa.Column("version", sa.Integer(), nullable=False,
                                      server_default="1"))
        op.add_column(name, sa.Column("revisions", sa.Text(), nullable=False,
                                      server_default=""))
        op.add_column(name, sa.Column("written_by", sa.String(length=36), nullable=False,
                                      server_default=""))
    op.add_column("audit", sa.Column("revision", sa.String(length=40), nullable=True))
    op.add_column("audit", sa.Column("parent", sa.String(length=40), nullable=True))
    if bind.dialect.name != "sqlite":
        # SQLite does not enforce lengths; "merge from <name> <id>" is longer than 20.
        op.alter_column("audit", "origin", type_=sa.String(length=200),
                        existing_type=sa.String(length=20), existing_nullable=False)
    op.create_table(
        "tombstones",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("register_id", sa.String(length=36), nullable=False),
        sa.Column("revisions", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_tombstones")),
    )
    op.create_table(
        "redirects",
        sa.Column("old_uuid", sa.String(length=36), nullable=False),
        sa.Column("new_uuid", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("register_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("old_uuid", name=op.f("pk_redirects")),
    )
    register_id = str(uuid_module.uuid4())
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    if bind.execute(sa.select(settings.c.key).where(settings.c.key == "register_id")).first() \
            is None:
        bind.execute(sa.insert(settings).values(key="register_id", value=register_id))
    for name in RECORD_TABLES:
        table = sa.table(name, sa.column("id", sa.Integer), sa.column("uuid", sa.String),
                         sa.column("updated_at", sa.DateTime),
                         sa.column("revisions", sa.Text))
        statement = sa.update(table).where(table.c.id == sa.bindparam("b_id")).values(
            revisions=sa.bindparam("b_revisions"))
        last_id = 0
        while True:
            rows = bind.execute(
                sa.select(table.c.id, table.c.uuid, table.c.updated_at)
                .where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
            ).all()
            if not rows:
                break
            last_id = rows[-1][0]
            bind.execute(statement, [
                {"b_id": row_id, "b_revisions": legacy_revision(uuid, updated_at)}
                for row_id, uuid, updated_at in rows
            ])


def downgrade() -> None:
    op.drop_table("redirects")
    op.drop_table("tombstones")
    op.execute("DELETE FROM settings WHERE key = 'register_id'")
    with op.batch_alter_table("audit") as batch_op:
        batch_op.drop_column("parent")
        batch_op.drop_column("revision")
    for name in RECORD_TABLES:
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_column("written_by")
            batch_op.drop_column("revisions")
            batch_op.drop_column("version")
