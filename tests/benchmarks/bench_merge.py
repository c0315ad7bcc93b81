"""Merging two registers that diverged by about 2% on each side, and two identical ones.

Ours: the register copied twice (untimed); on "theirs" about 2% of the positions edited
(4,000 at L), 0.25% deleted (500 at L); on "mine" as many other positions edited, of
which 200 (at L; 0.1%) are also edited there, differently: conflicts. Timed: the dry run
(both registers read, the plan made) and the merge applied with --take theirs (backup
copy included), and a merge of the register with an identical copy. Peak memory is the
process's own high-water mark over those.

The synthetic register is written bare, without the revision lists every register has
since schema 0005 (the migration derives one per record): the copies get those first,
as the migration would, so that the two sides share a base and only the records both
edited conflict (200 at L) rather than every one that differs.

Floor: the register-import floor (the export of the same register parsed with openpyxl
and inserted with executemany into bare tables), reported under both timed keys.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path

from bench_import import floor as import_floor
from common import main, peak_rss_mb, require, reset_peak_rss, timed


def _diverge(path: Path, positions: list, mark: str) -> None:
    from coalition_desk.services import bulk
    from coalition_desk.services.crud import delete_in
    from coalition_desk.store.engine import open_database

    database = open_database(path, create=False)
    try:
        with database.session() as session:
            edits = positions["edit"]
            bulk.write_batch(session, "position", (), [
                (p, dataclasses.replace(p, quote=f"{p.quote} {mark}")) for p in edits
            ], "bench")
            for p in positions.get("delete", ()):
                delete_in(session, "position", p.uuid, "bench", cascade=False)
    finally:
        database.dispose()


RECORD_TABLES = ("nations", "people", "meetings", "attendance", "issues", "positions",
                 "pledges", "questions", "capability_requirements")


def _stamp_revisions(path: Path) -> None:
    """Each record's first revision, derived as migration 0005 derives it."""
    def legacy(uuid: str, updated_at: str | None) -> str:
        return hashlib.sha1(f"{uuid}@{str(updated_at)[:19]}".encode()).hexdigest()[:16]

    connection = sqlite3.connect(path)
    try:
        connection.create_function("legacy_revision", 2, legacy, deterministic=True)
        for table in RECORD_TABLES:
            connection.execute(f"UPDATE {table} SET revisions = legacy_revision(uuid, "
                               "updated_at) WHERE revisions = ''")
        connection.commit()
    finally:
        connection.close()


def prepared(args: argparse.Namespace) -> tuple[Path, Path, Path]:
    """The three registers, made in a child process: reading 200,000 positions to pick
    those to edit grows a process by ~250 MB that Python keeps, which would count in the
    peak measured after it."""
    paths = _paths(args)
    if not paths[2].exists():
        child = multiprocessing.get_context("fork").Process(target=_prepare, args=(args,))
        child.start()
        child.join()
        if child.exitcode != 0 or not paths[2].exists():
            raise RuntimeError(f"preparing the merge registers failed ({child.exitcode})")
    return paths


def _paths(args: argparse.Namespace) -> tuple[Path, Path, Path]:
    return (args.work / f"merge-mine-{args.scale}.sqlite3",
            args.work / f"merge-theirs-{args.scale}.sqlite3",
            args.work / f"merge-same-{args.scale}.sqlite3")


def _prepare(args: argparse.Namespace) -> None:
    # "same" is an identical copy of "mine", written last: its presence says all are ready.
    mine, theirs, same = _paths(args)
    if not same.exists():
        from coalition_desk.domain import records as rec
        from coalition_desk.services import records
        from coalition_desk.store.engine import open_database

        database = open_database(args.db, create=False)
        every = records.list_all(database, rec.Position)
        database.dispose()
        edited = max(len(every) // 50, 10)
        deleted = max(len(every) // 400, 5)
        conflicts = max(len(every) // 1000, 2)
        theirs_edit = every[:edited]
        theirs_delete = every[-deleted:]
        mine_edit = every[edited - conflicts: 2 * edited - conflicts]
        base = args.work / f"merge-base-{args.scale}.sqlite3"
        shutil.copy(args.db, base)
        _stamp_revisions(base)
        for target in (mine, theirs):
            shutil.copy(base, target)
        base.unlink()
        _diverge(theirs, {"edit": theirs_edit, "delete": theirs_delete}, "[theirs]")
        _diverge(mine, {"edit": mine_edit}, "[mine]")
        shutil.copy(mine, same)


def ours(args: argparse.Namespace) -> dict[str, float]:
    run_merge = require("coalition_desk.reports.merge_source", "run_merge")
    from coalition_desk.store.engine import open_database

    mine, theirs, same = prepared(args)
    target = args.work / f"merge-target-{os.getpid()}.sqlite3"
    shutil.copy(mine, target)
    reset_peak_rss()
    database = open_database(target, create=False)
    outcomes = []
    try:
        dry = timed(lambda: outcomes.append(run_merge(database, theirs, dry_run=True)))
        apply = timed(lambda: outcomes.append(run_merge(database, theirs, take="theirs")))
        peak = peak_rss_mb()
    finally:
        database.dispose()
    planned = _planned_conflicts(args)
    if outcomes[-1].exit_code != 0 or len(outcomes[0].plan.conflicts) != planned:
        raise RuntimeError(f"the merge did not run as planned ({planned} conflicts): "
                           f"{outcomes[-1].lines[-3:]}")
    for leftover in args.work.glob(f"{target.stem}*"):
        leftover.unlink()
    database = open_database(mine, create=False)
    try:
        identical = timed(lambda: outcomes.append(run_merge(database, same)))
    finally:
        database.dispose()
    if not outcomes[-1].plan.is_empty:
        raise RuntimeError("two identical registers did not merge to nothing")
    return {"dry_seconds": dry, "apply_seconds": apply, "peak_mb": peak,
            "identical_seconds": identical}


def _planned_conflicts(args: argparse.Namespace) -> int:
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    try:
        (positions,) = connection.execute("SELECT count(*) FROM positions").fetchone()
    finally:
        connection.close()
    return max(positions // 1000, 2)


def floor(args: argparse.Namespace) -> dict[str, float]:
    seconds = import_floor(args)["seconds"]
    return {"dry_seconds": seconds, "apply_seconds": seconds}


if __name__ == "__main__":
    main(ours, floor)
