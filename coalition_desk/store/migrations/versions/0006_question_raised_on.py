"""a question's raised date, and a speaker speaking on behalf of a position's nation

Revision ID: 0006_question_raised_on
Revises: 0004_positions_by_nation_and_meeting
Create Date: 2026-12-01

A question is often raised in a call or a note with no meeting recorded: ``raised_on``
dates it, and the pack judges it open from that day. A position's speaker usually belongs
to the position's nation; ``speaker_capacity`` = 'on_behalf' says that this speaker (a
chair, the EU's High Representative) spoke for it from elsewhere, so the check that a
speaker is the nation's own can refuse the rest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_question_raised_on"
down_revision = "0004_positions_by_nation_and_meeting"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # add_column, not a batch rebuild: a rebuild with foreign keys on can cascade.
    op.add_column("questions", sa.Column("raised_on", sa.Date(), nullable=True))
    op.add_column(
        "positions",
        sa.Column("speaker_capacity", sa.String(20), nullable=False,
                  server_default="own_nation"),
    )


def downgrade() -> None:
    with op.batch_alter_table("positions", schema=None) as batch_op:
        batch_op.drop_column("speaker_capacity")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("raised_on")
