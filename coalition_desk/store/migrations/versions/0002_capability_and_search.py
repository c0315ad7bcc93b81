"""capability weight per nation; full-text search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from coalition_desk.store import fulltext

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capability", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        for statement in fulltext.sqlite_schema_statements():
            op.execute(statement)
        op.execute(fulltext.sqlite_rebuild_statement())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in fulltext.sqlite_drop_statements():
            op.execute(statement)
    with op.batch_alter_table("nations", schema=None) as batch_op:
        batch_op.drop_column("capability")
