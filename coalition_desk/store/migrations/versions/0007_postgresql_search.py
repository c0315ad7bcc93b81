"""full-text search on PostgreSQL

Revision ID: 0007_postgresql_search
Revises: 0006_question_raised_on
Create Date: 2026-12-01

SQLite has had its FTS5 index since 0002; a register on PostgreSQL (team mode) gets its
own here, which finds the same records (store/fulltext_pg.py). Nothing changes on SQLite.
"""

from __future__ import annotations

from alembic import op

from coalition_desk.store import fulltext

revision = "0007_postgresql_search"
down_revision = "0006_question_raised_on"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in fulltext.postgresql_schema_statements():
            op.execute(statement)
        for statement in fulltext.postgresql_rebuild_statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in fulltext.postgresql_drop_statements():
            op.execute(statement)
