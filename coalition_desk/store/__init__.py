"""Persistence: SQLAlchemy models, the engine factory, migrations, backup, checks."""
