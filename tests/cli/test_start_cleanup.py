"""Every command starts by removing what killed workbook writers left, at no cost when
nothing was left: openpyxl (~0.3 s to import) is loaded only when there is work."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

_CHECK = """
    import sys
    from coalition_desk.cli import main
    code = main(["--db", sys.argv[1], "check"])
    print("openpyxl loaded" if "openpyxl" in sys.modules else "openpyxl not loaded")
    sys.exit(code)
"""


def check(register: Path, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COALITION_DESK_STATE_DIR": str(state)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CHECK), str(register)],
        capture_output=True, text=True, timeout=120, env=env,
    )


def make_register(tmp_path: Path) -> Path:
    register = tmp_path / "register.sqlite3"
    made = subprocess.run([sys.executable, "-m", "coalition_desk", "--db", str(register),
                           "init"], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    return register


def test_a_start_with_nothing_left_does_not_load_openpyxl(tmp_path) -> None:
    register = make_register(tmp_path)
    state = tmp_path / "state"
    # A journal folder that exists but is empty (every writer so far finished) too.
    (state / "scratch").mkdir(parents=True)

    result = check(register, state)

    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout
    assert "openpyxl not loaded" in result.stdout


def test_a_start_with_a_leftover_still_removes_it(tmp_path) -> None:
    register = make_register(tmp_path)
    state = tmp_path / "state"
    journal = state / "scratch"
    journal.mkdir(parents=True)
    # What a killed writer leaves: its private folder, its lock file (free now that the
    # writer is gone) and its journal entry.
    left = tmp_path / "out" / ".coalition-desk-writing-killed"
    left.mkdir(parents=True, mode=0o700)
    (left / "in-use.lock").touch()
    (left / "sheet1.xml").write_text("<sheetData>register text</sheetData>")
    entry = journal / hashlib.sha256(str(left).encode()).hexdigest()[:32]
    entry.write_text(str(left), encoding="utf-8")

    result = check(register, state)

    assert result.returncode == 0, result.stderr
    assert not left.exists()
    assert not entry.exists()
    assert "openpyxl loaded" in result.stdout
