"""Reading OTHER when it is a register file: refused with one line if it is not one."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coalition_desk.services.merge.replica import Replica, read_replica
from coalition_desk.store.backup import backup_sqlite_file
from coalition_desk.store.engine import Database, open_database
from coalition_desk.store.errors import NotADeskDatabase, StoreError

# Pages per step of the private copy when progress is asked for (64 MB of 4 KB pages
# take well under a second), so that a cancel does not wait for a whole large register.
COPY_PAGES_PER_STEP = 16_384


@contextmanager
def register_file(
    path: Path, here: Database, progress: Callable[[int, int], None] | None = None
) -> Iterator[Replica]:
    """OTHER as a replica. An older register is upgraded in a private copy (never the
    file itself); a newer one, a damaged one or another program's file is refused.
    ``progress(done, total)`` follows the copy and may raise to stop it."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StoreError(f"{path} is not a file; give a register (.sqlite3) or a register "
                         "workbook (.xlsx). Nothing was changed.")
    if here.path is not None and path.resolve() == here.path.resolve():
        yield read_replica(here)
        return
    try:
        probe = open_database(path, create=False, upgrade=False, read_only=True)
    except StoreError as error:
        raise type(error)(f"{path.name}: {error}") from None
    probe.dispose()
    with tempfile.TemporaryDirectory(prefix="coalition-desk-merge-") as folder:
        Path(folder).chmod(0o700)
        copy = Path(folder) / "other.sqlite3"
        # A consistent copy: the other register may be open, its last edits in its WAL.
        if progress is None:
            backup_sqlite_file(path, copy)
        else:
            backup_sqlite_file(path, copy, progress, pages_per_step=COPY_PAGES_PER_STEP)
        try:
            other = open_database(copy, create=False)
        except StoreError as error:
            raise type(error)(f"{path.name}: {error}") from None
        try:
            replica = read_replica(other, name=path.stem)
            if not replica.register_id:
                raise NotADeskDatabase(f"{path.name} holds no register id; not a register.")
            yield replica
        finally:
            other.dispose()
