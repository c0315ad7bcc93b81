"""Shared fixtures. Qt runs offscreen, and no test may open a network connection but the
one to the suite's own PostgreSQL server on 127.0.0.1.

Backends: a test that takes ``empty_db``, ``demo_db`` or ``register_target`` runs once per
backend (``[sqlite]`` and ``[postgresql]``) when it lives in one of the folders that touch
the store (BOTH_BACKENDS) or is marked ``both_backends`` (the window tests that matter in
team mode); elsewhere (the rest of the window, benchmarks) on SQLite only. A test that
is about the SQLite file itself takes ``db_path`` (or is marked ``sqlite_only``) and runs
on SQLite only.
``pg_server`` is the session's running cluster (tests/pg_server.TestServer) and
``pg_database`` a fresh, empty database on it (its SQLAlchemy URL), ``pg_demo_db`` the
demo register on it (a Database) for tests about the server alone.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# pytest-qt aborts the whole run without a display unless a platform is chosen first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
# Tests (and the commands they start) log into a scratch folder, not the user's profile.
os.environ.setdefault("COALITION_DESK_LOG_DIR", tempfile.mkdtemp(prefix="coalition-desk-logs-"))
# ...and keep their journal of scratch folders (reports/scratch.py) there too.
os.environ.setdefault("COALITION_DESK_STATE_DIR", tempfile.mkdtemp(prefix="coalition-desk-state-"))

from coalition_desk.services import demo
from coalition_desk.store.engine import Database, open_database
from tests import pg_server as pg
from tests.reliability.guard.no_network import ENV_FLAG as NO_NETWORK_FLAG
from tests.reliability.guard.no_network import NetworkAccessError  # noqa: F401
from tests.reliability.guard.no_network import install as install_network_guard

FIXTURES = Path(__file__).parent / "fixtures"
# A copy of ../shared/scenario/000_8517f6327cf266ec.txt, the authority for the demo.
SCENARIO_ARTICLE = FIXTURES / "scenario_article.txt"


GUARD = Path(__file__).parent / "reliability" / "guard"


def pytest_configure(config: pytest.Config) -> None:
    # The whole suite runs under the guard, and so does every Python it starts (the
    # command line, crash trials) through the guard folder's sitecustomize.
    install_network_guard()
    os.environ[NO_NETWORK_FLAG] = "1"
    paths = [str(GUARD), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


BACKENDS = ("sqlite", "postgresql")
# Folders whose tests touch the store and so run on both backends.
BOTH_BACKENDS = ("unit", "cli", "migrations", "reliability", "team")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    folder = Path(str(metafunc.definition.path)).parent.name
    # A test that asks for the register's file itself (db_path) is about that file.
    about_the_file = "db_path" in inspect.signature(metafunc.function).parameters
    both = (
        (folder in BOTH_BACKENDS or metafunc.definition.get_closest_marker("both_backends"))
        and not about_the_file
        and metafunc.definition.get_closest_marker("sqlite_only") is None
    )
    metafunc.parametrize("backend", BACKENDS if both else BACKENDS[:1], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


class _PgTemplates:
    """Databases the per-test ones are copied from (CREATE DATABASE ... TEMPLATE is a file
    copy: far quicker than running the migrations and the demo again)."""

    def __init__(self, server: pg.TestServer) -> None:
        self.server = server
        self._made: dict[str, str] = {}

    def get(self, kind: str) -> str:
        if kind not in self._made:
            name = self.server.create_database(name=f"template_{kind}")
            database = open_database(self.server.url(name))
            try:
                if kind == "demo":
                    demo.install_demo(database)
            finally:
                database.dispose()
            self._made[kind] = name
        return self._made[kind]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg.TestServer]:
    """The session's PostgreSQL cluster; stopped and removed at the end of the run.

    Without server binaries the tests that need it skip with the reason, except in CI
    (CI=true), where they fail: a CI run that silently skipped the team mode would lie.
    """
    try:
        server = pg.start_server()
    except pg.ServerUnavailable as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL tests cannot run in CI: {error}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {error}")
    try:
        yield server
    finally:
        pg.remove_server(server)


@pytest.fixture(scope="session")
def pg_templates(pg_server: pg.TestServer) -> _PgTemplates:
    return _PgTemplates(pg_server)


@pytest.fixture
def pg_database(pg_server: pg.TestServer) -> Iterator[str]:
    """The URL of a fresh, empty database (no schema at all) on the session's server."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@contextmanager
def _register(
    request: pytest.FixtureRequest, kind: str, sqlite_file: Path | None
) -> Iterator[Database]:
    """An "empty" or "demo" register: a fresh file when ``sqlite_file`` is given, else a
    copy of the test server's template database, dropped afterwards."""
    if sqlite_file is not None:
        database = open_database(sqlite_file)
        try:
            if kind == "demo":
                demo.install_demo(database)
            yield database
        finally:
            database.dispose()
        return
    templates: _PgTemplates = request.getfixturevalue("pg_templates")
    name = templates.server.create_database(template=templates.get(kind))
    database = open_database(templates.server.url(name))
    try:
        yield database
    finally:
        database.dispose()
        templates.server.drop_database(name)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


@pytest.fixture
def register_target(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[str]:
    """Where a fresh register goes, as ``--db`` takes it: a file path, or the URL of an
    empty database on the test server."""
    if backend == "sqlite":
        yield str(db_path)
    else:
        yield request.getfixturevalue("pg_database")


@pytest.fixture
def empty_db(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[Database]:
    with _register(request, "empty", db_path if backend == "sqlite" else None) as database:
        yield database


@pytest.fixture
def pg_demo_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo register on the test server, whatever the backend parameter."""
    with _register(request, "demo", None) as database:
        yield database


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[Database]:
    with _register(request, "demo", db_path if backend == "sqlite" else None) as database:
        yield database


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo register and its own export: a workbook the importer accepts."""
    from coalition_desk.reports import export_register

    folder = tmp_path_factory.mktemp("sound")
    database = open_database(folder / "register.sqlite3")
    try:
        demo.install_demo(database)
        export_register(database, folder / "register.xlsx")
    finally:
        database.dispose()
    return folder / "register.sqlite3", folder / "register.xlsx"


def uuid_of(kind: str, key: str) -> str:
    return demo.demo_uuid(kind, key)
