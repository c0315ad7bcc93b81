"""The PostgreSQL side of the benchmarks: a server holding the scale's register, behind
a proxy that adds 2 ms of round trip (tests/benchmarks/delay_proxy.py).

The server is the test suite's kind of throwaway cluster (tests/pg_server.py: initdb and
pg_ctl as ``postgres``, trust on 127.0.0.1 only). The register is the same synthetic one
the SQLite rows use, put there with ``copy`` (services/team/copy.py: the same UUIDs, ids
and timestamps), so both backends measure the same data. Copying L takes minutes, so the
stopped cluster is kept in the benchmark cache beside the SQLite file, under the same key
(schema revision and generator version), and only started by later runs. A cache the
``postgres`` user cannot enter (pytest's private tmp folders) is not kept: the cluster is
then built for the run and removed after it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests import pg_server as pg
from tests.benchmarks import delay_proxy, synth

# run.py's Script (name, file, floor, repetitions) of each PostgreSQL benchmark. A floor
# here is our own code on the SQLite register, measured in the same run.
SCRIPTS = (
    ("pg_delay", "bench_pg_delay.py", False, 1),
    ("pg_startup", "bench_startup.py", True, 5),
    ("pg_select", "bench_select.py", False, 3),
    ("pg_export", "bench_export.py", True, 2),
    ("pg_writers", "bench_pg_writers.py", False, 1),
)
# run.py's Row (label, script, key, unit, max_ratio, max_value) of each.
ROWS = (
    ("PostgreSQL: round trip added by the proxy (SELECT 1)", "pg_delay", "added", "s"),
    ("PostgreSQL: cold start to first painted window (floor: SQLite)", "pg_startup",
     "seconds", "s", 1.3),
    ("PostgreSQL: select a nation → every pane updated (p95)", "pg_select", "p95", "s",
     None, 0.050),
    ("PostgreSQL: round trips per selection (median)", "pg_select", "round_trips", "count"),
    ("PostgreSQL: full export (floor: SQLite)", "pg_export", "seconds", "s", 2.0),
    ("PostgreSQL: 4 writers: updates lost", "pg_writers", "lost", "count", None, 0),
    ("PostgreSQL: 4 writers: errors other than conflicts", "pg_writers", "errors", "count",
     None, 0),
    ("PostgreSQL: 4 writers: writes acknowledged", "pg_writers", "acknowledged", "count"),
    ("PostgreSQL: 4 writers: conflicts reported", "pg_writers", "conflicts", "count"),
)  # fmt: skip

DATABASE = "register"
DELAY_MS_EACH_WAY = 1.0
PINGS = 300
# The server's own URL (no proxy), for a benchmark's setup and the delay's measurement.
DIRECT_URL_ENV = "COALITION_DESK_BENCH_PG_DIRECT"


@dataclass(frozen=True)
class PostgresRegister:
    url: str  # through the delaying proxy: what the benchmarks open
    direct_url: str  # straight to the server: setup and the delay's measurement
    environment: dict[str, str]  # for the benchmark processes (the proxy's pid and stats)


def _server_user_can_enter(path: Path) -> bool:
    """Whether every folder down to ``path`` lets other users through (o+x)."""
    if pg._server_user_ids() is None:
        return True
    return all(part.stat().st_mode & 0o001 for part in (path, *path.parents))


def _cached_root(scale: str) -> Path | None:
    folder = synth.cache_dir()
    if not _server_user_can_enter(folder):
        return None
    return folder / f"pg-{scale}-{synth.cache_key()}"


def _start_existing(root: Path) -> pg.TestServer:
    binaries = pg.server_binaries()
    if binaries is None:
        raise pg.ServerUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) found")
    server = pg.TestServer(root=root, port=pg.free_port(), binaries=binaries)
    started = server.pg_ctl(
        "-l", str(root / "server.log"), "-w", "-t", "120",
        "-o", f"-p {server.port} -k {root}", "start",
    )  # fmt: skip
    if started.returncode != 0:
        raise pg.ServerUnavailable(f"the cached cluster did not start: {server.log_tail()}")
    pg.allow_port(server.port)
    return server


def _load(server: pg.TestServer, sqlite_register: Path) -> None:
    from coalition_desk.services.team.copy import copy_register
    from coalition_desk.store.engine import open_database

    server.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE template0')
    source = open_database(sqlite_register, read_only=True)
    destination = open_database(server.url(DATABASE))
    try:
        copy_register(source, destination)
    finally:
        source.dispose()
        destination.dispose()
    server.execute("VACUUM ANALYZE", database=DATABASE)


@contextlib.contextmanager
def _server(scale: str, sqlite_register: Path) -> Iterator[pg.TestServer]:
    root = _cached_root(scale)
    if root is not None and (root / "ready").exists():
        server = _start_existing(root)
        try:
            yield server
        finally:
            server.stop()
        return
    started = time.perf_counter()
    server = pg.start_server()
    try:
        _load(server, sqlite_register)
        print(f"  PostgreSQL: {scale} register copied in {time.perf_counter() - started:.0f} s",
              flush=True)  # fmt: skip
        if root is None:
            yield server
            return
        # Keep it for the next run: stopped, moved under the cache's name, marked ready.
        server.stop()
        for stale in root.parent.glob(f"pg-{scale}-*"):
            shutil.rmtree(stale, ignore_errors=True)  # an older schema's or generator's
        shutil.move(server.root, root)
        pg.chown_to_server_user(root)
        (root / "ready").write_text("")
        server = _start_existing(root)
        yield server
        server.stop()
    finally:
        if root is None or not (root / "ready").exists():
            pg.remove_server(server)


@contextlib.contextmanager
def _proxy(server: pg.TestServer, work: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    stats = work / "proxy-stats.json"
    process = subprocess.Popen(
        [sys.executable, str(Path(delay_proxy.__file__)), "--target", f"127.0.0.1:{server.port}",
         "--delay-ms", str(DELAY_MS_EACH_WAY), "--stats", str(stats)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().split()[1])
        pg.allow_port(port)
        yield port, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def measure_round_trips(url: str, count: int = PINGS) -> float:
    """Median seconds of ``SELECT 1`` (one round trip, autocommit) over ``count``."""
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    conninfo = f"host={parts.host} port={parts.port} user={parts.username} dbname={parts.database}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for _ in range(20):
            connection.execute("SELECT 1").fetchone()
        times = []
        for _ in range(count):
            started = time.perf_counter()
            connection.execute("SELECT 1").fetchone()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


@contextlib.contextmanager
def postgres_register(scale: str, sqlite_register: Path, work: Path) -> Iterator[PostgresRegister]:
    """The scale's register on a running server, behind the delaying proxy."""
    with _server(scale, sqlite_register) as server, _proxy(server, work) as (port, process):
        yield PostgresRegister(
            url=f"postgresql+psycopg://{server.superuser}@127.0.0.1:{port}/{DATABASE}",
            direct_url=server.url(DATABASE),
            environment={
                delay_proxy.PID_ENV: str(process.pid),
                delay_proxy.STATS_ENV: str(work / "proxy-stats.json"),
                pg.ALLOWED_PORTS_ENV: os.environ.get(pg.ALLOWED_PORTS_ENV, ""),
                DIRECT_URL_ENV: server.url(DATABASE),
            },
        )
