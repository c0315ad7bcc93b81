"""Failures of the database file that the user can act on (not bugs)."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the database file, explained for the user."""


class NotADeskDatabase(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class DatabaseLocked(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass


class DiskFull(DatabaseReadOnly):
    """No room left to write: the register itself is fine and can still be read."""


class DatabaseDamaged(StoreError):
    pass


class MissingRevision(DatabaseDamaged):
    """A register's tables are there but the schema revision it was written by is not."""


class NotEmptyError(StoreError):
    pass


class UpgradeFailed(StoreError):
    pass
