"""A throwaway PostgreSQL cluster for the test suite, on 127.0.0.1 and a free port.

initdb and pg_ctl refuse to run as root, and the tests (and CI) run as root here: the
cluster then belongs to the ``postgres`` user (``runuser``), in a folder under /tmp that it
can enter. Authentication is ``trust``, and only from 127.0.0.1: nothing else can reach it.
Durability is switched off (fsync, synchronous commit): the cluster lives for one run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BIN_CANDIDATES = (
    Path(os.environ.get("COALITION_DESK_PG_BIN", "/nonexistent")),
    *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True),
)
SERVER_USER = "postgres"
# The Python socket guard and the psycopg guard (tests/reliability/guard) let connections
# through to these ports of 127.0.0.1 only.
ALLOWED_PORTS_ENV = "COALITION_DESK_TEST_PG_PORTS"


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server binaries here, or the cluster would not start."""


def server_binaries() -> Path | None:
    for folder in BIN_CANDIDATES:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    found = shutil.which("pg_ctl")
    if found and (Path(found).parent / "initdb").is_file():
        return Path(found).parent
    return None


def free_port() -> int:
    # Binding is not connecting: the network guard does not object.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def allow_port(port: int) -> None:
    ports = set(filter(None, os.environ.get(ALLOWED_PORTS_ENV, "").split(",")))
    ports.add(str(port))
    os.environ[ALLOWED_PORTS_ENV] = ",".join(sorted(ports))


def forbid_port(port: int) -> None:
    ports = set(filter(None, os.environ.get(ALLOWED_PORTS_ENV, "").split(",")))
    ports.discard(str(port))
    os.environ[ALLOWED_PORTS_ENV] = ",".join(sorted(ports))


@dataclass
class TestServer:
    """One running cluster; ``url(name)`` is a SQLAlchemy URL of one of its databases."""

    __test__ = False  # not a test class, whatever its name

    root: Path
    port: int
    binaries: Path
    superuser: str = "postgres"
    _counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str, user: str | None = None, **query: str) -> str:
        extra = "&".join(f"{key}={value}" for key, value in query.items())
        return (
            f"postgresql+psycopg://{user or self.superuser}@127.0.0.1:{self.port}/{database}"
            + (f"?{extra}" if extra else "")
        )

    def conninfo(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={self.superuser} dbname={database}"

    def execute(self, *statements: str, database: str = "postgres") -> None:
        """Statements outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(self.conninfo(database), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def new_database_name(self, prefix: str = "t") -> str:
        return f"{prefix}_{os.getpid()}_{next(self._counter)}"

    def create_database(self, template: str = "template0", name: str | None = None) -> str:
        name = name or self.new_database_name()
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run_as_server_user(
            [str(self.binaries / "pg_ctl"), "-D", str(self.data), *args], check=False
        )

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "immediate", "-w")
        forbid_port(self.port)

    def log_tail(self, lines: int = 30) -> str:
        log = self.root / "server.log"
        with contextlib.suppress(OSError):
            return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
        return ""


def _server_user_ids() -> tuple[int, int] | None:
    """The account the cluster runs as: ``postgres`` when we are root, else ourselves."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError as error:
        raise ServerUnavailable(
            f"tests run as root but there is no {SERVER_USER!r} user to run PostgreSQL"
        ) from error
    return entry.pw_uid, entry.pw_gid


def _run_as_server_user(command: list[str], check: bool = True) -> subprocess.CompletedProcess[str]:
    if _server_user_ids() is not None:
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if check and result.returncode != 0:
        raise ServerUnavailable(f"{' '.join(command)} failed: {result.stderr or result.stdout}")
    return result


def start_server(
    extra_config: str = "",
    hba_lines: tuple[str, ...] = ("host all all 127.0.0.1/32 trust",),
    prepare: object = None,
) -> TestServer:
    """initdb + pg_ctl start; ``prepare(root)`` may add files (certificates) first."""
    binaries = server_binaries()
    if binaries is None:
        raise ServerUnavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) found; bash .ci/setup installs them"
        )
    root = Path(tempfile.mkdtemp(prefix="coalition-desk-pg-", dir="/tmp"))
    ids = _server_user_ids()
    if ids is not None:
        os.chown(root, *ids)
    root.chmod(0o700)
    _run_as_server_user(
        [
            str(binaries / "initdb"),
            "-D",
            str(root / "data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
    )
    port = free_port()
    data = root / "data"
    config = (
        "\n# the test suite's throwaway cluster\n"
        "listen_addresses = '127.0.0.1'\n"
        f"port = {port}\n"
        f"unix_socket_directories = '{root}'\n"
        "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        "max_connections = 200\n"
        "timezone = 'UTC'\n"
        f"{extra_config}\n"
    )
    _append_as_server_user(data / "postgresql.conf", config)
    # Only loopback, and nothing over the local socket: trust goes no further.
    _write_as_server_user(data / "pg_hba.conf", "\n".join(hba_lines) + "\n")
    if callable(prepare):
        prepare(root)
    server = TestServer(root=root, port=port, binaries=binaries)
    started = server.pg_ctl("-l", str(root / "server.log"), "-w", "-t", "60", "start")
    if started.returncode != 0:
        detail = server.log_tail()
        remove_server(server)
        raise ServerUnavailable(f"PostgreSQL did not start: {started.stderr}\n{detail}")
    allow_port(port)
    return server


def _write_as_server_user(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")
    ids = _server_user_ids()
    if ids is not None:
        os.chown(path, *ids)


def _append_as_server_user(path: Path, content: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(content)


def chown_to_server_user(path: Path) -> None:
    ids = _server_user_ids()
    if ids is not None:
        os.chown(path, *ids)


def remove_server(server: TestServer) -> None:
    with contextlib.suppress(Exception):
        server.stop()
    shutil.rmtree(server.root, ignore_errors=True)
