"""Shared by the reliability tests: fingerprints of a database, child processes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fingerprint(database_path: Path) -> dict[str, str | None]:
    """sha256 of the database file and of its -wal and -journal files.

    A missing -wal and an empty one count the same: SQLite creates an empty -wal beside
    a WAL database whenever anyone merely reads it (-shm, shared memory, is left out).
    """
    result: dict[str, str | None] = {}
    for suffix in ("", "-wal", "-journal"):
        path = Path(str(database_path) + suffix)
        content = path.read_bytes() if path.exists() else None
        if suffix == "-wal" and not content:
            content = None
        result[suffix or "db"] = None if content is None else hashlib.sha256(content).hexdigest()
    return result


def child_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_cli(
    *args: str, timeout: float = 120, prefix: Sequence[str] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """The command line in a child process; ``prefix`` runs it through e.g. setpriv."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "coalition_desk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(**env),
    )


def start_python(code: str, *args: str) -> subprocess.Popen[str]:
    """A child Python running ``code`` (dedented), talking over stdin/stdout lines."""
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def wait_for_line(process: subprocess.Popen[str], expected: str) -> None:
    """Block until the child prints ``expected`` (its own readiness signal)."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == expected:
            return
    _out, err = process.communicate(timeout=30)
    raise AssertionError(f"the child ended before {expected!r}: {err}")


_PEAK_LAUNCHER = """
import atexit, os, runpy, sys

def report_peak():
    # VmHWM belongs to this program's own memory map: unlike getrusage's ru_maxrss it
    # does not inherit the (large) test process's size from the fork before exec.
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                with open(os.environ["COALITION_DESK_PEAK_FILE"], "w") as out:
                    out.write(line.split()[1])

atexit.register(report_peak)
sys.argv = ["coalition-desk", *sys.argv[1:]]
runpy.run_module("coalition_desk", run_name="__main__", alter_sys=True)
"""


def run_cli_measuring_memory(
    *args: str, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    """The command line in a child process, with that child's own peak memory in MB."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        result = subprocess.run(
            [sys.executable, "-c", _PEAK_LAUNCHER, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=child_env(COALITION_DESK_PEAK_FILE=str(peak_file)),
        )
        peak_kib = float(peak_file.read_text()) if peak_file.exists() else float("inf")
    return result, peak_kib / 1024


_WRITER = """
    import sys
    from coalition_desk.store.lock import open_for_writing
    database = open_for_writing(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.readline()
    database.dispose()
    print("released", flush=True)
"""


@contextmanager
def another_writer(register: Path) -> Iterator[subprocess.Popen[str]]:
    """Another copy of Coalition Desk holding ``register`` open for writing; a line on
    its stdin makes it let go (it then prints "released"), or the test kills it."""
    process = start_python(_WRITER, str(register))
    wait_for_line(process, "holding")
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)
