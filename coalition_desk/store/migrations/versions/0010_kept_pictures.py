"""kept pictures: the timeline a window last drew at its start, to show at the next one

Revision ID: 0010_kept_pictures
Revises: 0009_live_updates
Create Date: 2026-12-02

A window starts by showing the chart it drew at its last start when that picture is
exactly what it would draw now (ui/timeline/kept_chart.py: the key is a digest of the
chart's data as read now, its size and the drawing code's versions), and loads
matplotlib and draws the chart itself only once every pane is filled.

The picture shows nation names and positions, so it stays in the register, as sensitive
as the rest of it, and nowhere else. It is no record: the table is not in the models'
metadata, so exports, merges, copies, the history and the damage check never see it,
and no trigger (search, live updates) watches it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_kept_pictures"
down_revision = "0009_live_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_pictures",
        sa.Column("slot", sa.String(40), primary_key=True),
        sa.Column("picture_key", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("ratio", sa.Float(), nullable=False),
        sa.Column("pixels", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("kept_pictures")
