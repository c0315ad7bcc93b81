"""Where the GUI thread was when it could not answer: a watchdog for the window benchmarks.

    python tests/benchmarks/stall_probe.py bench_choose_issue --db FILE --work DIR

runs the named in-window benchmark (its ``ours``) with a watchdog thread beside it. A
1 ms heartbeat on the GUI thread notes when it last ran; every 2 ms the watchdog looks,
and while the beat is late by more than ``--threshold`` ms it takes the GUI thread's
Python stack (``sys._current_frames``) and the innermost frames of every other thread.
For each stall longer than ``--report`` ms it prints how long it lasted and the stacks it
saw, most frequent first. A thread in a C call that holds the interpreter stops the
watchdog too, so a stall whose samples start late was (partly) spent waiting for it; the
watchdog notes how late its own wake-ups came ("watchdog late").

A measuring tool, not a benchmark: run.py does not run it, and it asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import importlib
import sys
import threading
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


def _stack(frame: FrameType | None, depth: int) -> str:
    if frame is None:
        return "(no Python frame: in Qt's event loop or C++)"
    entries = traceback.extract_stack(frame)[-depth:]
    return " < ".join(
        f"{Path(entry.filename).stem}.{entry.name}:{entry.lineno}" for entry in reversed(entries)
    )


class StallWatch:
    def __init__(self, threshold_ms: float, depth: int) -> None:
        self.gui = threading.get_ident()
        self.threshold = threshold_ms / 1000
        self.depth = depth
        self.last_beat = time.perf_counter()
        self.gui_clock = time.pthread_getcpuclockid(self.gui)
        # One entry per stall: (start, end, samples, watchdog's largest oversleep, CPU
        # seconds each thread used meanwhile).
        self.stalls: list[
            tuple[float, float, list[tuple[str, str]], float, dict[str, float]]
        ] = []
        # Garbage collections: (start, end, generation, objects freed, thread).
        self.collections: list[tuple[float, float, int, int, str]] = []
        self._gc_started = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-watch", daemon=True)

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            ended = time.perf_counter()
            thread = "GUI" if threading.get_ident() == self.gui else "pool"
            self.collections.append(
                (self._gc_started, ended, info["generation"], info["collected"], thread)
            )

    def beat(self) -> None:
        self.last_beat = time.perf_counter()

    def start(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.beat)
        self._timer.start(1)
        self.last_beat = time.perf_counter()
        import gc

        gc.callbacks.append(self._on_gc)
        self.opened = time.perf_counter()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _cpu(self) -> dict[str, float]:
        """CPU seconds used so far by the process and by each thread that runs Python."""
        used = {"process": time.process_time()}
        for ident in sys._current_frames():
            if ident == threading.get_ident():
                continue
            name = "GUI" if ident == self.gui else f"thread {ident % 100_000}"
            with contextlib.suppress(OSError):
                used[name] = time.clock_gettime(time.pthread_getcpuclockid(ident))
        return used

    def _watch(self) -> None:
        current: list[tuple[str, str]] = []
        started = 0.0
        oversleep = 0.0
        cpu_before: dict[str, float] = {}
        cpu_last = self._cpu()
        while not self._stop.is_set():
            before = time.perf_counter()
            time.sleep(0.002)
            now = time.perf_counter()
            late = now - self.last_beat
            if late > self.threshold:
                if not current:
                    started = self.last_beat
                    oversleep = 0.0
                    # As last seen before the beat was late (within 2 ms of its start).
                    cpu_before = cpu_last
                oversleep = max(oversleep, now - before - 0.002)
                frames = sys._current_frames()
                others = "; ".join(
                    f"{ident % 100_000}: {_stack(frame, self.depth)}"
                    for ident, frame in frames.items()
                    if ident not in (self.gui, threading.get_ident())
                    and "wait" not in _stack(frame, 1)
                )
                current.append((_stack(frames.get(self.gui), self.depth), others))
            elif current:
                cpu_after = self._cpu()
                used = {
                    name: cpu_after[name] - cpu_before.get(name, cpu_after[name])
                    for name in cpu_after
                }
                self.stalls.append((started, self.last_beat, current, oversleep, used))
                current = []
            else:
                cpu_last = self._cpu()

    def report(self, longer_than_ms: float) -> str:
        lines = []
        for start, end, samples, oversleep, used in self.stalls:
            length = (end - start) * 1000
            if length < longer_than_ms:
                continue
            cpu = ", ".join(
                f"{name} {seconds * 1000:.0f}" for name, seconds in used.items() if seconds > 0.002
            )
            lines.append(
                f"stall {length:.1f} ms at {start - self.opened:.2f} s ({len(samples)} samples, "
                f"watchdog late up to {oversleep * 1000:.1f} ms; CPU ms: {cpu})"
            )
            for gc_start, gc_end, generation, freed, thread in self.collections:
                if gc_end > start and gc_start < end and gc_end - gc_start > 0.002:
                    lines.append(
                        f"  garbage collection of generation {generation} on the {thread} "
                        f"thread: {(gc_end - gc_start) * 1000:.1f} ms, {freed} freed"
                    )
            for stack, count in collections.Counter(s for s, _ in samples).most_common(6):
                lines.append(f"  {count:3d}× GUI {stack}")
            for others, count in collections.Counter(o for _, o in samples).most_common(3):
                if others:
                    lines.append(f"  {count:3d}× other {others}")
        return "\n".join(lines) or f"no stall over {longer_than_ms} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", help="an in-window benchmark module, e.g. bench_choose_issue")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=20.0, help="ms late to sample")
    parser.add_argument("--report", type=float, default=40.0, help="ms: stalls to print")
    parser.add_argument("--depth", type=int, default=8, help="frames per GUI stack")
    parser.add_argument("--switch", type=float, help="ms: the interpreter's switch interval")
    parser.add_argument("--quiet", action="store_true", help="no watchdog: the value only")
    args = parser.parse_args()
    if args.switch:
        sys.setswitchinterval(args.switch / 1000)
    args.variant = "ours"
    import window

    module = importlib.import_module(args.benchmark)
    opened = window.open_window
    watch = StallWatch(args.threshold, args.depth)

    def open_and_watch(db: Path, work: Path) -> tuple[Any, Any]:
        app, main_window = opened(db, work)
        watch.start()
        return app, main_window

    if not args.quiet:
        module.open_window = open_and_watch
    values = module.ours(args)
    if args.quiet:
        print(values)
        return
    watch.stop()
    print(watch.report(args.report))
    print(values)


if __name__ == "__main__":
    main()
