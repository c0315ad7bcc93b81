"""Two officers' registers for merge tests: copies of one demo, edited apart."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from coalition_desk.domain import records as rec
from coalition_desk.services import demo, records
from coalition_desk.services.crud import Writer
from coalition_desk.services.entities import SPECS
from coalition_desk.store.engine import open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit_nation(path: Path, code: str, **values: object) -> None:
    database = open_database(path)
    try:
        nation = records.get(database, rec.Nation, demo.demo_uuid("nation", code))
        Writer(database, origin="window").update(dataclasses.replace(nation, **values))
    finally:
        database.dispose()


def delete_record(path: Path, entity: str, uuid: str) -> None:
    database = open_database(path)
    try:
        Writer(database, origin="window").delete(entity, uuid, cascade=True)
    finally:
        database.dispose()


def nation(path: Path, code: str) -> rec.Nation | None:
    database = open_database(path)
    try:
        return records.get(database, rec.Nation, demo.demo_uuid("nation", code))
    except LookupError:
        return None
    finally:
        database.dispose()


def contents(path: Path) -> dict[str, dict[str, tuple]]:
    """Every record's values (not its versions): what two equal registers share."""
    database = open_database(path)
    try:
        return {
            spec.name: {
                r.uuid: tuple(getattr(r, n) for n in rec.editable_field_names(spec.record_type))
                for r in records.list_all(database, spec.record_type)
            }
            for spec in SPECS
        }
    finally:
        database.dispose()
