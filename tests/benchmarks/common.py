"""What every benchmark script shares: its command line, its one-line JSON answer, memory.

A benchmark script is run by run.py in a fresh process per measurement:

    python tests/benchmarks/bench_x.py --variant ours|floor --db FILE --work DIR

and prints, as its last line of output, one JSON object: ``{"values": {key: number}}``
(seconds or megabytes, as the row in run.py says), or ``{"missing": "why"}`` when the code
it measures is not there yet. Anything else (a traceback, no JSON) is an error row.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Set by run.py just before it starts the process: the cold start clock starts there.
STARTED_ENV = "COALITION_DESK_BENCH_STARTED"


class Missing(Exception):
    """The code this benchmark measures has not landed; the row shows 'missing'.

    ``values`` may carry what could be measured meanwhile, shown for information only.
    """

    def __init__(self, message: str, values: dict[str, float] | None = None) -> None:
        super().__init__(message)
        self.values = values or {}


def require(module: str, attribute: str | None = None) -> Any:
    """Import what a benchmark measures, or report it missing (never a silent pass)."""
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name and (module == error.name or module.startswith(error.name + ".")):
            raise Missing(f"{module} is not on main yet") from None
        raise
    if attribute is None:
        return loaded
    try:
        return getattr(loaded, attribute)
    except AttributeError:
        raise Missing(f"{module}.{attribute} is not on main yet") from None


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    return _status_kb("VmHWM") / 1024


def reset_peak_rss() -> None:
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def _status_kb(field: str) -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return float(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def since_process_start() -> float:
    """Seconds since run.py started this process (the same clock in both processes)."""
    return time.monotonic() - float(os.environ[STARTED_ENV])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def emit(answer: dict[str, Any]) -> None:
    sys.stdout.write("\n" + json.dumps(answer) + "\n")
    sys.stdout.flush()


def location(text: str) -> Path | str:
    """A register's file, or a database URL kept as it is (Path would fold its '//')."""
    return text if "://" in text else Path(text)


Measure = Callable[[argparse.Namespace], dict[str, float]]


def main(ours: Measure, floor: Measure | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=("ours", "floor"), default="ours")
    parser.add_argument("--db", type=location, required=True)
    parser.add_argument("--scale", default="S")
    parser.add_argument("--work", type=Path, default=Path.cwd())
    args = parser.parse_args()
    measure = ours if args.variant == "ours" else floor
    assert measure is not None, "this benchmark has no floor"
    try:
        values = measure(args)
    except Missing as missing:
        emit({"missing": str(missing), "values": missing.values})
        return
    emit({"values": values})
