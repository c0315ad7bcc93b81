"""`coalition-desk capture FILE [--date] [--json] [--apply]` as a script uses it."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_commands import digest, run
from tests.conftest import SCENARIO_ARTICLE


@pytest.fixture
def register(tmp_path):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "init").returncode == 0
    return db


def test_json_has_exactly_the_promised_top_level_keys(register):
    done = run("--db", str(register), "capture", str(SCENARIO_ARTICLE), "--date", "2025-04-11",
               "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["meeting", "nations", "people", "statements", "questions", "pledges"]
    assert {"date", "place", "format", "headcount"} <= set(data["meeting"])
    assert data["meeting"]["date"] == "2025-04-10" and data["meeting"]["headcount"] == 30
    assert all({"name", "code", "known"} <= set(n) for n in data["nations"])
    assert all({"name", "office", "nation", "known"} <= set(p) for p in data["people"])
    assert all({"speaker", "nation", "quote", "summary", "source"} <= set(s)
               for s in data["statements"])
    reported = [s for s in data["statements"] if s["quote"] is None]
    assert reported and all(s["summary"] for s in reported)


def test_the_default_is_a_readable_list_that_changes_nothing(register):
    before = digest(register)
    done = run("--db", str(register), "capture", str(SCENARIO_ARTICLE), "--date", "2025-04-11")
    assert done.returncode == 0, done.stderr
    assert "[new] John Healey, Defence Secretary, GBR" in done.stdout
    assert "2025-04-10" in done.stdout
    assert digest(register) == before


def test_apply_saves_every_proposal_and_the_register_stays_sound(register):
    done = run("--db", str(register), "capture", str(SCENARIO_ARTICLE), "--date", "2025-04-11",
               "--apply")
    assert done.returncode == 0, done.stderr
    assert "Saved 46 records" in done.stdout
    assert run("--db", str(register), "check").returncode == 0
    again = run("--db", str(register), "capture", str(SCENARIO_ARTICLE), "--json")
    assert all(n["known"] for n in json.loads(again.stdout)["nations"])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("Ministers met in Bruxelles".encode("latin-1") + b"\xe9\xe8 today.", "not UTF-8"),
    ],
)
def test_a_file_that_is_not_a_readout_gets_one_line_exit_2_and_nothing_changes(
    register, tmp_path, content, reason
):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = digest(register)
    done = run("--db", str(register), "capture", str(bad), "--apply")
    assert done.returncode == 2
    assert reason in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert digest(register) == before


def test_a_bad_date_is_refused(register):
    done = run("--db", str(register), "capture", str(SCENARIO_ARTICLE), "--date", "11/04/2025")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr


def test_an_eml_readout_is_read_with_its_subject_and_date(register, tmp_path):
    mail = tmp_path / "readout.eml"
    mail.write_text(
        "From: desk@example.org\nTo: officer@example.org\n"
        "Subject: Readout: Coalition ministers, Brussels\n"
        "Date: Fri, 11 Apr 2025 09:00:00 +0000\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        + SCENARIO_ARTICLE.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    done = run("--db", str(register), "capture", str(mail), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["meeting"]["date"] == "2025-04-10"  # "on Thursday" against the Date header
    assert data["statements"][0]["source"] == "Readout: Coalition ministers, Brussels (2025-04-11)"
