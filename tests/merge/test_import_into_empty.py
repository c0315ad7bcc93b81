"""An import into an empty register adds everything without comparing: the same register.

Into a register that never held anything, the merge plan is "add every record and every
deletion". The import then writes that directly (reports/importer.py, the empty
register's way); what it writes must be what the plan's apply writes, table by table:
records with their versions and revisions, audit entries, deletions, search index.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from coalition_desk.domain import records as rec
from coalition_desk.reports import export_register, import_register, importer
from coalition_desk.services import demo, records
from coalition_desk.services import register_writes as writes
from coalition_desk.services.crud import Writer
from coalition_desk.services.entities import SPECS
from coalition_desk.store.engine import open_database
from coalition_desk.store.versions import register_id


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A demo register's export, with deletions on its Deleted sheet."""
    source = open_database(tmp_path / "source.sqlite3")
    try:
        demo.install_demo(source)
        writer = Writer(source, origin="window")
        writer.delete("nation", demo.demo_uuid("nation", "LVA"), cascade=True)
        first_question = records.list_all(source, rec.Question)[0]
        writer.delete("question", first_question.uuid)
        path = tmp_path / "register.xlsx"
        export_register(source, path)
    finally:
        source.dispose()
    return path


def imported(path: Path, workbook: Path) -> tuple[dict[str, list[tuple]], str]:
    database = open_database(path)
    try:
        report = import_register(database, workbook)
        assert report.committed, report.problem_lines()
        with database.session() as session:
            this_register = register_id(session)
    finally:
        database.dispose()
    return dump(path), this_register


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, ids included (the audit's times aside: each import has its own)."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        found = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            # Sorted: a table's ids (its first column, mostly) are among its values.
            rows = sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            if table == "audit":
                at = columns.index("at")
                rows = [(*row[:at], None, *row[at + 1:]) for row in rows]
            found[table] = rows
        # The schema too: indexes built after the rows are the same indexes.
        found["schema"] = sorted(connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
        found["integrity"] = connection.execute("PRAGMA integrity_check").fetchall()
        return found
    finally:
        connection.close()


def without(register: str, tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Each register has its own random id, written beside every record it writes."""
    return {
        name: [tuple("<this register>" if value == register else value for value in row)
               for row in rows]
        for name, rows in tables.items()
    }


def test_an_empty_register_gets_what_the_merge_would_write(workbook, tmp_path, monkeypatch) -> None:
    planned: list[object] = []
    original_plan = importer.plan_merge

    def counting_plan(*args: object) -> object:
        planned.append(args)
        return original_plan(*args)

    monkeypatch.setattr(importer, "plan_merge", counting_plan)
    quick, quick_id = imported(tmp_path / "quick.sqlite3", workbook)
    assert planned == [], "an empty register takes the way without a plan"

    monkeypatch.setattr(importer, "_adds_everything", lambda *_args: False)
    merged, merged_id = imported(tmp_path / "merged.sqlite3", workbook)
    assert len(planned) == 1

    assert quick["tombstones"], "the workbook's deletions travel"
    assert len(quick["audit"]) == sum(len(quick[spec.row_type.__table__.name]) for spec in SPECS)
    quick, merged = without(quick_id, quick), without(merged_id, merged)
    assert quick.keys() == merged.keys()
    for table in quick:
        assert quick[table] == merged[table], table


def test_a_register_that_holds_anything_is_merged_as_before(workbook, tmp_path, monkeypatch) -> None:
    database = open_database(tmp_path / "target.sqlite3")
    try:
        Writer(database, origin="window").create(rec.Nation(name="Atlantis", code="ATL"))
        with database.session() as session:
            assert not writes.register_is_empty(session)
        planned: list[object] = []
        original_plan = importer.plan_merge
        monkeypatch.setattr(importer, "plan_merge",
                            lambda *args: planned.append(args) or original_plan(*args))

        report = import_register(database, workbook)

        assert report.committed and len(planned) == 1 and report.plan is not None
        names = {nation.name for nation in records.list_all(database, rec.Nation)}
        assert "Atlantis" in names and len(names) > 1
    finally:
        database.dispose()


def test_a_write_refused_half_way_leaves_the_empty_register_empty(workbook, tmp_path,
                                                                   monkeypatch) -> None:
    database = open_database(tmp_path / "target.sqlite3")
    original = writes.insert_new_records

    def refuse_positions(session, entity, *args, **kwargs) -> None:
        if entity == "position":
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        original(session, entity, *args, **kwargs)

    monkeypatch.setattr(writes, "insert_new_records", refuse_positions)
    try:
        report = import_register(database, workbook)

        assert not report.committed
        assert "refused" in report.summary_lines()[0]
        assert any("disk I/O error" in line for line in report.problem_lines())
        with database.session() as session:
            assert writes.register_is_empty(session)
    finally:
        database.dispose()
