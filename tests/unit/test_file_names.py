"""The names offered for a pack, an export and a backup say what is in them."""

from __future__ import annotations

import datetime as dt

from coalition_desk.reports.file_names import (
    backup_file_name,
    export_file_name,
    pack_file_name,
)
from coalition_desk.services import meetings

TODAY = dt.date(2026, 12, 1)


def test_the_pack_carries_the_meeting_date_and_town(demo_db) -> None:
    brussels = meetings.find_meeting(demo_db, "2025-04-10")
    assert pack_file_name(brussels) == "pack-2025-04-10-brussels.xlsx"


def test_a_meeting_without_a_place_is_named_by_its_title(demo_db) -> None:
    import dataclasses

    meeting = dataclasses.replace(meetings.find_meeting(demo_db, "2025-04-10"), place="",
                                  title="Réunion des ministres : Défense / Ukraine")
    assert pack_file_name(meeting) == "pack-2025-04-10-reunion-des-ministres.xlsx"


def test_export_and_backup_names_carry_the_day() -> None:
    assert export_file_name("demo.sqlite3", TODAY) == "register-demo-2026-12-01.xlsx"
    assert backup_file_name("demo", ".sqlite3", TODAY) == "demo-backup-2026-12-01.sqlite3"
