"""Two replicas of one register, random creates, edits and deletes on each side, then a
merge both ways with --take: the two end equal, every change made on one side only
survives, and every conflict is reported exactly once (issue 15, point 8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from coalition_desk.domain import records as rec
from coalition_desk.reports.merge_source import run_merge
from coalition_desk.services import records
from coalition_desk.services.crud import Writer
from coalition_desk.store.engine import open_database

FIELDS = {"nation": ("notes", "constraints", "role"), "meeting": ("summary", "place")}
VALUES = {"notes": ("", "a", "b"), "constraints": ("", "x", "y"),
          "role": ("lead", "participant", "not_stated"), "summary": ("", "s", "t"),
          "place": ("Paris", "Riga")}
RECORD_TYPES = {"nation": rec.Nation, "meeting": rec.Meeting}
codes = itertools.count(0)


def code(number: int) -> str:
    """Three letters, as a state's ISO code must be: QAA, QAB, ..."""
    return "Q" + chr(65 + number // 26 % 26) + chr(65 + number % 26)


def values_of(record: rec.Record) -> dict[str, object]:
    return {name: getattr(record, name) for name in rec.editable_field_names(type(record))}


def contents(database) -> dict[str, dict[str, object]]:
    return {
        r.uuid: values_of(r)
        for record_type in RECORD_TYPES.values()
        for r in records.list_all(database, record_type)
    }


class TwoOfficers(RuleBasedStateMachine):
    @initialize(take=st.sampled_from(["mine", "theirs"]))
    def start(self, take: str) -> None:
        self.take = take
        self.folder = Path(tempfile.mkdtemp(prefix="merge-stateful-"))
        base = self.folder / "base.sqlite3"
        database = open_database(base)
        writer = Writer(database, origin="test")
        # Few records, so that both officers often touch the same one.
        for index in range(2):
            writer.create(rec.Nation(name=f"Nation {index}", code=f"NA{chr(65 + index)}"))
        writer.create(rec.Meeting(title="Meeting", date=dt.date(2025, 3, 1), place="Paris"))
        self.base = contents(database)
        database.dispose()
        self.paths = {side: self.folder / f"{side}.sqlite3" for side in ("alice", "bob")}
        self.databases = {}
        for side, path in self.paths.items():
            shutil.copy(base, path)
            self.databases[side] = open_database(path)
        self.created: dict[str, set[str]] = {"alice": set(), "bob": set()}
        self.deleted: dict[str, set[str]] = {"alice": set(), "bob": set()}

    def live(self, side: str) -> list[rec.Record]:
        return sorted(
            (r for t in RECORD_TYPES.values() for r in records.list_all(self.databases[side], t)),
            key=lambda r: r.uuid,
        )

    @rule(side=st.sampled_from(["alice", "bob"]), kind=st.sampled_from(["nation", "meeting"]))
    def create(self, side: str, kind: str) -> None:
        number = next(codes)
        record = (rec.Nation(name=f"New {number}", code=code(number)) if kind == "nation"
                  else rec.Meeting(title=f"New {number}", date=dt.date(2025, 4, 1)))
        change = Writer(self.databases[side]).create(record).changes[0]
        self.created[side].add(change.uuid)

    @rule(side=st.sampled_from(["alice", "bob"]), pick=st.integers(0, 50),
          choice=st.integers(0, 50))
    def edit(self, side: str, pick: int, choice: int) -> None:
        live = self.live(side)
        if not live:
            return
        record = live[pick % len(live)]
        kind = "nation" if isinstance(record, rec.Nation) else "meeting"
        name = FIELDS[kind][choice % len(FIELDS[kind])]
        value = VALUES[name][choice % len(VALUES[name])]
        Writer(self.databases[side]).update(dataclasses.replace(record, **{name: value}))

    @rule(pick=st.integers(0, 50), choice=st.integers(0, 50), other=st.integers(0, 50))
    def edit_on_both_sides(self, pick: int, choice: int, other: int) -> None:
        """Both officers edit one record they share: a conflict unless they agree."""
        self.edit("alice", pick, choice)
        self.edit("bob", pick, other)

    @rule(side=st.sampled_from(["alice", "bob"]), pick=st.integers(0, 50))
    def delete(self, side: str, pick: int) -> None:
        live = self.live(side)
        if not live:
            return
        record = live[pick % len(live)]
        kind = "nation" if isinstance(record, rec.Nation) else "meeting"
        Writer(self.databases[side]).delete(kind, record.uuid, cascade=True)
        self.deleted[side].add(record.uuid)

    @invariant()
    def nothing(self) -> None:
        pass

    def teardown(self) -> None:
        if not hasattr(self, "databases"):
            return
        try:
            self._merge_both_ways()
        finally:
            for database in self.databases.values():
                database.dispose()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _merge_both_ways(self) -> None:
        alice, bob = contents(self.databases["alice"]), contents(self.databases["bob"])
        expected_conflicts: set[str] = set()
        for uuid, base in self.base.items():
            a, b = alice.get(uuid), bob.get(uuid)
            if a is not None and b is not None:
                for name in base:
                    if a[name] != base[name] and b[name] != base[name] and a[name] != b[name]:
                        expected_conflicts.add(f"{uuid}:{name}")
            elif (a is None and b is not None and b != base) or (b is None and a is not None and a != base):
                expected_conflicts.add(uuid)
        first = run_merge(self.databases["alice"], self.paths["bob"], take=self.take)
        assert first.exit_code == 0, first.lines + first.error_lines
        assert first.plan is not None
        keys = [c.key.split(":", 1)[1] for c in first.plan.conflicts]
        event(f"conflicts: {min(len(keys), 3)}{'+' if len(keys) >= 3 else ''}")
        assert len(keys) == len(set(keys)), "a conflict was reported twice"
        assert set(keys) == expected_conflicts
        back = run_merge(self.databases["bob"], self.paths["alice"], take="mine")
        assert back.exit_code == 0, back.lines + back.error_lines
        assert back.plan is not None and not back.plan.conflicts, "a conflict came back"
        merged_alice = contents(self.databases["alice"])
        assert merged_alice == contents(self.databases["bob"])
        # Every change made on one side only survives.
        for here, there, side in ((alice, bob, "alice"), (bob, alice, "bob")):
            for uuid in self.created[side]:
                if uuid in here:
                    assert merged_alice.get(uuid) == here[uuid]
            for uuid, base in self.base.items():
                if uuid in here and uuid in there:
                    mine, theirs = here[uuid], there[uuid]
                    for name in base:
                        if mine[name] != base[name] and theirs[name] == base[name]:
                            assert merged_alice[uuid][name] == mine[name], (uuid, name)
                if uuid not in here and uuid in there and there[uuid] == base:
                    assert uuid not in merged_alice, "a one-sided deletion was lost"
        # Merged again, nothing changes.
        again = run_merge(self.databases["alice"], self.paths["bob"])
        assert again.plan is not None and again.plan.is_empty


TwoOfficers.TestCase.settings = settings(
    max_examples=30, stateful_step_count=14, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_two_officers_merge_both_ways = TwoOfficers.TestCase
