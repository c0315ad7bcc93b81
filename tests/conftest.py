"""Shared fixtures. Qt runs offscreen, and no test may open a network connection."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite3"


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    demo.install_demo(database)
    yield database
    database.dispose()


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
