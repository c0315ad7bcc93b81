import os
import subprocess
import sys


def test_commands_write_a_log_file_an_officer_can_attach(tmp_path) -> None:
    logs = tmp_path / "logs"
    result = subprocess.run(
        [sys.executable, "-m", "coalition_desk", "--db", str(tmp_path / "x.sqlite3"), "init"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "COALITION_DESK_LOG_DIR": str(logs)},
    )
    assert result.returncode == 0, result.stderr
    assert (logs / "coalition-desk.log").exists()


def test_an_unwritable_log_folder_does_not_stop_the_command(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = subprocess.run(
        [sys.executable, "-m", "coalition_desk", "--db", str(tmp_path / "x.sqlite3"), "init"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "COALITION_DESK_LOG_DIR": str(blocker / "logs")},
    )
    assert result.returncode == 0, result.stderr
