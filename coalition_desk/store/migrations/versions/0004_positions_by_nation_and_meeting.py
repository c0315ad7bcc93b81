"""positions indexed by nation and meeting

Revision ID: 0004_positions_by_nation_and_meeting
Revises: 0003_capability_requirements
Create Date: 2026-11-26

The meetings a nation attended or spoke at are read on every selection of a nation; the
positions' part of that read looked up each of a nation's statements in the table (about
a thousand at 200,000 positions). This index answers it alone: 3.3 -> 1.3 ms.
"""

from __future__ import annotations

from alembic import op

revision = "0004_positions_by_nation_and_meeting"
down_revision = "0003_capability_requirements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.create_index("ix_positions_nation_meeting", ["nation_id", "meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_index("ix_positions_nation_meeting")
