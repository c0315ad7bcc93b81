"""Crash trials: run a write in a worker, SIGKILL it at a random moment, judge the file."""

from __future__ import annotations

import os
import random
import selectors
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coalition_desk.store.check import check_database
from coalition_desk.store.engine import open_database
from coalition_desk.store.lock import open_for_writing
from tests.reliability.helpers import child_env

TRIALS_ENV = "COALITION_DESK_CRASH_TRIALS"
DEFAULT_TRIALS = 50
FIGURES_ENV = "COALITION_DESK_RELIABILITY_FIGURES"


def trial_count() -> int:
    """Trials per crash test: CI may lower the count, never to zero."""
    value = int(os.environ.get(TRIALS_ENV, DEFAULT_TRIALS))
    if value < 1:
        raise ValueError(f"{TRIALS_ENV} must be at least 1 (got {value})")
    return value


def record_figure(line: str) -> None:
    """Append a result line for docs/reliability.md when asked to (local full runs)."""
    target = os.environ.get(FIGURES_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


@dataclass
class Tally:
    outcomes: Counter[str] = field(default_factory=Counter)
    killed_while_writing: int = 0
    completed: int = 0

    def __str__(self) -> str:
        seen = ", ".join(f"{k}: {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"{sum(self.outcomes.values())} trials ({seen}); killed while writing "
            f"{self.killed_while_writing}, finished before the kill {self.completed}"
        )


class CrashServer:
    """The forking worker server of crash_server.py, driven line by line."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            env=child_env(),
        )
        self.selector = selectors.DefaultSelector()
        assert self.process.stdout is not None
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        self._expect("serving", timeout=120)

    def _line(self, timeout: float | None) -> str | None:
        """The next line from the server, or None if ``timeout`` passes first."""
        assert self.process.stdout is not None
        if timeout is not None and not self.selector.select(timeout):
            return None
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the crash server died: {self.process.stderr.read()}")
        return line.strip()

    def _expect(self, prefix: str, timeout: float) -> str:
        line = self._line(timeout)
        if line is None or not line.startswith(prefix):
            raise AssertionError(f"expected {prefix!r} from the crash server, got {line!r}")
        return line

    def run(self, job: str, database: Path, argument: str, kill_after: float | None) -> str:
        """Run one job; kill it ``kill_after`` seconds after it is ready (None: never).

        Returns how it ended: "killed" while writing, or its own last word ("done",
        "failed ...").
        """
        assert self.process.stdin is not None
        self.process.stdin.write(f"{job} {database} {argument}\n")
        pid = int(self._expect("ready", timeout=300).split()[1])
        ended: str | None = None
        deadline = None if kill_after is None else time.monotonic() + kill_after
        while ended is None:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            line = self._line(remaining)
            if line is None:
                os.kill(pid, signal.SIGKILL)
                ended = "killed"
            elif line.startswith("error"):
                raise AssertionError(f"the {job} worker failed: {line}")
            elif line.startswith(("done", "failed")):
                ended = line.split()[0] if line.startswith("done") else line
        self._expect("exit", timeout=120)
        return ended

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)
        self.selector.close()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()


def run_trials(
    *,
    base: Path,
    workdir: Path,
    job: str,
    argument: str,
    trials: int,
    seed: int,
    judge: Callable[[Path], str],
) -> Tally:
    """Kill ``job`` at random moments on copies of ``base``; ``judge`` names each outcome.

    ``judge`` returns "none" or "all" and raises AssertionError for anything in between.
    One run to completion first measures how long the job takes; the kills are spread
    uniformly over 1.25 times that, so some land after the commit too.
    """
    server = CrashServer()
    tally = Tally()
    try:
        reference = _fresh_copy(base, workdir / "reference.sqlite3")
        started = time.monotonic()
        assert server.run(job, reference, argument, kill_after=None) == "done"
        duration = time.monotonic() - started
        assert judge(reference) == "all", "the job ran to the end but did not change all"
        rng = random.Random(seed)
        for number in range(trials):
            target = _fresh_copy(base, workdir / f"trial-{number}.sqlite3")
            delay = rng.uniform(0, duration * 1.25)
            ended = server.run(job, target, argument, kill_after=delay)
            if ended == "killed":
                tally.killed_while_writing += 1
            else:
                tally.completed += 1
            outcome = judge_after_crash(target, judge, f"trial {number} (kill at {delay:.3f}s)")
            tally.outcomes[outcome] += 1
            for leftover in target.parent.glob(target.name + "*"):
                leftover.unlink()
    finally:
        server.close()
    return tally


def judge_after_crash(path: Path, judge: Callable[[Path], str], label: str) -> str:
    # The killed writer must not keep the register locked: a new writer gets in at once.
    open_for_writing(path, create=False).dispose()
    database = open_database(path, create=False, upgrade=False)
    try:
        findings = check_database(database)
    finally:
        database.dispose()
    assert findings == [], f"{label}: check found {findings}"
    try:
        return judge(path)
    except AssertionError as error:
        raise AssertionError(f"{label}: {error}") from error


def _fresh_copy(base: Path, target: Path) -> Path:
    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    shutil.copyfile(base, target)
    return target


def assert_all_or_nothing(
    *, base: Path, workdir: Path, job: str, argument: str, seed: int,
    judge: Callable[[Path], str], figure: str,
) -> None:
    """Kill ``job`` at ``trial_count()`` random moments (see run_trials) and record the
    tally as ``figure``; enough trials must really land while the job writes."""
    trials = trial_count()
    tally = run_trials(base=base, workdir=workdir, job=job, argument=argument,
                       trials=trials, seed=seed, judge=judge)
    record_figure(f"{figure}: {tally}")
    assert sum(tally.outcomes.values()) == trials
    if trials >= 5:  # the kills really land while the job is writing
        assert tally.killed_while_writing > 0
