"""The benchmarks run end to end at scale S: every row measured or honestly "missing".

No timing is asserted here (speed is judged by run.py at scale L against its floors);
this test fails when a benchmark, its floor or the generator breaks.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import pg_server
from tests.benchmarks import run, synth

HERE = Path(__file__).resolve().parent
ROUND_TRIPS_ROW = "PostgreSQL: round trips per selection (median)"
STATEMENTS_ROW = "PostgreSQL: a selection's statements, sent to answered (median)"


def test_synth_is_deterministic_and_valid(tmp_path: Path) -> None:
    from coalition_desk.store.check import check_database
    from coalition_desk.store.engine import open_database

    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    counts = synth.build("S", first)
    synth.build("S", second)
    scale = synth.SCALES["S"]
    assert counts["positions"] == scale.positions and counts["nations"] == scale.nations
    query = "SELECT uuid, stance, quote FROM positions ORDER BY id"
    with sqlite3.connect(first) as a, sqlite3.connect(second) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
    database = open_database(first)
    try:
        assert check_database(database) == []
    finally:
        database.dispose()


def test_every_benchmark_runs_at_scale_s(tmp_path: Path) -> None:
    """The PostgreSQL rows (pg_*) too, on a server of their own, when this machine has
    the server's binaries; in CI, which must have them, they never go unmeasured."""
    with_postgres = pg_server.server_binaries() is not None or os.environ.get("CI") == "true"
    out = tmp_path / "s.json"
    environment = dict(os.environ, COALITION_DESK_BENCH_CACHE=str(tmp_path / "cache"))
    finished = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--scale", "S", "--repetitions", "1",
         "--json", str(out), *([] if with_postgres else ["--no-postgres"])],
        capture_output=True, text=True, env=environment, timeout=900, check=False,
    )  # fmt: skip
    assert out.exists(), finished.stdout + finished.stderr
    results = json.loads(out.read_text())
    rows = {row["metric"]: row for row in results["rows"]}
    postgres_scripts = {script.name for script in run.SCRIPTS if script.postgres}
    assert set(rows) == {
        row.label for row in run.ROWS if with_postgres or row.script not in postgres_scripts
    }
    errors = {name: row["note"] for name, row in rows.items() if row["status"] == "error"}
    assert errors == {}
    # A selection that sends no statement (its rows taken from a read already made) has
    # no statement time to report; any other time must have been measured.
    sends_none = rows.get(ROUND_TRIPS_ROW, {}).get("ours") == 0
    for name, row in rows.items():
        if row["status"] in ("pass", "fail", "info"):
            # A count (updates lost, errors) may well be none.
            may_be_zero = row["unit"] == "count" or (sends_none and name == STATEMENTS_ROW)
            assert row["ours"] is not None and (row["ours"] > 0 or may_be_zero), name
            if row["goal"].startswith("≤") and "×" in row["goal"]:
                assert row["floor"] is not None and row["floor"] > 0, name
        else:
            # Everything these rows measure is on main: a row "missing" now means a
            # benchmark lost track of what it measures (a module moved, say).
            raise AssertionError(f"{name}: {row['status']}: {row['note']}")
    assert "| metric" in finished.stdout
    if with_postgres:
        # The writers wrote, and the proxy delayed: else those rows measured nothing.
        assert rows["PostgreSQL: 4 writers: writes acknowledged"]["ours"] > 0
        assert rows["PostgreSQL: round trip added by the proxy (SELECT 1)"]["ours"] > 0.0015


def test_the_merge_rows_take_the_import_floor_measured_in_the_same_run() -> None:
    """The merge's floor is the import's floor: timed once in a run, judged against both;
    run without the import, the merge times that floor itself."""
    merge = next(script for script in run.SCRIPTS if script.name == "merge")
    import_floor = run.Outcome(samples={"seconds": [50.0, 54.0]})
    outcomes = {"import": {"ours": run.Outcome(), "floor": import_floor}}
    taken = run.shared_floor(merge, outcomes)
    assert taken is not None
    assert taken.samples["dry_seconds"] == taken.samples["apply_seconds"] == [50.0, 54.0]
    ours = run.Outcome(samples={"dry_seconds": [2.0], "apply_seconds": [20.0]})
    apply_row = next(row for row in run.ROWS if row.key == "apply_seconds")
    judged = run.judge(apply_row, {"ours": ours, "floor": taken})
    assert judged["floor"] == 52.0 and "import floor" in judged["note"]
    assert run.shared_floor(merge, {}) is None
    failed = {"import": {"ours": run.Outcome(), "floor": run.Outcome(error="exit 1")}}
    assert run.shared_floor(merge, failed) is None
    # The merge runs after the import, or it would never find that floor.
    names = [script.name for script in run.SCRIPTS]
    assert names.index("import") < names.index("merge")


def test_the_writers_check_catches_every_kind_of_lost_update(monkeypatch) -> None:
    """The 4-writer row passes on "0 lost": that only means something if its check finds
    a save the audit lacks, a version given twice, a write over an unseen one, a record
    that does not hold its last save."""
    monkeypatch.syspath_prepend(str(HERE))
    from bench_pg_writers import judge

    fields, started = {"a": "notes"}, {"a": (3, "old")}

    def entry(before: tuple[int, str], after: tuple[int, str], revision: str, parent: str):
        return ({"version": before[0], "notes": before[1]},
                {"version": after[0], "notes": after[1]}, revision, parent)  # fmt: skip

    good = [entry((3, "old"), (4, "w1"), "r4", "r3"), entry((4, "w1"), (5, "w2"), "r5", "r4")]
    acks = [("a", "w1", 4), ("a", "w2", 5)]
    assert judge(fields, started, acks, {"a": good}, {"a": (5, "w2")})["lost"] == 0
    assert judge(fields, started, acks, {"a": good[:1]}, {"a": (5, "w2")})["missing_in_audit"]
    twice = [("a", "w1", 4), ("a", "w2", 4)]
    assert judge(fields, started, twice, {"a": good}, {"a": (5, "w2")})["same_version_twice"]
    over = [good[0], entry((3, "old"), (5, "w2"), "r5", "r3")]  # w2 never saw w1
    assert judge(fields, started, acks, {"a": over}, {"a": (5, "w2")})["chain_breaks"] == 1
    assert judge(fields, started, acks, {"a": good}, {"a": (5, "w1")})["final_state_wrong"]


def test_the_timeline_floor_names_as_many_rows_as_ours() -> None:
    import re

    from coalition_desk.charts.timeline_draw import MAX_NAMED_ROWS

    text = (HERE / "bench_timeline.py").read_text()
    copied = re.search(r"^MAX_NAMED_ROWS = (\d+)$", text, re.MULTILINE)
    assert copied is not None and int(copied.group(1)) == MAX_NAMED_ROWS


def test_the_pack_floor_writes_the_same_cells_as_our_pack(
    demo_db, tmp_path: Path, monkeypatch
) -> None:
    """The floor is only fair if it writes what our pack writes: values, looks, comments,
    merged ranges and sizes, sheet by sheet."""
    from coalition_desk.reports import write_meeting_pack
    from coalition_desk.services import meetings

    monkeypatch.syspath_prepend(str(HERE))
    import bench_pack

    ours = tmp_path / "ours.xlsx"
    write_meeting_pack(demo_db, meetings.find_meeting(demo_db, "2025-04-10").uuid, ours)
    sheets = bench_pack._read_reference(ours)
    copied = tmp_path / "floor.xlsx"
    bench_pack._write_bare(sheets, copied, looks=True)

    def described(found: list[dict]) -> list[tuple]:
        return [(s["title"], [(r, c, v, repr(look), comment) for r, c, v, look, comment in s["cells"]],
                 s["merged"], s["widths"], s["heights"], s["freeze"]) for s in found]

    assert sum(1 for s in sheets for cell in s["cells"] if cell[3] is not None) > 100
    assert any(cell[4] for s in sheets for cell in s["cells"])
    assert described(bench_pack._read_reference(copied)) == described(sheets)


# Qt's offscreen platform warns about window features it lacks; not a defect of ours.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_start_is_filled_only_once_the_chart_is_drawn(
    demo_db, qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The cold-start row stops its clock at "every pane filled and the timeline drawn":
    a window whose timeline canvas exists (made at the first paint) but whose chart has
    not been drawn yet is not filled, however idle its panes are."""
    from PySide6.QtCore import QSettings

    from coalition_desk.ui.app import build_window
    from coalition_desk.ui.timeline.render_jobs import RenderJobs
    from tests.benchmarks import qtprobe

    held: list[tuple[object, object]] = []
    real_start = RenderJobs.start
    # The chart's read-and-draw jobs are held back: the panes fill, the chart does not.
    monkeypatch.setattr(RenderJobs, "start", lambda self, work, land: held.append((work, land)))
    window = build_window(demo_db, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    pane = window.timeline_pane
    qtbot.waitUntil(lambda: pane.is_built and bool(held) and window.is_filled())
    assert pane.figure is None
    assert not qtprobe.is_filled(window)

    monkeypatch.setattr(RenderJobs, "start", real_start)
    work, land = held.pop()
    real_start(pane._jobs, work, land)  # type: ignore[arg-type]
    qtprobe.wait_until_filled(qtprobe.application(), window, timeout_s=60)
    assert pane.figure is not None and pane.canvas is not None
    assert pane.canvas.image() is not None
    window.close()
