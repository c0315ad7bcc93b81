"""The built-in demo: the reference scenario, loaded from a data file in resources/."""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuid_module
from typing import Any

from coalition_desk.domain import records as rec
from coalition_desk.resources import resource_path
from coalition_desk.services import settings
from coalition_desk.services.crud import create_in
from coalition_desk.services.records import is_empty
from coalition_desk.store.engine import Database
from coalition_desk.store.errors import NotEmptyError

DEMO_FILE = ("demo", "scenario.json")
# Demo records get stable UUIDs so that two laptops' demos are the same records.
DEMO_NAMESPACE = uuid_module.UUID("7d6c1f64-2b1e-4c55-9a3f-2f0c6f3f1a10")


def demo_uuid(kind: str, key: str) -> str:
    return str(uuid_module.uuid5(DEMO_NAMESPACE, f"{kind}:{key}"))


def load_scenario() -> dict[str, Any]:
    with resource_path(*DEMO_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _ref(kind: str, key: str | None) -> str | None:
    return demo_uuid(kind, key) if key else None


def build_records(data: dict[str, Any]) -> list[rec.Record]:
    records: list[rec.Record] = []
    for item in data["nations"]:
        records.append(
            rec.Nation(
                name=item["name"],
                code=item["code"],
                kind=item["kind"],
                role=item["role"],
                constraints=item.get("constraints", ""),
                notes=item.get("notes", ""),
                uuid=demo_uuid("nation", item["key"]),
            )
        )
    for item in data["people"]:
        records.append(
            rec.Person(
                name=item["name"],
                office=item.get("office", ""),
                nation_uuid=_ref("nation", item.get("nation")),
                notes=item.get("notes", ""),
                uuid=demo_uuid("person", item["key"]),
            )
        )
    for item in data["meetings"]:
        records.append(
            rec.Meeting(
                title=item["title"],
                date=dt.date.fromisoformat(item["date"]),
                date_precision=item.get("date_precision", "day"),
                end_date=_date(item.get("end_date")),
                place=item.get("place", ""),
                format=item["format"],
                chair=item.get("chair", ""),
                headcount_reported=item.get("headcount_reported"),
                headcount_note=item.get("headcount_note", ""),
                summary=item.get("summary", ""),
                objectives=item.get("objectives", ""),
                points_to_make=item.get("points_to_make", ""),
                uuid=demo_uuid("meeting", item["key"]),
            )
        )
    for item in data["attendance"]:
        records.append(
            rec.Attendance(
                meeting_uuid=demo_uuid("meeting", item["meeting"]),
                nation_uuid=demo_uuid("nation", item["nation"]),
                level=item.get("level", "not_stated"),
                head_of_delegation=item.get("head_of_delegation", ""),
                notes=item.get("notes", ""),
                uuid=demo_uuid("attendance", f"{item['meeting']}/{item['nation']}"),
            )
        )
    for item in data["issues"]:
        records.append(
            rec.Issue(
                name=item["name"],
                kind=item["kind"],
                stances=tuple(item["stances"]),
                description=item.get("description", ""),
                uuid=demo_uuid("issue", item["key"]),
            )
        )
    for item in data["positions"]:
        as_of = dt.date.fromisoformat(item["as_of"])
        records.append(
            rec.Position(
                nation_uuid=demo_uuid("nation", item["nation"]),
                issue_uuid=demo_uuid("issue", item["issue"]),
                as_of=as_of,
                stance=item.get("stance"),
                salience=item.get("salience"),
                quote=item.get("quote", ""),
                summary=item.get("summary", ""),
                speaker_uuid=_ref("person", item.get("speaker")),
                meeting_uuid=_ref("meeting", item.get("meeting")),
                source=item.get("source") or data["source"],
                confidence=item.get("confidence", "medium"),
                last_confirmed=_date(item.get("last_confirmed")) or as_of,
                uuid=demo_uuid("position", item["key"]),
            )
        )
    for item in data["pledges"]:
        records.append(
            rec.Pledge(
                nation_uuid=demo_uuid("nation", item["nation"]),
                capability=item["capability"],
                as_of=dt.date.fromisoformat(item["as_of"]),
                quantity=item.get("quantity"),
                unit=item.get("unit", ""),
                status=item["status"],
                caveats=item.get("caveats", ""),
                meeting_uuid=_ref("meeting", item.get("meeting")),
                notes=item.get("notes", ""),
                uuid=demo_uuid("pledge", item["key"]),
            )
        )
    for item in data["questions"]:
        records.append(
            rec.Question(
                text=item["text"],
                status=item.get("status", "open"),
                issue_uuid=_ref("issue", item.get("issue")),
                owner_nation_uuid=_ref("nation", item.get("owner_nation")),
                owner_person_uuid=_ref("person", item.get("owner_person")),
                due_date=_date(item.get("due_date")),
                raised_at_uuid=_ref("meeting", item.get("raised_at")),
                resolved_at_uuid=_ref("meeting", item.get("resolved_at")),
                answer=item.get("answer", ""),
                uuid=demo_uuid("question", item["key"]),
            )
        )
    return records


def install_demo(database: Database, origin: str = "demo") -> rec.ChangeSet:
    """Fill an empty database with the reference scenario, in one transaction."""
    if not is_empty(database):
        raise NotEmptyError(
            f"{database.display_name} already holds records; the demo goes only into an "
            "empty database. Nothing was changed."
        )
    data = load_scenario()
    records = build_records(data)
    with database.session() as session:
        changes = tuple(create_in(session, record, origin) for record in records)
    settings.set_protective_marking(database, data.get("protective_marking", "OFFICIAL"))
    return rec.ChangeSet(changes)
