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

from tests.benchmarks import run, synth

HERE = Path(__file__).resolve().parent


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
    out = tmp_path / "s.json"
    environment = dict(os.environ, COALITION_DESK_BENCH_CACHE=str(tmp_path / "cache"))
    finished = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--scale", "S", "--repetitions", "1",
         "--json", str(out)],
        capture_output=True, text=True, env=environment, timeout=900, check=False,
    )  # fmt: skip
    assert out.exists(), finished.stdout + finished.stderr
    results = json.loads(out.read_text())
    rows = {row["metric"]: row for row in results["rows"]}
    assert set(rows) == {row.label for row in run.ROWS}
    errors = {name: row["note"] for name, row in rows.items() if row["status"] == "error"}
    assert errors == {}
    for name, row in rows.items():
        if row["status"] in ("pass", "fail", "info"):
            assert row["ours"] is not None and row["ours"] > 0, name
            if row["goal"].startswith("≤") and "×" in row["goal"]:
                assert row["floor"] is not None and row["floor"] > 0, name
        else:
            assert row["status"] == "missing" and "not on main" in row["note"], name
    assert "| metric" in finished.stdout


def test_the_timeline_floor_names_as_many_rows_as_ours() -> None:
    import re

    from coalition_desk.charts.timeline import MAX_NAMED_ROWS

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
