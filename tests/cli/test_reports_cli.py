"""export / import (and pack) from the command line: exit codes, messages, nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.unit.reports_helpers import column_letter, digest, edit_workbook


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coalition_desk", *args],
        capture_output=True, text=True, timeout=180, check=False, env={**os.environ},
    )


@pytest.fixture(scope="module")
def demo_register(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cli")
    db = folder / "demo.sqlite3"
    assert run("--db", str(db), "init", "--demo").returncode == 0
    workbook = folder / "register.xlsx"
    done = run("--db", str(db), "export", str(workbook))
    assert done.returncode == 0, done.stderr
    assert "Exported to" in done.stdout
    return db, workbook


def test_export_then_import_into_a_new_database(demo_register, tmp_path) -> None:
    _db, workbook = demo_register
    other = tmp_path / "other.sqlite3"
    first = run("--db", str(other), "import", str(workbook))
    assert first.returncode == 0, first.stderr
    assert "Nations: 10 added, 0 updated, 0 unchanged" in first.stdout
    second = run("--db", str(other), "import", str(workbook))
    assert second.returncode == 0
    assert "In all 0 records were added and 0 updated." in second.stdout


def test_dry_run_writes_nothing(demo_register, tmp_path) -> None:
    _db, workbook = demo_register
    other = tmp_path / "other.sqlite3"
    assert run("--db", str(other), "init").returncode == 0
    before = digest(other)
    result = run("--db", str(other), "import", str(workbook), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would be added" in result.stdout
    assert digest(other) == before


@pytest.mark.parametrize(
    ("sheet", "header", "value", "expected"),
    [
        ("Meetings", "date", "2025-13-01", "there is no month 13"),
        ("Positions", "nation_uuid", "00000000-0000-4000-8000-000000000000", "no nation with"),
        ("Nations", "code", None, "is required"),
        ("Nations", "notes", "=1+1", "holds a formula"),
    ],
)
def test_a_bad_workbook_exits_2_naming_sheet_row_column_and_changes_nothing(
    demo_register, tmp_path, sheet, header, value, expected
) -> None:
    db, workbook = demo_register
    letter = column_letter(workbook, sheet, header)
    bad = tmp_path / "bad.xlsx"
    edit_workbook(workbook, bad, {(sheet, f"{letter}2"): value})
    before = digest(db)
    wal = db.with_name(db.name + "-wal")
    wal_before = wal.read_bytes() if wal.exists() else b""
    result = run("--db", str(db), "import", str(bad))
    assert result.returncode == 2
    assert f"sheet {sheet!r}, row 2, column {letter}" in result.stderr
    assert expected in result.stderr
    assert "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(db) == before
    assert (wal.read_bytes() if wal.exists() else b"") == wal_before


def test_a_renamed_text_file_exits_2_with_one_clear_reason(demo_register, tmp_path) -> None:
    db, _workbook = demo_register
    fake = tmp_path / "notes.xlsx"
    fake.write_text("minutes of the meeting\n", encoding="utf-8")
    result = run("--db", str(db), "import", str(fake))
    assert result.returncode == 2
    assert "not an Excel workbook" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_refuses_a_name_that_is_not_xlsx(demo_register, tmp_path) -> None:
    db, _workbook = demo_register
    result = run("--db", str(db), "export", str(tmp_path / "register.csv"))
    assert result.returncode == 2
    assert ".xlsx" in result.stderr
    assert not (tmp_path / "register.csv").exists()


def test_exported_notes_holding_a_formula_stay_text(demo_register, tmp_path) -> None:
    _db, workbook = demo_register
    letter = column_letter(workbook, "Nations", "notes")
    source = tmp_path / "hyperlink-as-text.xlsx"
    # Written the way our export writes it: a string cell, not a formula.
    sheet_book = load_workbook(workbook)
    from coalition_desk.reports.safety import make_inert

    make_inert(sheet_book["Nations"][f"{letter}2"], '=HYPERLINK("http://x","y")')
    sheet_book.save(source)
    other = tmp_path / "other.sqlite3"
    assert run("--db", str(other), "import", str(source)).returncode == 0
    again = tmp_path / "again.xlsx"
    assert run("--db", str(other), "export", str(again)).returncode == 0
    cell = load_workbook(again)["Nations"][f"{letter}2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_pack_by_date_writes_the_workbook(demo_register, tmp_path) -> None:
    db, _workbook = demo_register
    target = tmp_path / "brussels.xlsx"
    result = run("--db", str(db), "pack", "2025-04-10", str(target))
    assert result.returncode == 0, result.stderr
    assert "Coalition of the Willing defence ministers' meeting" in result.stdout
    assert load_workbook(target).sheetnames[0] == "Cover"


@pytest.mark.parametrize(("meeting", "reason"), [
    ("2024-01-01", "no meeting on 2024-01-01"),
    ("brussels", "give a UUID or a YYYY-MM-DD date"),
])
def test_pack_for_an_unknown_meeting_exits_2(demo_register, tmp_path, meeting, reason) -> None:
    db, _workbook = demo_register
    target = tmp_path / "x.xlsx"
    result = run("--db", str(db), "pack", meeting, str(target))
    assert result.returncode == 2
    assert reason in result.stderr
    assert not target.exists()
