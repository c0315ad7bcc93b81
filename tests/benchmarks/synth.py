"""A deterministic synthetic negotiation at scale S, M or L, written through the store.

    python tests/benchmarks/synth.py --scale L --db /tmp/l.sqlite3

The same scale always gives the same records (one seeded random.Random; UUIDs and
timestamps come from it too), so two runs measure the same data. Every record passes
``domain.validation`` and every reference points at a record of the right kind; the rows
go in with SQLAlchemy core executemany inside one transaction, which is what makes L take
seconds rather than the hour that 250,000 audited single writes would take. No audit rows
are written: a register imported in bulk has none either.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid as uuid_module
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert, text

from coalition_desk.domain import enums
from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import problems_of
from coalition_desk.services import settings
from coalition_desk.store import fulltext, migrate, models
from coalition_desk.store.engine import Database, open_database


@dataclass(frozen=True)
class Scale:
    name: str
    nations: int
    people: int
    meetings: int
    issues: int
    positions: int
    pledges: int
    questions: int

    @property
    def records(self) -> int:
        return (
            self.nations
            + self.people
            + self.meetings
            + self.issues
            + self.positions
            + self.pledges
            + self.questions
        )


SCALES: dict[str, Scale] = {
    "S": Scale("S", nations=20, people=40, meetings=50, issues=8, positions=2_000,
               pledges=200, questions=50),
    "M": Scale("M", nations=100, people=400, meetings=500, issues=20, positions=20_000,
               pledges=2_000, questions=500),
    "L": Scale("L", nations=200, people=2_000, meetings=5_000, issues=40, positions=200_000,
               pledges=20_000, questions=5_000),
}  # fmt: skip

SEED = 20250410
START = dt.date(2025, 1, 6)
END = dt.date(2029, 12, 18)
SPAN_DAYS = (END - START).days
CREATED = dt.datetime(2025, 1, 6, 8, 0, 0)
PACK_MEETING_SIZE = 30

_WORDS = [
    "the",
    "coalition",
    "force",
    "deterrence",
    "monitoring",
    "reassurance",
    "ceasefire",
    "mandate",
    "airspace",
    "logistics",
    "training",
    "troops",
    "rotation",
    "command",
    "framework",
    "nation",
    "parliament",
    "government",
    "guarantee",
    "support",
    "partners",
    "contribution",
    "political",
    "conditions",
    "security",
    "border",
    "mission",
    "we",
    "will",
    "not",
    "can",
    "must",
    "should",
    "commit",
    "ready",
    "prepared",
    "consider",
    "review",
    "decision",
    "vote",
    "allies",
    "backstop",
    "maritime",
    "demining",
    "intelligence",
    "funding",
    "budget",
    "timeline",
    "deployment",
    "sovereignty",
    "legal",
    "basis",
    "request",
    "clarity",
    "before",
    "after",
    "summit",
    "capitals",
]
_SYLLABLES = [
    "al",
    "an",
    "ar",
    "bel",
    "bor",
    "cal",
    "dan",
    "dor",
    "el",
    "en",
    "gar",
    "ia",
    "ka",
    "lan",
    "lor",
    "mar",
    "mon",
    "nor",
    "ol",
    "or",
    "ra",
    "ri",
    "sa",
    "sol",
    "ta",
    "tor",
    "ur",
    "va",
    "ven",
]
_PLACES = ("Paris", "London", "Brussels", "Kyiv", "Warsaw", "Berlin", "Rome", "Ottawa", "Oslo")
_UNITS = {
    "troops": "troops",
    "logistics": "transport aircraft",
    "intelligence": "analysts",
    "air_defence": "batteries",
    "isr": "aircraft",
    "naval": "vessels",
    "training": "instructors",
    "funding": "EUR million",
    "other": "",
}
_SCALE_ISSUES = (
    ("Cannot support", "Reluctant", "Undecided", "Supportive", "Champions it"),
    ("Opposes", "Conditional", "Supports"),
    ("No troops", "Support from outside", "Troops behind the line", "Troops on the ground"),
)
_OPTION_ISSUES = (
    ("Deterrence", "Monitoring", "Peacekeeping"),
    ("Paris", "London", "Brussels", "Rotating"),
)


class Synth:
    def __init__(self, scale: Scale, seed: int = SEED) -> None:
        self.scale = scale
        self.rng = random.Random(f"{seed}/{scale.name}")
        self.clock = CREATED

    def uuid(self) -> str:
        return str(uuid_module.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self) -> dt.datetime:
        self.clock += dt.timedelta(seconds=self.rng.randint(1, 90))
        return self.clock

    def words(self, low: int, high: int) -> str:
        text_ = " ".join(self.rng.choices(_WORDS, k=self.rng.randint(low, high)))
        return text_[0].upper() + text_[1:] + "."

    def name(self, parts: int = 3) -> str:
        return "".join(self.rng.choices(_SYLLABLES, k=parts)).capitalize()

    def day(self, earliest: dt.date = START) -> dt.date:
        return earliest + dt.timedelta(days=self.rng.randint(0, (END - earliest).days))


def _codes(count: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [
        letters[(i // 676) % 26] + letters[(i // 26) % 26] + letters[i % 26]
        for i in range(0, count * 37, 37)
    ]


def _checked(records: Iterable[rec.Record]) -> None:
    for record in records:
        problems = problems_of(record)
        if problems:
            raise AssertionError(f"synth made an invalid {type(record).__name__}: {problems}")


def generate(scale: Scale) -> dict[str, list[dict]]:
    """Rows per table, with integer ids assigned and references resolved."""
    s = Synth(scale)
    rng = s.rng
    rows: dict[str, list[dict]] = defaultdict(list)

    # Nations: mostly states with three-letter codes, a few organisations.
    nation_codes = _codes(scale.nations)
    nation_names: set[str] = set()
    nations: list[rec.Nation] = []
    for index in range(scale.nations):
        organisation = index % 25 == 24
        while (name := s.name(rng.randint(2, 4))) in nation_names:
            pass
        nation_names.add(name)
        nations.append(
            rec.Nation(
                name=("Organisation of " if organisation else "") + name,
                code=f"O{index:03d}" if organisation else nation_codes[index],
                kind="organisation" if organisation else "state",
                role=rng.choices(enums.CoalitionRole.values(), weights=(2, 10, 4, 1, 2, 3))[0],
                constraints=s.words(1, 12) if rng.random() < 0.6 else "",
                notes=s.words(5, 25) if rng.random() < 0.4 else "",
                capability=rng.randint(0, 100) if rng.random() < 0.5 else None,
                uuid=s.uuid(),
                created_at=(stamp := s.stamp()),
                updated_at=stamp,
            )
        )
    _checked(nations)
    nation_ids = range(1, scale.nations + 1)
    for nid, n in zip(nation_ids, nations, strict=True):
        rows["nations"].append({"id": nid, **_plain(n)})

    # People: about ten per nation at L; a few belong to no nation (chairs, mediators).
    people: list[rec.Person] = []
    person_nation: list[int | None] = []
    people_of: dict[int, list[int]] = defaultdict(list)
    for pid in range(1, scale.people + 1):
        nid = None if rng.random() < 0.03 else rng.choice(nation_ids)
        person_nation.append(nid)
        if nid is not None:
            people_of[nid].append(pid)
        people.append(
            rec.Person(
                name=f"{s.name(2)} {s.name(3)}",
                office=rng.choice(("Minister of Defence", "Chief of Defence", "Ambassador",
                                   "Political Director", "Prime Minister", "Desk officer")),
                nation_uuid=nations[nid - 1].uuid if nid else None,
                notes=s.words(3, 15) if rng.random() < 0.2 else "",
                uuid=s.uuid(),
                created_at=(stamp := s.stamp()),
                updated_at=stamp,
            )
        )  # fmt: skip
    _checked(people)
    for pid, (p, nid) in enumerate(zip(people, person_nation, strict=True), start=1):
        rows["people"].append({"id": pid, **_plain(p, ("nation_uuid",)), "nation_id": nid})

    # Meetings, in date order, with attendance sized by format; one of each 30 in reach.
    formats = enums.MeetingFormat.values()
    format_weights = (2, 10, 50, 20, 18)
    attendance_size = {
        "summit": (30, 80), "ministerial": (20, 40), "working_level": (5, 20),
        "visit": (2, 2), "call": (2, 5),
    }  # fmt: skip
    meeting_days = sorted(s.day() for _ in range(scale.meetings))
    meetings: list[rec.Meeting] = []
    attendees: list[list[int]] = []
    attended_by: dict[int, list[int]] = defaultdict(list)
    for mid, day in enumerate(meeting_days, start=1):
        fmt = rng.choices(formats, weights=format_weights)[0]
        low, high = attendance_size[fmt]
        size = PACK_MEETING_SIZE if mid == max(1, scale.meetings // 2) else rng.randint(low, high)
        chosen = sorted(rng.sample(nation_ids, min(size, scale.nations)))
        attendees.append(chosen)
        for nid in chosen:
            attended_by[nid].append(mid)
        month = rng.random() < 0.01
        meetings.append(
            rec.Meeting(
                title=f"{fmt.replace('_', ' ').capitalize()} {s.name(2)} {mid}",
                date=day.replace(day=1) if month else day,
                date_precision="month" if month else "day",
                end_date=day + dt.timedelta(days=1) if fmt == "visit" and not month else None,
                place=rng.choice(_PLACES),
                format=fmt,
                chair=rng.choice(("France", "United Kingdom", "Host nation", "")),
                headcount_reported=len(chosen) + rng.randint(0, 5) if rng.random() < 0.3 else None,
                headcount_note="",
                summary=s.words(20, 60),
                objectives=s.words(10, 30) if rng.random() < 0.5 else "",
                points_to_make=s.words(10, 30) if rng.random() < 0.5 else "",
                uuid=s.uuid(),
                created_at=(stamp := s.stamp()),
                updated_at=stamp,
            )
        )
    _checked(meetings)
    for mid, m in enumerate(meetings, start=1):
        rows["meetings"].append({"id": mid, **_plain(m)})
    levels = enums.AttendanceLevel.values()
    attendance: list[rec.Attendance] = []
    attendance_ids: list[tuple[int, int]] = []
    for mid, chosen in enumerate(attendees, start=1):
        for nid in chosen:
            attendance.append(
                rec.Attendance(
                    meeting_uuid=meetings[mid - 1].uuid,
                    nation_uuid=nations[nid - 1].uuid,
                    level=rng.choice(levels),
                    head_of_delegation=f"{s.name(2)} {s.name(3)}" if rng.random() < 0.5 else "",
                    notes="",
                    uuid=s.uuid(),
                    created_at=meetings[mid - 1].created_at,
                    updated_at=meetings[mid - 1].created_at,
                )
            )
            attendance_ids.append((mid, nid))
    _checked(attendance)
    for aid, (a, (mid, nid)) in enumerate(zip(attendance, attendance_ids, strict=True), start=1):
        rows["attendance"].append(
            {"id": aid, **_plain(a, ("meeting_uuid", "nation_uuid")),
             "meeting_id": mid, "nation_id": nid}
        )  # fmt: skip

    # Issues: scales and option sets; popularity falls off so that the quietest issues
    # carry fewer than 2,000 positions at L (the timeline benchmark's workload).
    issues: list[rec.Issue] = []
    for iid in range(1, scale.issues + 1):
        options = iid % 5 == 0
        stances = rng.choice(_OPTION_ISSUES if options else _SCALE_ISSUES)
        issues.append(
            rec.Issue(
                name=f"Issue {iid}: {s.words(2, 5)[:-1]}",
                kind="options" if options else "scale",
                stances=stances,
                description=s.words(10, 40),
                uuid=s.uuid(),
                created_at=(stamp := s.stamp()),
                updated_at=stamp,
            )
        )
    _checked(issues)
    for iid, i in enumerate(issues, start=1):
        rows["issues"].append({"id": iid, **_plain(i), "stances": json.dumps(list(i.stances))})
    issue_weights = [1 / (1 + i / 4) for i in range(scale.issues)]

    # Positions: half said at a meeting the nation attended (dated that day), half from
    # other sources; stances walk along each nation's scale over time.
    nation_weights = [0.5 + rng.random() * 2 for _ in nation_ids]
    position_nations = rng.choices(nation_ids, weights=nation_weights, k=scale.positions)
    position_issues = rng.choices(range(1, scale.issues + 1), weights=issue_weights,
                                  k=scale.positions)  # fmt: skip
    drafts: dict[tuple[int, int], list[tuple[dt.date, int | None]]] = defaultdict(list)
    for nid, iid in zip(position_nations, position_issues, strict=True):
        mine = attended_by.get(nid)
        if mine and rng.random() < 0.5:
            mid = rng.choice(mine)
            drafts[(nid, iid)].append((meetings[mid - 1].date, mid))
        else:
            drafts[(nid, iid)].append((s.day(), None))
    confidences = ("high", "medium", "medium", "low")
    sources = ("news report", "readout", "embassy cable", "press conference", "minutes")
    positions: list[rec.Position] = []
    position_refs: list[tuple[int, int, int | None, int | None]] = []
    for (nid, iid), said in sorted(drafts.items()):
        said.sort(key=lambda item: item[0])
        stances = issues[iid - 1].stances
        place = rng.randrange(len(stances))
        speakers = people_of.get(nid, ())
        for as_of, mid in said:
            if rng.random() < 0.3:
                place = max(0, min(len(stances) - 1, place + rng.choice((-1, 1))))
            speaker = rng.choice(speakers) if speakers and rng.random() < 0.7 else None
            confirmed = (
                as_of + dt.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.4 else None
            )
            positions.append(
                rec.Position(
                    nation_uuid=nations[nid - 1].uuid,
                    issue_uuid=issues[iid - 1].uuid,
                    as_of=as_of,
                    stance=None if rng.random() < 0.05 else stances[place],
                    salience=rng.randint(0, 100) if rng.random() < 0.5 else None,
                    quote=s.words(12, 40),
                    summary=s.words(4, 12) if rng.random() < 0.5 else "",
                    speaker_uuid=people[speaker - 1].uuid if speaker else None,
                    meeting_uuid=meetings[mid - 1].uuid if mid else None,
                    source=rng.choice(sources),
                    confidence=rng.choice(confidences),
                    last_confirmed=confirmed if confirmed and confirmed <= END else None,
                    uuid=s.uuid(),
                    created_at=(stamp := s.stamp()),
                    updated_at=stamp,
                )
            )  # fmt: skip
            position_refs.append((nid, iid, speaker, mid))
    _checked(positions)
    # Rows go in creation order (as an officer would type them), not grouped by pair.
    order = list(range(len(positions)))
    rng.shuffle(order)
    for pid, index in enumerate(order, start=1):
        nid, iid, speaker, mid = position_refs[index]
        rows["positions"].append(
            {"id": pid,
             **_plain(positions[index], ("nation_uuid", "issue_uuid", "speaker_uuid",
                                          "meeting_uuid")),
             "nation_id": nid, "issue_id": iid, "speaker_id": speaker, "meeting_id": mid}
        )  # fmt: skip

    # Pledges.
    capabilities = enums.Capability.values()
    pledges: list[rec.Pledge] = []
    pledge_refs: list[tuple[int, int | None]] = []
    for _ in range(scale.pledges):
        nid = rng.choice(nation_ids)
        capability = rng.choice(capabilities)
        mine = attended_by.get(nid)
        mid = rng.choice(mine) if mine and rng.random() < 0.5 else None
        pledges.append(
            rec.Pledge(
                nation_uuid=nations[nid - 1].uuid,
                capability=capability,
                as_of=meetings[mid - 1].date if mid else s.day(),
                quantity=float(rng.randint(1, 5000)) if rng.random() < 0.8 else None,
                unit=_UNITS[capability],
                status=rng.choices(enums.PledgeStatus.values(), weights=(4, 3, 2, 1))[0],
                caveats=s.words(3, 15) if rng.random() < 0.4 else "",
                meeting_uuid=meetings[mid - 1].uuid if mid else None,
                notes=s.words(3, 15) if rng.random() < 0.2 else "",
                uuid=s.uuid(),
                created_at=(stamp := s.stamp()),
                updated_at=stamp,
            )
        )
        pledge_refs.append((nid, mid))
    _checked(pledges)
    for plid, (p, (nid, mid)) in enumerate(zip(pledges, pledge_refs, strict=True), start=1):
        rows["pledges"].append(
            {"id": plid, **_plain(p, ("nation_uuid", "meeting_uuid")),
             "nation_id": nid, "meeting_id": mid}
        )  # fmt: skip

    # Open questions: raised at a meeting, resolved at a later one when answered.
    statuses = enums.QuestionStatus.values()
    questions: list[rec.Question] = []
    question_refs: list[tuple[int | None, ...]] = []
    for _ in range(scale.questions):
        status = rng.choices(statuses, weights=(5, 2, 2, 1))[0]
        iid = rng.randint(1, scale.issues) if rng.random() < 0.8 else None
        nid = rng.choice(nation_ids) if rng.random() < 0.7 else None
        owners = people_of.get(nid, ()) if nid else ()
        person = rng.choice(owners) if owners and rng.random() < 0.5 else None
        raised = rng.randint(1, scale.meetings) if rng.random() < 0.7 else None
        resolved = None
        if status in ("answered", "dropped") and raised and raised < scale.meetings:
            resolved = rng.randint(raised + 1, scale.meetings) if rng.random() < 0.8 else None
        base = meetings[raised - 1].date if raised else s.day()
        questions.append(
            rec.Question(
                text=s.words(8, 25).rstrip(".") + "?",
                status=status,
                issue_uuid=issues[iid - 1].uuid if iid else None,
                owner_nation_uuid=nations[nid - 1].uuid if nid else None,
                owner_person_uuid=people[person - 1].uuid if person else None,
                due_date=base + dt.timedelta(days=rng.randint(7, 90)) if rng.random() < 0.7 else None,
                raised_at_uuid=meetings[raised - 1].uuid if raised else None,
                resolved_at_uuid=meetings[resolved - 1].uuid if resolved else None,
                answer=s.words(5, 30) if status == "answered" else "",
                uuid=s.uuid(),
                created_at=(stamp := s.stamp()),
                updated_at=stamp,
            )
        )  # fmt: skip
        question_refs.append((iid, nid, person, raised, resolved))
    _checked(questions)
    for qid, (q, refs) in enumerate(zip(questions, question_refs, strict=True), start=1):
        iid, nid, person, raised, resolved = refs
        rows["questions"].append(
            {"id": qid,
             **_plain(q, ("issue_uuid", "owner_nation_uuid", "owner_person_uuid",
                          "raised_at_uuid", "resolved_at_uuid")),
             "issue_id": iid, "owner_nation_id": nid, "owner_person_id": person,
             "raised_at_id": raised, "resolved_at_id": resolved}
        )  # fmt: skip
    return rows


def _plain(record: object, references: tuple[str, ...] = ()) -> dict:
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}  # type: ignore[arg-type]
    for name in references:
        del values[name]
    return values


TABLE_ORDER = ("nations", "people", "meetings", "attendance", "issues", "positions",
               "pledges", "questions")  # fmt: skip


def write(database: Database, rows: dict[str, list[dict]]) -> None:
    """All rows in one transaction; the search index is rebuilt once at the end.

    The FTS triggers would index every row as it goes in; dropping them for the load and
    rebuilding the index in one statement is several times faster and gives the same index.
    """
    tables = models.Base.metadata.tables
    with database.engine.begin() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            for statement in fulltext.sqlite_drop_statements():
                connection.exec_driver_sql(statement)
        for name in TABLE_ORDER:
            table = tables[name]
            batch = rows[name]
            for start in range(0, len(batch), 20_000):
                connection.execute(insert(table), batch[start : start + 20_000])
        if sqlite:
            for statement in fulltext.sqlite_schema_statements():
                connection.exec_driver_sql(statement)
            connection.exec_driver_sql(fulltext.sqlite_rebuild_statement())
    with database.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
    settings.set_protective_marking(database, "OFFICIAL")


def build(scale_name: str, path: Path) -> dict[str, int]:
    scale = SCALES[scale_name]
    path.unlink(missing_ok=True)
    database = open_database(path)
    try:
        rows = generate(scale)
        write(database, rows)
        with database.engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    finally:
        database.dispose()
    return {name: len(batch) for name, batch in rows.items()}


def cache_dir() -> Path:
    root = os.environ.get("COALITION_DESK_BENCH_CACHE") or os.path.join(
        tempfile.gettempdir(), "coalition-desk-bench"
    )
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key() -> str:
    """Changes when this generator or the schema changes, so a stale cache is never used.

    The migrations' text counts, not only the head's name: a merge can slip a migration in
    below an unchanged head (0008 went in below 0005), and a register built before it
    would lack its columns.
    """
    hashed = hashlib.sha256(Path(__file__).read_bytes())
    for script in sorted((migrate.MIGRATIONS_DIR / "versions").glob("*.py")):
        hashed.update(script.read_bytes())
    digest = hashed.hexdigest()[:10]
    return f"{migrate.head_revision()}-{digest}"


def cached_database(scale_name: str) -> Path:
    """The scale's database, generated once per generator version and schema."""
    path = cache_dir() / f"synth-{scale_name}-{cache_key()}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        build(scale_name, partial)
        shutil.move(partial, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument("--db", type=Path, help="where to write (default: the benchmark cache)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.db:
        counts = build(args.scale, args.db)
        where = args.db
    else:
        where = cached_database(args.scale)
        counts = {}
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
    print(f"{where}: scale {args.scale} {summary} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
