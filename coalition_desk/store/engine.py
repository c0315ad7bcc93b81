"""Opening a Coalition Desk database: the one engine factory, schema checks, upgrades."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coalition_desk.store import migrate
from coalition_desk.store.backup import backup_sqlite_file
from coalition_desk.store.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    MissingRevision,
    NewerSchemaError,
    NotADeskDatabase,
    StoreError,
    UpgradeFailed,
)
from coalition_desk.store.live import track_own_backends
from coalition_desk.store.server_errors import explain_server_error, server_label
from coalition_desk.store.sqlite.files import (
    BULK_WAL_BYTES,
    checkpoint_passive,
    disk_is_full,
    full_disk_error,
    read_only_uri,
    wal_bytes,
)
from coalition_desk.store.sqlite.refusals import (
    check_sqlite_file,
    explain_operational_error,
    refuse_if_damaged,
)
from coalition_desk.store.sqlite.wal_index import ShmWatch

log = logging.getLogger(__name__)

APP_ID_KEY = "application"
APP_ID = "coalition-desk"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Database:
    """An open, up-to-date database: its engine, session factory and where it lives."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: URL
    path: Path | None
    read_only: bool = False
    upgraded_from: str | None = None
    backup_before_upgrade: Path | None = None
    revision: str | None = None
    # Notices the -shm being deleted under the writer (store/sqlite/wal_index.py).
    shm_watch: ShmWatch | None = None

    @property
    def display_name(self) -> str:
        return str(self.path) if self.path else location_label(self.url)

    @property
    def on_server(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if self.shm_watch is not None:
            self.shm_watch.check()
        with self.sessions() as session, session.begin():
            yield session
        if not self.read_only and wal_bytes(self.path) > BULK_WAL_BYTES:
            self.checkpoint()

    def close_idle_connections(self) -> None:
        """Close the register file's pooled connections that nobody is using.

        Each keeps SQLite's page cache (2 MB) as its last read filled it: once a window
        has read everything at its start, three of them held 6-7 MB at scale L. The next
        read opens a connection anew (a millisecond). A server's connections are kept.
        """
        if not self.on_server:
            self.engine.dispose(close=True)

    def checkpoint(self) -> None:
        """Fold committed work from the -wal into the main file: after bulk work and on
        close, so that a copy of the main file alone holds it."""
        if self.path is not None and not self.read_only:
            checkpoint_passive(self.engine, self.path)

    def dispose(self) -> None:
        self.checkpoint()
        self.engine.dispose()


POSTGRESQL_DRIVER = "postgresql+psycopg"


def to_url(path_or_url: str | Path) -> URL:
    """A file path, a SQLAlchemy URL, or a libpq service name (``service=desk``).

    PostgreSQL always goes through psycopg 3, the one driver shipped, whatever the URL
    names (``postgresql://``, ``postgres://``).
    """
    text_value = str(path_or_url)
    if text_value.startswith("service="):
        return URL.create(POSTGRESQL_DRIVER, query={"service": text_value.split("=", 1)[1]})
    if "://" in text_value:
        if text_value.startswith("postgres://"):
            text_value = "postgresql://" + text_value.removeprefix("postgres://")
        url = make_url(text_value)
        if url.get_backend_name() == "postgresql":
            url = url.set(drivername=POSTGRESQL_DRIVER)
        return url
    return URL.create("sqlite+pysqlite", database=str(Path(text_value).expanduser()))


def location_label(url: URL) -> str:
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    if url.get_backend_name() == "postgresql":
        return server_label(url)
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _sqlite_pragmas(read_only: bool):  # noqa: ANN202 - SQLAlchemy event signature
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # pysqlite's own transaction handling runs DDL outside any transaction; take
        # it over so that a migration or an import is all-or-nothing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            # FULL: a laptop that loses power must not lose the last committed edit.
            cursor.execute("PRAGMA synchronous=FULL")
            # A -wal that bulk work grew is cut back once checkpointed, so that the
            # size test after each commit (Database.session) sees only new work.
            cursor.execute(f"PRAGMA journal_size_limit={BULK_WAL_BYTES // 2}")
        cursor.close()

    return on_connect


def make_engine(url: URL, read_only: bool = False) -> Engine:
    if url.get_backend_name() != "sqlite":
        # No hstore column anywhere: without this, the first connection looks the type
        # up in a transaction and savepoint of its own, five round trips before the
        # window's first paint.
        postgresql = url.get_backend_name() == "postgresql"
        engine = create_engine(url, **({"use_native_hstore": False} if postgresql else {}))
        track_own_backends(engine)  # live updates leave this process's own writes out
        return engine
    path = sqlite_path(url)
    if path is not None and read_only:
        uri = read_only_uri(path) if path.exists() else f"file:{path}?mode=ro"
        engine = create_engine("sqlite+pysqlite:///" + uri + "&uri=true")
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas(read_only))
    event.listen(engine, "begin", _begin)
    return engine


def _begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _classify(engine: Engine, path_label: str) -> str | None:
    try:
        return _read_revision(engine, path_label)
    except SADatabaseError as error:
        problem = explain_server_error(error, engine.url)
        if problem is not None:
            raise problem from error
        raise


def _read_revision(engine: Engine, path_label: str) -> str | None:
    """The database's schema revision; None for an empty database."""
    try:
        with engine.connect() as connection:
            if engine.dialect.name != "sqlite":
                # Before the window's first paint, over the network: each statement
                # alone, not inside a BEGIN and a ROLLBACK of their own (store/reads.py).
                connection.execution_options(isolation_level="AUTOCOMMIT")
            inspector = inspect(connection)
            tables = set(inspector.get_table_names())
            if not tables:
                return None
            if "alembic_version" not in tables or "settings" not in tables:
                refuse_if_damaged(engine, path_label)
                kind = "an SQLite" if engine.dialect.name == "sqlite" else "a"
                raise NotADeskDatabase(
                    f"{path_label} is {kind} database of another program, not a "
                    "Coalition Desk database. It was left untouched."
                )
            app = connection.execute(
                text("SELECT value FROM settings WHERE key = :k"), {"k": APP_ID_KEY}
            ).scalar()
            if app != APP_ID:
                refuse_if_damaged(engine, path_label)
                raise NotADeskDatabase(
                    f"{path_label} is not a Coalition Desk database. It was left untouched."
                )
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if not revision:
                raise MissingRevision(
                    f"{path_label} holds a register whose schema revision is missing (its "
                    "alembic_version table is empty), so Coalition Desk cannot tell how to "
                    "read it. It was left untouched; `coalition-desk check` lists what "
                    "else is wrong. Restore the latest backup."
                )
            return str(revision)
    except SADatabaseError as error:
        if engine.dialect.name != "sqlite":
            raise  # a server's failure: explained by _classify
        if isinstance(error, OperationalError):
            raise explain_operational_error(error, path_label) from error
        raise DatabaseDamaged(
            f"{path_label} is damaged and cannot be read ({error.orig}). It was left "
            "untouched; `coalition-desk check` lists what is wrong. Restore the latest backup."
        ) from error


def explain_database_error(error: BaseException, path_label: str) -> StoreError | None:
    """The user's explanation of a write SQLite refused half-way (another program's lock,
    a read-only file, a full disk); None for anything else, which is a bug. The write's
    transaction was rolled back, so nothing changed."""
    if isinstance(error, SADatabaseError) and type(error.orig).__module__.startswith("psycopg"):
        # path_label is what the officer named (--db): a URL or service name here.
        is_address = "://" in path_label or path_label.startswith("service=")
        return explain_server_error(
            error, to_url(path_label) if is_address else URL.create(POSTGRESQL_DRIVER)
        )
    if not isinstance(error, OperationalError):
        return None
    message = str(error.orig).lower()
    path = Path(path_label) if "://" not in path_label else None
    if disk_is_full(path.parent if path is not None else None, message):
        return full_disk_error(path_label)
    if "disk i/o" in message:
        return StoreError(
            f"{path_label} could not be written ({error.orig}); nothing was changed. "
            "Free some space or check the disk, then try again."
        )
    problem = explain_operational_error(error, path_label)
    if isinstance(problem, (DatabaseLocked, DatabaseReadOnly)):
        return problem
    return None


def open_database(
    path_or_url: str | Path,
    *,
    read_only: bool = False,
    create: bool = True,
    upgrade: bool = True,
) -> Database:
    """Open (creating or upgrading as needed) a Coalition Desk database.

    A database from a newer version, or a file that is not ours, is refused and left
    exactly as it was. Before an upgrade a copy of the file is taken beside it.
    """
    url = to_url(path_or_url)
    path = sqlite_path(url)
    label = location_label(url)
    if path is not None:
        check_sqlite_file(path)
        if path.exists() and upgrade and not read_only and not os.access(path, os.W_OK):
            # SQLite would open it anyway and fail only at the first write.
            raise DatabaseReadOnly(
                f"{path} is a read-only file. Open it read-only or copy it somewhere "
                "writable; it was left untouched."
            )
        if not path.exists():
            if not create or read_only:
                raise NotADeskDatabase(f"{path} does not exist.")
            if not path.parent.exists():
                raise DatabaseReadOnly(f"The folder {path.parent} does not exist.")
    if path is not None and path.exists() and path.stat().st_size > 0:
        # Look before touching: the writable engine's WAL pragma alone changes the file.
        probe = make_engine(url, read_only=True)
        try:
            revision = _classify(probe, label)
        except MissingRevision:
            if upgrade:
                raise
            revision = None  # a reader (check) opens it to report what is wrong
        finally:
            probe.dispose()
    else:
        revision = None
    engine = make_engine(url, read_only=read_only)
    try:
        if path is None:
            revision = _classify(engine, label)
        known = migrate.known_revisions()
        head = migrate.head_revision()
        upgraded_from: str | None = None
        backup_path: Path | None = None
        if revision is not None and revision not in known:
            raise NewerSchemaError(
                f"{label} was written by a newer version of Coalition Desk "
                f"(schema {revision}). Install the newer version to open it; it was "
                "left untouched."
            )
        if revision != head and upgrade:
            if read_only:
                raise DatabaseReadOnly(
                    f"{label} needs an upgrade to this version's schema, which a "
                    "read-only database cannot take."
                )
            if revision is not None and path is not None:
                backup_path = _pre_upgrade_backup(path, revision)
            try:
                migrate.upgrade(engine)
            except SADatabaseError as error:
                if engine.dialect.name != "sqlite":
                    explained = explain_server_error(error, url)
                    if explained is None:
                        raise
                    raise explained from error
                if not isinstance(error, OperationalError):
                    raise
                problem = explain_operational_error(error, label)
                if isinstance(problem, DatabaseDamaged):
                    raise UpgradeFailed(
                        f"The upgrade of {label} failed ({error.orig}); the database was "
                        "left as it was."
                        + (f" A copy is at {backup_path}." if backup_path else "")
                    ) from error
                raise problem from error
            upgraded_from = revision
    except Exception:
        engine.dispose()
        raise
    return Database(
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        url=url,
        path=path,
        read_only=read_only,
        upgraded_from=upgraded_from,
        backup_before_upgrade=backup_path,
        revision=head if (upgrade and not read_only) or revision == head else revision,
        shm_watch=ShmWatch(path) if path is not None and not read_only else None,
    )


def _pre_upgrade_backup(path: Path, revision: str) -> Path:
    destination = path.with_name(f"{path.stem}.before-upgrade-{revision}{path.suffix}")
    counter = 1
    while destination.exists():
        destination = path.with_name(
            f"{path.stem}.before-upgrade-{revision}-{counter}{path.suffix}"
        )
        counter += 1
    backup_sqlite_file(path, destination)
    log.info("Copied %s to %s before upgrading its schema", path, destination)
    return destination
