"""the database role of each audit entry

Revision ID: 0008_audit_database_user
Revises: 0007_postgresql_search
Create Date: 2026-12-01

On a server several officers write one register, each under their own PostgreSQL role:
the audit keeps the role (``session_user``) beside the OS user, filled in by the server
itself so that no write path can forget it. Entries made before are left empty (NULL):
nobody knows who made them any more. On a register file the column stays empty, the
file belonging to whoever holds it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_audit_database_user"
down_revision = "0007_postgresql_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # add_column, not a batch rebuild: a rebuild with foreign keys on can cascade.
    op.add_column("audit", sa.Column("db_user", sa.String(200), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # Set after the column exists, so that old entries are not credited to whoever
        # runs the upgrade.
        op.execute("ALTER TABLE audit ALTER COLUMN db_user SET DEFAULT session_user")


def downgrade() -> None:
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_column("db_user")
