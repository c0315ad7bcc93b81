"""Alembic environment: always run against the connection handed in by migrate.py."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from coalition_desk.store.models import Base

# Alembic makes its version table with a 32-character column, which PostgreSQL enforces
# and SQLite does not; revision ids such as "0004_positions_by_nation_and_meeting" are
# longer, and registers already store them, so the column is widened instead.
VERSION_NUM_LENGTH = 255

connection = context.config.attributes["connection"]
if connection.dialect.name == "postgresql":
    connection.execute(
        text(
            "CREATE TABLE IF NOT EXISTS alembic_version ("
            f"version_num VARCHAR({VERSION_NUM_LENGTH}) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
    )
    connection.execute(
        text(
            "ALTER TABLE alembic_version ALTER COLUMN version_num "
            f"TYPE VARCHAR({VERSION_NUM_LENGTH})"
        )
    )
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
