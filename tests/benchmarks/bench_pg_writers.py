"""Four officers editing at once on PostgreSQL: no update lost, no error but conflicts.

Four writer processes, each through the services layer as the window writes
(``records.get`` to read a record, ``Writer.update`` to save it with the version it
read), edit random records of a shared set of 100 positions and pledges for 60 s (5 s at
scale S), pausing 0-20 ms between reading and saving as an officer's form would. A save
over a record changed since it was read must be refused with ``StaleRecordError`` (a
conflict, counted); anything else raised is an error.

Afterwards the audit trail and the records are checked against every acknowledged save:
- each has its audit entry, with the value and the version the writer was told;
- no two acknowledged saves of a record got the same version, and each record's audit
  entries form one chain (each write's "before" is the previous write's "after", its
  parent revision the previous one's revision): no save went over another unseen;
- each record holds its last acknowledged value, at its starting version plus the
  number of saves acknowledged for it.
``lost`` counts every acknowledged save that fails one of these. The writers work on a
copy of the register (CREATE DATABASE ... TEMPLATE), dropped afterwards.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import data
import pg_setup
from common import main

WRITERS = 4
SHARED_RECORDS = 100
SECONDS = {"S": 5.0}
DEFAULT_SECONDS = 60.0
# Which text field each kind of record gets its edits in.
EDITED = {"positions": "summary", "pledges": "notes"}


def _other_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _admin(url: str, statement: str) -> None:
    """CREATE/DROP DATABASE, from the server's maintenance database."""
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    conninfo = f"host={parts.host} port={parts.port} user={parts.username} dbname=postgres"
    for attempt in range(50):
        try:
            with psycopg.connect(conninfo, autocommit=True) as connection:
                connection.execute(statement)  # type: ignore[arg-type]
            return
        except psycopg.errors.ObjectInUse:
            # A previous benchmark's connections to the template are still closing.
            if attempt == 49:
                raise
            time.sleep(0.2)


def _shared_records(url: str) -> list[tuple[str, str]]:
    """(entity, uuid) of the records the writers share: spread over each table."""
    chosen = []
    for entity in EDITED:
        uuids = [row[0] for row in data._rows(url, f"SELECT uuid FROM {entity} ORDER BY id")]
        step = max(1, len(uuids) // (SHARED_RECORDS // len(EDITED)))
        chosen += [(entity, uuid) for uuid in uuids[::step][: SHARED_RECORDS // len(EDITED)]]
    return chosen


def ours(args: argparse.Namespace) -> dict[str, float]:
    source = str(args.db)
    direct = os.environ[pg_setup.DIRECT_URL_ENV]
    name = f"writers_{os.getpid()}"
    template = _other_database(direct, pg_setup.DATABASE)
    _admin(direct, f'CREATE DATABASE "{name}" TEMPLATE "{pg_setup.DATABASE}"')
    try:
        shared = _shared_records(template)
        url, checked = _other_database(source, name), _other_database(direct, name)
        started = _states(checked, shared)
        shared_file = args.work / f"shared-{os.getpid()}.json"
        shared_file.write_text(json.dumps(shared))
        seconds = SECONDS.get(args.scale, DEFAULT_SECONDS)
        outs = [args.work / f"writer-{os.getpid()}-{n}.json" for n in range(WRITERS)]
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    str(n),
                    "--db",
                    url,
                    "--shared",
                    str(shared_file),
                    "--seconds",
                    str(seconds),
                    "--out",
                    str(out),
                ]
            )
            for n, out in enumerate(outs)
        ]
        crashed = sum(1 for worker in workers if worker.wait(timeout=seconds + 300) != 0)
        reports = [json.loads(out.read_text()) for out in outs if out.exists()]
        verdict = _verify(checked, shared, started, reports)
    finally:
        _admin(direct, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    errors = crashed + sum(len(report["errors"]) for report in reports)
    for report in reports:
        for error in report["errors"][:3]:
            print(f"writer error: {error}", file=sys.stderr)
    return {
        "lost": verdict["lost"],
        "errors": errors,
        "acknowledged": sum(len(report["acks"]) for report in reports),
        "conflicts": sum(report["conflicts"] for report in reports),
        **{f"check_{key}": value for key, value in verdict.items()},
    }


def _states(url: str, shared: list[tuple[str, str]]) -> dict[str, tuple[int, str]]:
    """uuid → (version, edited field's value) as stored now."""
    states = {}
    for entity, field in EDITED.items():
        uuids = [uuid for kind, uuid in shared if kind == entity]
        for uuid, version, value in data._rows(
            url,
            f"SELECT uuid, version, {field} FROM {entity} WHERE uuid = ANY(:uuids)",
            uuids=uuids,
        ):
            states[uuid] = (version, value)
    return states


def _verify(
    url: str, shared: list[tuple[str, str]], started: dict[str, tuple[int, str]],
    reports: list[dict],
) -> dict[str, int]:  # fmt: skip
    field_of = {uuid: EDITED[entity] for entity, uuid in shared}
    acks = [tuple(ack) for report in reports for ack in report["acks"]]  # uuid, value, version
    audit = defaultdict(list)
    for uuid, before, after, revision, parent in data._rows(
        url,
        "SELECT record_uuid, before, after, revision, parent FROM audit"
        " WHERE origin LIKE 'bench-writer-%' ORDER BY id",
    ):
        audit[uuid].append((json.loads(before), json.loads(after), revision, parent))
    audited = {
        (uuid, after[field_of[uuid]], after["version"])
        for uuid, entries in audit.items()
        for _, after, _, _ in entries
    }
    missing = sum(1 for ack in acks if ack not in audited)
    duplicates = sum(n - 1 for n in Counter((uuid, v) for uuid, _, v in acks).values() if n > 1)
    breaks = 0
    for uuid, entries in audit.items():
        version, value = started[uuid]
        previous_revision = None
        for before, after, revision, parent in entries:
            field = field_of[uuid]
            if (
                before["version"] != version
                or before[field] != value
                or (previous_revision is not None and parent != previous_revision)
            ):
                breaks += 1
            version, value, previous_revision = after["version"], after[field], revision
    now = _states(url, shared)
    by_record = defaultdict(list)
    for uuid, value, version in acks:
        by_record[uuid].append((version, value))
    final_wrong = 0
    for uuid, (version, value) in started.items():
        saves = sorted(by_record.get(uuid, []))
        expected = (version + len(saves), saves[-1][1] if saves else value)
        final_wrong += now[uuid] != expected
    return {
        "lost": missing + duplicates + breaks + final_wrong,
        "missing_in_audit": missing,
        "same_version_twice": duplicates,
        "chain_breaks": breaks,
        "final_state_wrong": final_wrong,
    }


def worker(number: int, url: str, shared: list[tuple[str, str]], seconds: float) -> dict:
    from coalition_desk.domain import records as rec
    from coalition_desk.services import records
    from coalition_desk.services.crud import Writer
    from coalition_desk.store.engine import open_database
    from coalition_desk.store.versions import StaleRecordError

    kinds = {"positions": rec.Position, "pledges": rec.Pledge}
    database = open_database(url)
    writer = Writer(database, origin=f"bench-writer-{number}")
    chooser = random.Random(number)
    acks, errors, conflicts, sequence = [], [], 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        entity, uuid = chooser.choice(shared)
        sequence += 1
        value = f"writer {number}, edit {sequence}"
        try:
            record = records.get(database, kinds[entity], uuid)
            time.sleep(chooser.uniform(0, 0.020))
            changes = writer.update(dataclasses.replace(record, **{EDITED[entity]: value}))
            acks.append((uuid, value, changes.changes[0].after.version))
        except StaleRecordError:
            conflicts += 1
        except Exception as error:  # every other failure is what is counted
            errors.append(f"{type(error).__name__}: {error}")
    database.dispose()
    return {"acks": acks, "conflicts": conflicts, "errors": errors}


def _worker_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", type=int, required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    shared = [tuple(pair) for pair in json.loads(args.shared.read_text())]
    report = worker(args.worker, args.db, shared, args.seconds)  # type: ignore[arg-type]
    args.out.write_text(json.dumps(report))


if __name__ == "__main__":
    if "--worker" in sys.argv:
        _worker_main()
    else:
        main(ours)
