"""A whole register copied into an empty database: a laptop's file onto the team's
server, or the server's register onto a laptop for a trip.

Everything travels as it is stored: every record with its UUID, row id, timestamps and
references, the audit trail, the register's settings (its marking among them). The copy
is one transaction on the destination, so a failure leaves it as empty as it was, and it
is counted table by table before it commits. The source is only read.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, select, text

from coalition_desk.services import records
from coalition_desk.store import fulltext, migrate
from coalition_desk.store.engine import Database
from coalition_desk.store.errors import NotEmptyError, StoreError
from coalition_desk.store.models import Base, SettingRow

BATCH = 5_000
Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class CopySummary:
    rows_by_table: dict[str, int]

    @property
    def records(self) -> int:
        return sum(n for t, n in self.rows_by_table.items() if t not in ("audit", "settings"))

    def describe(self) -> str:
        return (
            f"{self.records} records, {self.rows_by_table.get('audit', 0)} audit entries and "
            f"{self.rows_by_table.get('settings', 0)} settings"
        )


def copied_tables() -> list[Table]:
    """Every table of the register, parents before children (foreign keys)."""
    return list(Base.metadata.sorted_tables)


def _refuse_unless_empty(destination: Database) -> None:
    if not records.is_empty(destination):
        raise NotEmptyError(
            f"{destination.display_name} already holds records; copy goes only into an "
            "empty database. Nothing was changed."
        )
    with destination.engine.connect() as connection:
        audited = connection.execute(text("SELECT count(*) FROM audit")).scalar()
    if audited:
        raise NotEmptyError(
            f"{destination.display_name} holds an audit trail of its own; copy goes only "
            "into an empty database. Nothing was changed."
        )


def copy_register(
    source: Database, destination: Database, progress: Progress | None = None
) -> CopySummary:
    if source.url == destination.url:
        raise StoreError("The source and the destination are the same register.")
    if source.revision != migrate.head_revision():
        raise StoreError(
            f"{source.display_name} has an older schema ({source.revision}); open it once "
            "with this version to upgrade it, then copy it. Nothing was changed."
        )
    _refuse_unless_empty(destination)
    counts: dict[str, int] = {}
    reader_options = {}
    if source.engine.dialect.name == "postgresql":
        # One snapshot for every table: officers may go on writing meanwhile. (SQLite's
        # read transaction is one snapshot already.)
        reader_options["isolation_level"] = "REPEATABLE READ"
    with (
        source.engine.connect().execution_options(**reader_options) as reader,
        destination.engine.begin() as writer,
    ):
        writer.execute(SettingRow.__table__.delete())
        for table in copied_tables():
            counts[table.name] = _copy_table(reader, writer, table, progress)
        for table in copied_tables():
            copied = writer.execute(select(func.count()).select_from(table)).scalar()
            if copied != counts[table.name]:
                raise StoreError(
                    f"The copy of {table.name} came out with {copied} rows instead of "
                    f"{counts[table.name]}; nothing was written to {destination.display_name}."
                )
        if writer.dialect.name == "postgresql":
            _advance_sequences(writer)
    return CopySummary(counts)


def _copy_table(
    reader: Connection, writer: Connection, table: Table, progress: Progress | None
) -> int:
    key = next(iter(table.primary_key.columns))
    statement = select(*table.columns).order_by(key)
    copied = 0
    insert = table.insert()
    bulk = (
        fulltext.indexed_in_bulk(writer, table.name)
        if writer.dialect.name == "sqlite"
        else nullcontext()
    )
    with bulk:
        result = reader.execution_options(yield_per=BATCH).execute(statement)
        for rows in result.partitions(BATCH):
            writer.execute(insert, [row._asdict() for row in rows])
            copied += len(rows)
            if progress is not None:
                progress(table.name, copied)
    return copied


def _advance_sequences(writer: Connection) -> None:
    """Rows came with their ids; the next one the server hands out must follow them."""
    for table in copied_tables():
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or columns[0].name != "id":
            continue
        writer.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
