"""A child process that runs one write per request in a fork of itself, to be killed.

Importing Coalition Desk takes most of a second; a crash trial that paid it every time
would spend its time starting Python. This server imports once and forks a fresh worker
per trial. Protocol (one line each, on stdin/stdout):

    parent: ``JOB DATABASE [ARGUMENT]``
    worker: ``ready PID`` just before its write starts, ``done PID`` once it is committed
    server: ``exit PID STATUS`` when the worker is gone (status -9: killed by SIGKILL)
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable
from pathlib import Path

from coalition_desk.domain import records as rec
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.lock import open_for_writing

BULK_MARK = " [bulk edit]"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def bulk_edit(database_path: Path, argument: str) -> None:
    """One bulk edit as the window makes it: many records in one audited change set."""
    database = open_for_writing(database_path, create=False)
    try:
        positions = records.list_all(database, rec.Position)[: int(argument)]
        changes = tuple(
            rec.Change(
                "position",
                "update",
                p.uuid,
                p,
                dataclasses.replace(p, quote=p.quote + BULK_MARK),
            )
            for p in positions
        )
        _say(f"ready {os.getpid()}")
        Writer(database, origin="bulk edit").apply(rec.ChangeSet(changes))
        _say(f"done {os.getpid()}")
    finally:
        database.dispose()


def cli_import(database_path: Path, argument: str) -> None:
    """The command line's import of a workbook."""
    from coalition_desk.cli import main

    _say(f"ready {os.getpid()}")
    # The import's own summary must not mix into this protocol channel: a trial whose
    # kill comes after the import finished would otherwise read it instead of "done".
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        status = main(["--db", str(database_path), "import", argument])
    if status == 0:
        _say(f"done {os.getpid()}")
    else:
        _say(f"failed {os.getpid()} {status}")


def cli_merge(database_path: Path, argument: str) -> None:
    """The command line's merge of another register, every conflict taken from it."""
    from coalition_desk.cli import main

    _say(f"ready {os.getpid()}")
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        status = main(["--db", str(database_path), "merge", argument, "--take", "theirs"])
    if status == 0:
        _say(f"done {os.getpid()}")
    else:
        _say(f"failed {os.getpid()} {status}")


JOBS: dict[str, Callable[[Path, str], None]] = {
    "bulk-edit": bulk_edit, "import": cli_import, "merge": cli_merge,
}


def serve() -> None:
    # Warm the imports the jobs need, so that each fork starts writing at once.
    import coalition_desk.cli

    with contextlib.suppress(ImportError):
        import coalition_desk.cli.workbooks  # noqa: F401
    _say("serving")
    for line in sys.stdin:
        job, database, argument = [*line.split(maxsplit=2), "", ""][:3]
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                JOBS[job](Path(database), argument.strip())
            except BaseException as error:  # reported to the parent
                _say(f"error {os.getpid()} {type(error).__name__}: {error}")
                status = 3
            finally:
                os._exit(status)
        _, wait_status = os.waitpid(pid, 0)
        _say(f"exit {pid} {os.waitstatus_to_exitcode(wait_status)}")


if __name__ == "__main__":
    serve()
