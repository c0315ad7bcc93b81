"""An import into an empty register, on both backends: every record with its versions and
revisions (the empty register's way, tests/merge/test_import_into_empty.py), and a dry
run still shows the plan the window's preview needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition_desk.reports import export_register, import_register
from coalition_desk.services import demo, records
from coalition_desk.services.crud import Writer
from coalition_desk.services.entities import SPECS
from coalition_desk.store.engine import open_database


@pytest.fixture
def workbook(tmp_path) -> Path:
    source = open_database(tmp_path / "source.sqlite3")
    try:
        demo.install_demo(source)
        Writer(source, origin="window").delete("nation", demo.demo_uuid("nation", "LVA"),
                                               cascade=True)
        path = tmp_path / "register.xlsx"
        export_register(source, path)
    finally:
        source.dispose()
    return path


def test_a_dry_run_into_an_empty_register_still_shows_its_plan(workbook, empty_db) -> None:
    report = import_register(empty_db, workbook, dry_run=True)

    assert report.ok and report.plan is not None and report.plan.added
    assert sum(records.counts(empty_db).values()) == 0


def test_an_empty_register_import_on_either_backend_keeps_revisions(workbook, empty_db) -> None:
    report = import_register(empty_db, workbook)

    assert report.committed, report.problem_lines()
    source = open_database(workbook.parent / "source.sqlite3")
    try:
        for spec in SPECS:
            theirs = {r.uuid: (r.version, r.revisions) for r in
                      records.list_all(source, spec.record_type)}
            ours = {r.uuid: (r.version, r.revisions) for r in
                    records.list_all(empty_db, spec.record_type)}
            assert ours == theirs, spec.name
    finally:
        source.dispose()
