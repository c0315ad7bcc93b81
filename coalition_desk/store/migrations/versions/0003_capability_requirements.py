"""capability requirements per planning scenario

Revision ID: 0003_capability_requirements
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_capability_requirements"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capability_requirements",
        sa.Column("scenario", sa.String(length=200), nullable=False),
        sa.Column("capability", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capability_requirements")),
        sa.UniqueConstraint("uuid", name=op.f("uq_capability_requirements_uuid")),
    )
    with op.batch_alter_table("capability_requirements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capability_requirements_scenario"), ["scenario"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("capability_requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capability_requirements_scenario"))
    op.drop_table("capability_requirements")
