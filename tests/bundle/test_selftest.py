"""`coalition-desk --selftest` from source: what an officer sees when it passes and fails."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from coalition_desk.ui import selftest
from coalition_desk.ui.selftest import Context, SelftestFailure, Step

ROOT = Path(__file__).resolve().parents[2]


def test_selftest_from_source_passes_every_step() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    # This checkout first; the suite's no-network guard (already on the path) stays.
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "coalition_desk", "--selftest"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "selftest (source)" in result.stdout
    for step in selftest.STEPS:
        assert f"] {step.name} (" in result.stdout, f"step {step.name!r} did not report"
    assert "platform offscreen" in result.stdout


def test_a_failing_step_stops_the_run_and_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    ran: list[str] = []

    def fine(_context: Context) -> str:
        ran.append("fine")
        return "all good"

    def broken(_context: Context) -> str:
        raise SelftestFailure("the widgets are missing")

    def never(_context: Context) -> str:
        ran.append("never")
        return ""

    steps = (Step("first", fine), Step("meeting pack", broken), Step("last", never))
    assert selftest.run_selftest(steps) == selftest.EXIT_FAILED
    assert ran == ["fine"]
    out, err = capsys.readouterr()
    assert "ok   [1/3] first" in out
    assert "FAIL [2/3] meeting pack: SelftestFailure: the widgets are missing" in err
    assert "selftest FAILED at step [2/3] meeting pack" in err


def test_a_missing_module_fails_rather_than_skips(capsys: pytest.CaptureFixture[str]) -> None:
    def needs_absent_module(_context: Context) -> str:
        import coalition_desk.not_built_yet  # type: ignore[import-not-found]  # noqa: F401

        return "unreachable"

    assert selftest.run_selftest((Step("window", needs_absent_module),)) == 1
    assert "FAIL [1/1] window: ModuleNotFoundError" in capsys.readouterr().err


def test_a_network_attempt_fails_the_step(capsys: pytest.CaptureFixture[str]) -> None:
    def phones_home(_context: Context) -> str:
        # TEST-NET-1: never routed; the selftest's guard must refuse before any packet.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as connection:
            connection.connect(("192.0.2.1", 80))
        return "connected"

    assert selftest.run_selftest((Step("charts", phones_home),)) == 1
    err = capsys.readouterr().err
    assert "FAIL [1/1] charts: NetworkAttempt" in err
    assert "192.0.2.1" in err


def test_a_network_attempt_swallowed_by_the_step_still_fails_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def tries_quietly(_context: Context) -> str:
        with (
            contextlib.suppress(OSError),
            socket.socket(socket.AF_INET, socket.SOCK_STREAM) as connection,
        ):
            connection.connect(("192.0.2.1", 443))
        return "pretends all is well"

    assert selftest.run_selftest((Step("updates", tries_quietly),)) == 1
    assert "FAIL [1/1] updates: NetworkAttempt: network connection attempted" in (
        capsys.readouterr().err
    )


def test_a_name_lookup_fails_the_step(capsys: pytest.CaptureFixture[str]) -> None:
    def resolves(_context: Context) -> str:
        socket.getaddrinfo("updates.example.org", 443)
        return "resolved"

    assert selftest.run_selftest((Step("lookup", resolves),)) == 1
    assert "FAIL [1/1] lookup: NetworkAttempt: something tried to look up" in (
        capsys.readouterr().err
    )
