"""Alembic environment: always run against the connection handed in by migrate.py."""

from __future__ import annotations

from alembic import context

from coalition_desk.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
