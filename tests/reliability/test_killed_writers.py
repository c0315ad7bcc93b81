"""A workbook writer killed on the spot leaves nothing others can read, and nothing for long.

Issue 14, finding 18: a SIGKILLed export left a hidden ``.register.xlsx.partial`` beside
its target and openpyxl's temporary files, holding the register's sheets as XML, in
/tmp. Each writer below is stopped at a known moment (told by the child itself), then
killed with SIGKILL; the child's temporary folder is one of the test's own (TMPDIR).
"""

from __future__ import annotations

import shutil
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coalition_desk.reports import export_register, write_meeting_pack
from coalition_desk.reports.scratch import PREFIX
from coalition_desk.services import meetings
from coalition_desk.store.engine import open_database
from tests.reliability.helpers import child_env, wait_for_line

# The child stops either while the sheets are being written (after the second sheet's
# progress) or once the workbook is saved, just before it is moved into place.
_WRITER = """
    import os, sys, time
    from pathlib import Path
    moment, kind, register, target = sys.argv[1:5]

    def stop():
        print("stopped", flush=True)
        time.sleep(600)

    calls = []
    def progress(done, total):
        calls.append(done)
        if moment == "writing" and len(calls) == 2:
            stop()
    if moment == "saved":
        os.replace = lambda *args, **kwargs: stop()
    from coalition_desk.reports import export_register, write_meeting_pack
    from coalition_desk.services import meetings
    from coalition_desk.store.engine import open_database
    database = open_database(Path(register), create=False)
    if kind == "export":
        export_register(database, target, progress=progress)
    else:
        meeting = meetings.find_meeting(database, "2025-04-10")
        write_meeting_pack(database, meeting.uuid, target, progress=progress)
    print("finished", flush=True)
"""


def kill_writer(moment: str, kind: str, register: Path, target: Path, tmp: Path) -> None:
    process = _start(child_env(TMPDIR=str(tmp)), moment, kind, register, target)
    try:
        wait_for_line(process, "stopped")
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)


def _start(env: dict[str, str], *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_WRITER), *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def readable_leftovers(folder: Path) -> list[str]:
    """Files under ``folder`` that someone other than their owner could reach."""
    found = []
    for path in folder.rglob("*"):
        mode = path.lstat().st_mode
        parent_private = any(
            p.name.startswith(PREFIX) and stat.S_IMODE(p.stat().st_mode) == 0o700
            for p in path.parents
        )
        if path.is_dir() and path.name.startswith(PREFIX):
            if stat.S_IMODE(mode) != 0o700:
                found.append(f"{path} (mode {stat.S_IMODE(mode):o})")
        elif not parent_private:
            found.append(str(path))
    return found


@pytest.fixture
def register(sound, tmp_path) -> Path:
    base_db, _export = sound
    copy = tmp_path / "register" / "register.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(base_db, copy)
    return copy


@pytest.mark.parametrize(("kind", "moment"), [
    ("export", "writing"), ("export", "saved"), ("pack", "saved"),
])
def test_a_killed_writer_leaves_nothing_others_can_read_and_the_next_removes_it(
    register, tmp_path, kind, moment
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"{kind}.xlsx"

    kill_writer(moment, kind, register, target, tmp)

    assert not target.exists()
    # Nothing in the shared temporary folder, nothing loose beside the target.
    assert list(tmp.iterdir()) == []
    assert readable_leftovers(out) == []
    left = [p for p in out.iterdir() if p.name.startswith(PREFIX)]
    assert left, "the killed writer had a scratch folder"
    # The next writer into that folder removes what the killed one left.
    database = open_database(register, create=False)
    try:
        if kind == "export":
            export_register(database, target)
        else:
            write_meeting_pack(database, meetings.find_meeting(database, "2025-04-10").uuid,
                               target)
    finally:
        database.dispose()
    assert sorted(p.name for p in out.iterdir()) == [target.name]


def test_a_writer_elsewhere_removes_what_a_killed_one_left(register, tmp_path) -> None:
    # The scratch journal names every scratch folder, so the next writer removes a killed
    # one's folder wherever it was.
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    kill_writer("writing", "export", register, first / "register.xlsx", tmp)
    assert [p for p in first.iterdir() if p.name.startswith(PREFIX)]

    database = open_database(register, create=False)
    try:
        export_register(database, second / "register.xlsx")
    finally:
        database.dispose()

    assert list(first.iterdir()) == []
    assert sorted(p.name for p in second.iterdir()) == ["register.xlsx"]


def test_a_writer_leaves_a_live_writers_scratch_folder_alone(register, tmp_path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    process = _start(child_env(TMPDIR=str(tmp)), "writing", "export", register,
                     out / "slow.xlsx")
    try:
        wait_for_line(process, "stopped")
        live = [p for p in out.iterdir() if p.name.startswith(PREFIX)]
        database = open_database(register, create=False)
        try:
            export_register(database, out / "quick.xlsx")
        finally:
            database.dispose()
        assert live and all(folder.exists() for folder in live)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
