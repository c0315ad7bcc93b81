"""A writer killed at any moment leaves a register that passes check, with all or none."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.reliability import big_register
from tests.reliability.crash_harness import record_figure, run_trials, trial_count
from tests.reliability.crash_server import BULK_MARK

pytestmark = pytest.mark.slow

BULK_EDITED = 600


@pytest.fixture(scope="module")
def big_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "register.sqlite3"
    big_register.build(path, positions=3000)
    return path


def count(path: Path, sql: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def judge_bulk_edit(path: Path) -> str:
    edited = count(path, f"SELECT count(*) FROM positions WHERE quote LIKE '%{BULK_MARK}'")
    audited = count(path, "SELECT count(*) FROM audit WHERE origin = 'bulk edit'")
    if (edited, audited) == (0, 0):
        return "none"
    if (edited, audited) == (BULK_EDITED, BULK_EDITED):
        return "all"
    raise AssertionError(f"partial bulk edit: {edited} records changed, {audited} audited")


def test_a_bulk_edit_killed_at_random_moments_is_all_or_nothing(big_base, tmp_path) -> None:
    trials = trial_count()
    tally = run_trials(
        base=big_base,
        workdir=tmp_path,
        job="bulk-edit",
        argument=str(BULK_EDITED),
        trials=trials,
        seed=20250410,
        judge=judge_bulk_edit,
    )
    record_figure(f"bulk edit of {BULK_EDITED} positions: {tally}")
    assert sum(tally.outcomes.values()) == trials
    if trials >= 5:  # the kills really land while the edit is being written
        assert tally.killed_while_writing > 0
