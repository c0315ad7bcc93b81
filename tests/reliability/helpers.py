"""Shared by the reliability tests: fingerprints of a database, child processes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence
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


def run_cli_measuring_memory(
    *args: str, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    """The command line in a child process, with that child's own peak memory in MB.

    RUSAGE_CHILDREN would report the largest child the whole test session ever waited
    for (LibreOffice, the bundle build), so the child is reaped here with wait4.
    """
    import tempfile
    import threading

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "coalition_desk", *args],
            stdout=out,
            stderr=err,
            text=True,
            env=child_env(),
        )
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(
            process.args, process.returncode, out.read(), err.read()
        )
    return result, usage.ru_maxrss / 1024
