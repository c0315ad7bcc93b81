"""A TCP proxy on loopback that delays every byte by a fixed time in each direction.

    python tests/benchmarks/delay_proxy.py --target 127.0.0.1:5432 --delay-ms 1

The benchmarks stand it between the window and their PostgreSQL server to play a LAN:
1 ms each way is 2 ms of round trip, as ``tc netem delay 2ms`` on the server's side would
add (netem cannot be used here: the kernel has no sch_netem and the benchmark may not load
modules). It prints ``port N`` once it listens, then forwards until it is killed.

Delay, not throttling: a chunk read at t is written at t + delay, while later chunks are
already being read, so a large result arrives as fast as it would without the proxy, only
later. Each direction of each connection is a reader thread and a sender thread; the
sender sleeps until a chunk is due (``time.sleep``: a fraction of a millisecond late at
most; asyncio's epoll timers round up to whole milliseconds and would add up to 1 ms).

It also counts *round trips*: a client chunk that follows a server answer (or opens the
connection) starts one. SIGUSR1 writes the counts so far to the ``--stats`` file, which is
how a benchmark counts the round trips one action costs (``count_round_trips``).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import socket
import sys
import threading
import time
from pathlib import Path

CHUNK = 256 * 1024
STATS_ENV = "COALITION_DESK_BENCH_PROXY_STATS"
PID_ENV = "COALITION_DESK_BENCH_PROXY_PID"


class Counts:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.round_trips = 0
        self.connections = 0
        self.bytes_up = 0
        self.bytes_down = 0

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return {
                "round_trips": self.round_trips,
                "connections": self.connections,
                "bytes_up": self.bytes_up,
                "bytes_down": self.bytes_down,
            }


class Link:
    """One proxied connection: client ↔ server, each direction delayed."""

    def __init__(self, client: socket.socket, server: socket.socket, delay: float,
                 counts: Counts) -> None:  # fmt: skip
        self.delay = delay
        self.counts = counts
        # Whether the last bytes went towards the client: the next client chunk then
        # starts a new round trip.
        self.answered = True
        for source, sink, upward in ((client, server, True), (server, client, False)):
            chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
            threading.Thread(target=self._read, args=(source, chunks, upward), daemon=True).start()
            threading.Thread(target=self._send, args=(sink, chunks), daemon=True).start()

    def _read(self, source: socket.socket, chunks: queue.Queue, upward: bool) -> None:
        try:
            while data := source.recv(CHUNK):
                due = time.monotonic() + self.delay
                with self.counts.lock:
                    if upward:
                        self.counts.bytes_up += len(data)
                        if self.answered:
                            self.counts.round_trips += 1
                        self.answered = False
                    else:
                        self.counts.bytes_down += len(data)
                        self.answered = True
                chunks.put((due, data))
        except OSError:
            pass
        chunks.put(None)

    @staticmethod
    def _send(sink: socket.socket, chunks: queue.Queue) -> None:
        try:
            while (item := chunks.get()) is not None:
                due, data = item
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve(listener: socket.socket, target: tuple[str, int], delay: float, counts: Counts) -> None:
    while True:
        client, _ = listener.accept()
        try:
            server = socket.create_connection(target)
        except OSError:
            client.close()
            continue
        for end in (client, server):
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with counts.lock:
            counts.connections += 1
        Link(client, server, delay, counts)


def count_round_trips() -> dict[str, int] | None:
    """The running proxy's counts (None when the benchmark runs without one)."""
    pid, stats = os.environ.get(PID_ENV), os.environ.get(STATS_ENV)
    if not pid or not stats:
        return None
    path = Path(stats)
    before = path.stat().st_mtime_ns if path.exists() else 0
    os.kill(int(pid), signal.SIGUSR1)
    for _ in range(500):
        if path.exists() and path.stat().st_mtime_ns != before:
            try:
                return json.loads(path.read_text())
            except ValueError:
                pass  # caught between the write and the rename's visibility
        time.sleep(0.002)
    raise RuntimeError("the delaying proxy did not write its counts")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of the server")
    parser.add_argument("--delay-ms", type=float, default=1.0, help="added each way")
    parser.add_argument("--port", type=int, default=0, help="listen here (0: any free port)")
    parser.add_argument("--stats", type=Path, help="SIGUSR1 writes the counts here")
    args = parser.parse_args(argv)
    host, port = args.target.rsplit(":", 1)
    counts = Counts()
    if args.stats:

        def write_stats(*_: object) -> None:
            partial = args.stats.with_suffix(".partial")
            partial.write_text(json.dumps(counts.snapshot()))
            partial.replace(args.stats)

        signal.signal(signal.SIGUSR1, write_stats)
    listener = socket.create_server(("127.0.0.1", args.port))
    print(f"port {listener.getsockname()[1]}", flush=True)
    serve(listener, (host, int(port)), args.delay_ms / 1000, counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
