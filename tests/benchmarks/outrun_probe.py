"""What the timeline's pool jobs cost while the officer chooses issues, outrun ones above all.

    python tests/benchmarks/outrun_probe.py --db FILE --work DIR

runs bench_choose_issue (its ``ours``) and notes, for each job that reads (and draws)
a chart: when it ran, on which pool thread, its CPU, how it ended, and for a job a later
choice outran, the CPU its thread still used after the cancel. CPU, not wall clock: it
holds on a shared machine where the stall row's milliseconds do not. A measuring tool,
not a benchmark: run.py does not run it, and it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

STARTED = time.perf_counter()


class Jobs:
    def __init__(self) -> None:
        self.running: dict[Any, int] = {}
        # Task -> (seconds since the start, its thread's CPU seconds) when it was cancelled.
        self.cancelled_at: dict[Any, tuple[float, float]] = {}
        self.log: list[tuple[float, float, float, int, str, tuple[float, float] | None]] = []

    def note_cancel(self, task: Any) -> None:
        if task in self.running and task not in self.cancelled_at and not task.is_cancelled():
            try:
                clock = time.pthread_getcpuclockid(self.running[task])
                self.cancelled_at[task] = (time.perf_counter() - STARTED, time.clock_gettime(clock))
            except OSError:  # the thread ended meanwhile
                pass

    def run(self, work: Any, *args: Any) -> Any:
        cancelled = args[-1]
        task = cancelled.__self__  # Task.is_cancelled, bound
        self.running[task] = threading.get_ident()
        started, cpu = time.perf_counter(), time.thread_time()
        outcome = "done"
        try:
            result = work(*args)
            if cancelled():
                outcome = "done, but cancelled"
            return result
        except BaseException as error:
            outcome = type(error).__name__
            raise
        finally:
            ended = time.thread_time()
            after = self.cancelled_at.get(task)
            self.log.append((
                started - STARTED, time.perf_counter() - STARTED, ended - cpu,
                threading.get_ident() % 1000, outcome,
                None if after is None else (after[0], ended - after[1]),
            ))  # fmt: skip
            self.running.pop(task, None)

    def report(self) -> str:
        lines, after_cancel = [], 0.0
        for start, end, cpu, thread, outcome, after in sorted(self.log):
            line = (f"job {start:7.3f}-{end:7.3f} s: {1000 * (end - start):6.1f} ms, CPU "
                    f"{1000 * cpu:6.1f} ms, thread {thread:3d}, {outcome}")  # fmt: skip
            if after is not None:
                after_cancel += after[1]
                line += f"; cancelled at {after[0]:7.3f} s, CPU after it {1000 * after[1]:5.1f} ms"
            lines.append(line)
        lines.append(f"CPU used by outrun jobs after their cancel: {1000 * after_cancel:.1f} ms")
        return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    args.variant = "ours"
    import bench_choose_issue

    from coalition_desk.ui import workers
    from coalition_desk.ui.panes import timeline_pane

    jobs = Jobs()
    read_and_draw, cancel = timeline_pane.read_and_draw, workers.Task.cancel

    def noted_cancel(task: Any) -> None:
        jobs.note_cancel(task)
        cancel(task)

    timeline_pane.read_and_draw = lambda *a: jobs.run(read_and_draw, *a)  # type: ignore[assignment]
    workers.Task.cancel = noted_cancel  # type: ignore[method-assign]
    values = bench_choose_issue.ours(args)
    print(jobs.report())
    print(values)


if __name__ == "__main__":
    main()
