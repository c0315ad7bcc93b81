"""Shared fixtures. Qt runs offscreen, and no test may open a network connection."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest-qt aborts the whole run without a display unless a platform is chosen first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
# Tests (and the commands they start) log into a scratch folder, not the user's profile.
os.environ.setdefault("COALITION_DESK_LOG_DIR", tempfile.mkdtemp(prefix="coalition-desk-logs-"))

from coalition_desk.services import demo
from coalition_desk.store.engine import Database, open_database

FIXTURES = Path(__file__).parent / "fixtures"
# A copy of ../shared/scenario/000_8517f6327cf266ec.txt, the authority for the demo.
SCENARIO_ARTICLE = FIXTURES / "scenario_article.txt"


class NetworkAccessError(AssertionError):
    pass


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded(real):
    def connect(self: socket.socket, address: object) -> object:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAccessError(f"a test tried to open a network connection to {address!r}")
        return real(self, address)

    return connect


def pytest_configure(config: pytest.Config) -> None:
    # The whole suite runs under the guard: Coalition Desk never touches the network.
    socket.socket.connect = _guarded(_real_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded(_real_connect_ex)  # type: ignore[method-assign]


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


def uuid_of(kind: str, key: str) -> str:
    return demo.demo_uuid(kind, key)
