"""Runs every benchmark against its floor and prints the table.

    python tests/benchmarks/run.py --scale L --json out.json

Each measurement runs in a fresh process, ours and the floor alternating so that both see
the same machine; a row reports the median over the repetitions. The floor does the same
work with the bare libraries (PySide6, SQLAlchemy, matplotlib, openpyxl, sqlite3) and
nothing of ours, so the ratio holds on a noisy shared machine where seconds do not.
A row whose code is not on main yet shows "missing" and counts as a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import pg_server  # noqa: E402
from tests.benchmarks import pg_setup, synth  # noqa: E402
from tests.benchmarks.common import STARTED_ENV, median  # noqa: E402


@dataclass(frozen=True)
class Script:
    name: str
    file: str
    floor: bool
    repetitions: int
    timeout: float = 600
    # Ours on the PostgreSQL register behind the 2 ms proxy (pg_setup.py); its "floor",
    # when it has one, is ours on the SQLite file in the same run.
    postgres: bool = False
    # The floor is the same work as another script's floor (``(script, key)``): when that
    # script ran earlier in this run, its floor samples are this script's floor under
    # every key, rather than the same work timed again. Run alone, it times its own.
    floor_of: tuple[str, str] | None = None


@dataclass(frozen=True)
class Row:
    """One line of the table: a value a script reports, and the goal it must meet."""

    label: str
    script: str
    key: str
    unit: str  # "s", "MB" or "count"
    max_ratio: float | None = None
    max_value: float | None = None

    @property
    def informational(self) -> bool:
        """No goal: shown (with its ratio to the floor) but neither passes nor fails."""
        return self.max_ratio is None and self.max_value is None


SCRIPTS = (
    Script("startup", "bench_startup.py", floor=True, repetitions=5),
    Script("select", "bench_select.py", floor=False, repetitions=3),
    Script("filter_sort", "bench_filter_sort.py", floor=False, repetitions=3),
    Script("timeline", "bench_timeline.py", floor=True, repetitions=5),
    Script("pack", "bench_pack.py", floor=True, repetitions=5),
    # Two each: at L one repetition of export and import, ours and floor, takes 1-3
    # minutes, and the whole run must stay under 15 minutes on a 2-core machine.
    Script("export", "bench_export.py", floor=True, repetitions=2),
    Script("import", "bench_import.py", floor=True, repetitions=2),
    # The merge's floor is the import's floor (bench_merge.floor calls it), so it runs
    # right after the import and takes that floor's samples: ~2 minutes less at L.
    Script("merge", "bench_merge.py", floor=True, repetitions=2, floor_of=("import", "seconds")),
    Script("memory", "bench_memory.py", floor=False, repetitions=3),
    Script("capture", "bench_capture.py", floor=False, repetitions=3),
    Script("choose_issue", "bench_choose_issue.py", floor=False, repetitions=3),
    Script("analysis", "bench_analysis.py", floor=False, repetitions=3),
    *(Script(*spec, postgres=True) for spec in pg_setup.SCRIPTS),
)

ROWS = (
    Row("cold start to first painted window", "startup", "seconds", "s", max_ratio=1.15),
    Row("cold start until every pane is filled", "startup", "filled_seconds", "s",
        max_ratio=2.0),
    Row("select a nation → every pane updated (p95)", "select", "p95", "s", max_value=0.016),
    Row("filter a pane by text (p95)", "filter_sort", "filter_p95", "s", max_value=0.016),
    Row("sort a column (p95)", "filter_sort", "sort_p95", "s", max_value=0.016),
    Row("timeline redraw, one issue (≤ 2,000 markers)", "timeline", "seconds", "s", max_ratio=0.8),
    Row("meeting pack, 30-nation meeting", "pack", "seconds", "s", max_ratio=1.0, max_value=0.3),
    Row("meeting pack against values and comments only", "pack", "values_only_seconds", "s"),
    Row("full export", "export", "seconds", "s", max_ratio=0.3),
    Row("full export: extra memory", "export", "extra_mb", "MB", max_value=30),
    Row("full import", "import", "seconds", "s", max_ratio=1.0),
    Row("memory with the register open in the window", "memory", "rss_mb", "MB", max_value=200),
    Row("capture from a 2,000-word report", "capture", "seconds", "s", max_value=1.0),
    Row("merge, ~2% diverged each side: dry run", "merge", "dry_seconds", "s", max_ratio=2.0),
    Row("merge, ~2% diverged each side: apply", "merge", "apply_seconds", "s", max_ratio=2.0),
    Row("merge: peak memory", "merge", "peak_mb", "MB", max_value=250),
    Row("merge of two identical registers", "merge", "identical_seconds", "s", max_value=10),
    Row("choosing an issue: longest GUI-thread stall", "choose_issue", "stall", "s",
        max_value=0.050),
    Row("choosing an issue: until its chart is on screen", "choose_issue", "drawn_seconds", "s"),
    Row("Analysis: a section's first result after its tab is shown (slowest)", "analysis",
        "first_result", "s", max_value=0.100),
    *(Row(*spec) for spec in pg_setup.ROWS),
)


@dataclass
class Outcome:
    samples: dict[str, list[float]] = field(default_factory=dict)
    missing: str | None = None
    error: str | None = None
    # Set when the samples are another script's floor, taken over (Script.floor_of).
    taken_from: str | None = None


def run_once(
    script: Script, variant: str, database: Path, scale: str, work: Path,
    postgres: pg_setup.PostgresRegister | None = None,
) -> dict:  # fmt: skip
    target: Path | str = database
    if script.postgres:
        assert postgres is not None
        target = postgres.url if variant == "ours" else database
        variant = "ours"
    command = [
        sys.executable,
        str(HERE / script.file),
        "--variant",
        variant,
        "--db",
        str(target),
        "--scale",
        scale,
        "--work",
        str(work),
    ]
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [environment.get("PYTHONPATH")])]
    )
    if postgres is not None:
        environment.update(postgres.environment)
    environment[STARTED_ENV] = repr(time.monotonic())
    try:
        finished = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            timeout=script.timeout,
            cwd=work,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {script.timeout:.0f} s"}
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if finished.returncode != 0 or not lines:
        tail = (finished.stderr or finished.stdout).strip().splitlines()[-6:]
        return {"error": f"exit {finished.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1])


def shared_floor(script: Script, outcomes: dict[str, dict[str, Outcome]]) -> Outcome | None:
    """The floor another script measured earlier in this run, when it is this one's too,
    under each key of this script's rows that is judged against a floor."""
    if script.floor_of is None:
        return None
    source, key = script.floor_of
    measured = outcomes.get(source, {}).get("floor")
    if measured is None or measured.missing or measured.error or key not in measured.samples:
        return None
    keys = {row.key for row in ROWS if row.script == script.name}
    return Outcome(
        samples={k: list(measured.samples[key]) for k in keys},
        taken_from=f"the {source} floor, measured earlier in this run",
    )


def measure(
    script: Script, database: Path, scale: str, work: Path, repetitions: int | None,
    postgres: pg_setup.PostgresRegister | None = None, floor: Outcome | None = None,
) -> dict[str, Outcome]:  # fmt: skip
    outcomes = {"ours": Outcome(), "floor": floor or Outcome()}
    variants = ("ours", "floor") if script.floor and floor is None else ("ours",)
    for _ in range(repetitions or script.repetitions):
        for variant in variants:
            outcome = outcomes[variant]
            if outcome.missing or outcome.error:
                continue
            answer = run_once(script, variant, database, scale, work, postgres)
            if "error" in answer:
                outcome.error = answer["error"]
                continue
            # A missing row may still carry what could be measured (e.g. the services
            # behind a pane that has not landed), shown for information only.
            outcome.missing = answer.get("missing")
            for key, value in answer.get("values", {}).items():
                outcome.samples.setdefault(key, []).append(float(value))
    return outcomes


def judge(row: Row, outcomes: dict[str, Outcome]) -> dict[str, Any]:
    ours, floor = outcomes["ours"], outcomes["floor"]
    goal = " and ".join(
        part
        for part in (
            f"≤ {row.max_ratio:g}×" if row.max_ratio else "",
            f"≤ {_format(row.max_value, row.unit)}" if row.max_value is not None else "",
        )
        if part
    )
    result: dict[str, Any] = {
        "metric": row.label,
        "unit": row.unit,
        "goal": goal,
        "ours": None,
        "floor": None,
        "ratio": None,
        "status": "fail",
        "ours_samples": ours.samples.get(row.key, []),
        "floor_samples": floor.samples.get(row.key, []),
        "note": "",
    }
    if ours.error or floor.error:
        result["status"] = "error"
        result["note"] = ours.error or floor.error
        return result
    if ours.missing:
        result["status"] = "missing"
        result["note"] = ours.missing
        if row.key in ours.samples:
            result["note"] += (
                f" (measured so far: {_format(median(ours.samples[row.key]), row.unit)})"
            )
        return result
    if row.key not in ours.samples:
        result["status"] = "error"
        result["note"] = f"the benchmark reported no {row.key!r}"
        return result
    value = median(ours.samples[row.key])
    result["ours"] = value
    if row.informational:
        result["goal"] = "(information)"
        result["status"] = "info"
        if floor.samples.get(row.key):
            floor_value = median(floor.samples[row.key])
            result["floor"] = floor_value
            result["ratio"] = value / floor_value if floor_value > 0 else float("inf")
        return result
    passed = True
    if row.max_ratio is not None:
        if floor.missing or row.key not in floor.samples:
            result["status"] = "error"
            result["note"] = floor.missing or "the floor reported nothing"
            return result
        floor_value = median(floor.samples[row.key])
        result["floor"] = floor_value
        result["ratio"] = value / floor_value if floor_value > 0 else float("inf")
        passed = result["ratio"] <= row.max_ratio
        if floor.taken_from:
            result["note"] = f"floor: {floor.taken_from}"
    if row.max_value is not None:
        passed = passed and value <= row.max_value
    result["status"] = "pass" if passed else "fail"
    return result


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def table(results: list[dict[str, Any]]) -> str:
    header = ("metric", "ours", "floor", "ratio", "goal", "result")
    lines = [header]
    for r in results:
        lines.append(
            (
                r["metric"],
                _format(r["ours"], r["unit"]),
                _format(r["floor"], r["unit"]),
                f"{r['ratio']:.2f}×" if r["ratio"] is not None else "—",
                r["goal"],
                r["status"] if r["status"] in ("pass", "info") else r["status"].upper(),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "| "
        + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        + " |"
        for line in lines
    ]
    text.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    notes = [f"- {r['metric']}: {r['note']}" for r in results if r["note"]]
    return "\n".join(text + (["", *notes] if notes else []))


def compile_package() -> None:
    """Byte-compile coalition_desk, as pip and PyInstaller do when they install it.

    The libraries in site-packages were compiled when they were installed; a source
    checkout run with PYTHONDONTWRITEBYTECODE (as on these machines) would otherwise
    compile our ~100 modules afresh in every cold start, which no installed copy does.
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "coalition_desk")],
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(synth.SCALES), default="S")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--repetitions", type=int, help="per benchmark (default: each benchmark's own)"
    )
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (by script name)")
    parser.add_argument(
        "--no-postgres", action="store_true", help="leave out the PostgreSQL rows (pg_*)"
    )
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - {script.name for script in SCRIPTS}
    if unknown:
        parser.error(
            f"no benchmark named {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(script.name for script in SCRIPTS)}"
        )
    started = time.perf_counter()
    compile_package()
    database = synth.cached_database(args.scale)
    generated = time.perf_counter() - started
    print(f"scale {args.scale}: {database} (ready in {generated:.1f} s)", flush=True)
    outcomes: dict[str, dict[str, Outcome]] = {}
    postgres: pg_setup.PostgresRegister | None = None
    with (
        tempfile.TemporaryDirectory(prefix="coalition-desk-bench-") as work_dir,
        contextlib.ExitStack() as stack,
    ):
        for script in SCRIPTS:
            if (args.only and script.name not in args.only) or (
                script.postgres and args.no_postgres
            ):
                continue
            script_started = time.perf_counter()
            if script.postgres and postgres is None:
                try:
                    postgres = stack.enter_context(
                        pg_setup.postgres_register(args.scale, database, Path(work_dir))
                    )
                except pg_server.ServerUnavailable as error:
                    outcomes[script.name] = {"ours": Outcome(error=str(error)), "floor": Outcome()}
                    continue
            outcomes[script.name] = measure(
                script, database, args.scale, Path(work_dir), args.repetitions, postgres,
                floor=shared_floor(script, outcomes),
            )
            print(f"  {script.name}: {time.perf_counter() - script_started:.1f} s", flush=True)
            # Written after every benchmark, so an interrupted run still leaves its rows.
            results = write_results(args, outcomes, started)
    results = write_results(args, outcomes, started)
    print()
    print(table(results))
    print(f"\nscale {args.scale}, {time.perf_counter() - started:.0f} s in all")
    return 0 if all(r["status"] in ("pass", "info") for r in results) else 1


def write_results(
    args: argparse.Namespace, outcomes: dict[str, dict[str, Outcome]], started: float
) -> list[dict[str, Any]]:
    results = [judge(row, outcomes[row.script]) for row in ROWS if row.script in outcomes]
    elapsed = time.perf_counter() - started
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "scale": args.scale,
                    "counts": synth.SCALES[args.scale].__dict__,
                    "machine": {
                        "python": platform.python_version(),
                        "platform": platform.platform(),
                        "cpus": os.cpu_count(),
                    },
                    "seconds": elapsed,
                    "rows": results,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    return results


if __name__ == "__main__":
    sys.exit(main())
