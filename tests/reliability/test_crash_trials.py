"""A writer killed at any moment leaves a register that passes check, with all or none."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from tests.reliability import big_register
from tests.reliability.crash_harness import assert_all_or_nothing
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
    assert_all_or_nothing(
        base=big_base,
        workdir=tmp_path,
        job="bulk-edit",
        argument=str(BULK_EDITED),
        seed=20250410,
        judge=judge_bulk_edit,
        figure=f"bulk edit of {BULK_EDITED} positions",
    )


@pytest.fixture(scope="module")
def big_workbook(big_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from coalition_desk.reports.export import export_register
    from coalition_desk.store.engine import open_database

    path = tmp_path_factory.mktemp("workbook") / "register.xlsx"
    database = open_database(big_base, create=False)
    try:
        export_register(database, path)
    finally:
        database.dispose()
    return path


@pytest.fixture(scope="module")
def empty_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from coalition_desk.store.engine import open_database

    path = tmp_path_factory.mktemp("empty") / "register.sqlite3"
    open_database(path).dispose()
    return path


def test_an_import_killed_at_random_moments_is_all_or_nothing(
    big_base, big_workbook, empty_base, tmp_path
) -> None:
    expected = count(big_base, "SELECT count(*) FROM positions")
    records_in_workbook = sum(
        count(big_base, f"SELECT count(*) FROM {table}")
        for table in (
            "nations",
            "people",
            "meetings",
            "attendance",
            "issues",
            "positions",
            "pledges",
            "questions",
        )
    )

    def judge_import(path: Path) -> str:
        positions = count(path, "SELECT count(*) FROM positions")
        audited = count(path, "SELECT count(*) FROM audit WHERE origin = 'cli'")
        if (positions, audited) == (0, 0):
            return "none"
        if positions == expected and audited >= records_in_workbook:
            return "all"
        raise AssertionError(f"partial import: {positions} positions, {audited} audit entries")

    assert_all_or_nothing(
        base=empty_base,
        workdir=tmp_path,
        job="import",
        argument=str(big_workbook),
        seed=20250411,
        judge=judge_import,
        figure=f"import of a {expected}-position register workbook",
    )


MERGED = 400
MERGE_MARK = " [from the other laptop]"


@pytest.fixture(scope="module")
def diverged_other(big_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A colleague's copy of the register with 400 positions edited and 50 deleted."""
    import shutil

    from coalition_desk.domain import records as rec
    from coalition_desk.services import records
    from coalition_desk.services.crud import Writer
    from coalition_desk.store.engine import open_database

    path = tmp_path_factory.mktemp("other") / "other.sqlite3"
    shutil.copy(big_base, path)
    database = open_database(path, create=False)
    try:
        positions = records.list_all(database, rec.Position)
        writer = Writer(database, origin="colleague")
        writer.apply(rec.ChangeSet(tuple(
            rec.Change("position", "update", p.uuid, p,
                       dataclasses.replace(p, quote=p.quote + MERGE_MARK))
            for p in positions[:MERGED]
        )))
        for position in positions[-50:]:
            writer.delete("position", position.uuid)
    finally:
        database.dispose()
    return path


def test_a_merge_killed_at_random_moments_is_all_or_nothing(
    big_base, diverged_other, tmp_path
) -> None:
    expected = count(big_base, "SELECT count(*) FROM positions") - 50

    def judge_merge(path: Path) -> str:
        marked = count(path, f"SELECT count(*) FROM positions WHERE quote LIKE '%{MERGE_MARK}'")
        positions = count(path, "SELECT count(*) FROM positions")
        audited = count(path, "SELECT count(*) FROM audit WHERE origin LIKE 'merge from %'")
        if (marked, audited) == (0, 0) and positions == expected + 50:
            return "none"
        if (marked, positions, audited) == (MERGED, expected, MERGED + 50):
            return "all"
        raise AssertionError(
            f"partial merge: {marked} edits, {positions} positions, {audited} audit entries")

    assert_all_or_nothing(
        base=big_base,
        workdir=tmp_path,
        job="merge",
        argument=str(diverged_other),
        seed=20250412,
        judge=judge_merge,
        figure=f"merge of {MERGED} edits and 50 deletions",
    )
