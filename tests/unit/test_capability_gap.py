"""Capability gap arithmetic and the requirement records it rests on."""

import datetime as dt

import pytest

from coalition_desk.domain import records as rec
from coalition_desk.domain.validation import ValidationError
from coalition_desk.domain.views import PledgeView
from coalition_desk.services import records
from coalition_desk.services.analysis import capability_gap as gaps
from coalition_desk.services.crud import Writer
from tests.conftest import uuid_of

DAY = dt.date(2025, 4, 10)


def pledge(nation: str, capability: str, quantity: float | None, status: str,
           unit: str = "personnel", caveats: str = "") -> PledgeView:
    return PledgeView(f"p-{nation}-{capability}-{status}", f"n-{nation}", nation, capability,
                      quantity, unit, status, caveats, DAY, None, "")


def need(capability: str, quantity: float, unit: str = "personnel",
         scenario: str = "Deterrence") -> rec.CapabilityRequirement:
    return rec.CapabilityRequirement(scenario, capability, quantity, unit)


def test_gap_arithmetic_worked_by_hand() -> None:
    requirements = [need("troops", 10_000), need("troops", 5_000),  # two lines add up
                    need("air_defence", 4, "batteries"),
                    need("troops", 99_999, scenario="Monitoring")]  # another scenario
    pledges = [
        pledge("France", "troops", 6_000, "confirmed"),
        pledge("UK", "troops", 4_000, "offered", caveats="Only after a ceasefire"),
        pledge("Latvia", "troops", None, "offered", caveats="Readiness at home first"),
        pledge("Estonia", "troops", 800, "considering"),
        pledge("Belgium", "troops", 3_000, "withdrawn"),
        pledge("Netherlands", "air_defence", 1, "confirmed", unit="Batteries"),
        pledge("Finland", "air_defence", 2, "offered", unit="systems"),
    ]
    rows = gaps.capability_gap("Deterrence", requirements, pledges)
    by_key = {(r.capability, r.unit.lower()): r for r in rows}
    assert list(by_key) == [("troops", "personnel"), ("air_defence", "batteries"),
                            ("air_defence", "systems")]
    troops = by_key[("troops", "personnel")]
    # Required 15,000; confirmed 6,000 -> 9,000 short; offered 4,000 -> 5,000 short.
    assert (troops.required, troops.confirmed, troops.offered) == (15_000, 6_000, 4_000)
    assert (troops.gap_after_confirmed, troops.gap) == (9_000, 5_000)
    assert [p.nation_name for p in troops.considering] == ["Estonia"]
    assert [p.nation_name for p in troops.amount_not_stated] == ["Latvia"]
    assert "Belgium" not in {p.nation_name for p in troops.pledges}
    assert troops.caveats == ("UK (offered): Only after a ceasefire",
                              "Latvia (offered): Readiness at home first")
    air = by_key[("air_defence", "batteries")]  # units match whatever their case
    assert (air.required, air.confirmed, air.gap_after_confirmed, air.gap) == (4, 1, 3, 3)
    # Systems are not batteries: shown on a row of their own, with no requirement to meet.
    systems = by_key[("air_defence", "systems")]
    assert systems.required is None and systems.gap is None and systems.offered == 2


def test_more_pledged_than_required_leaves_no_negative_gap() -> None:
    rows = gaps.capability_gap("Deterrence", [need("troops", 1_000)],
                               [pledge("France", "troops", 1_500, "confirmed")])
    assert rows[0].gap_after_confirmed == 0 and rows[0].gap == 0


def test_requirements_are_stored_audited_and_read_back(demo_db) -> None:
    writer = Writer(demo_db)
    changes = writer.create(rec.CapabilityRequirement("Deterrence", "troops", 10_000,
                                                      "personnel", "Two brigades"))
    created = changes.changes[0].after
    assert created.uuid and created.created_at is not None
    assert records.audit_trail(demo_db, created.uuid)[0].action == "create"
    assert gaps.list_requirements(demo_db) == [
        rec.CapabilityRequirement("Deterrence", "troops", 10_000, "personnel", "Two brigades",
                                  uuid=created.uuid, created_at=created.created_at,
                                  updated_at=created.updated_at, version=created.version,
                                      revisions=created.revisions)]
    assert gaps.scenarios(gaps.list_requirements(demo_db)) == ["Deterrence"]
    # The demo's one pledge (Latvia, personnel, considering) is listed, never added in.
    (row,) = gaps.gap_for_scenario(demo_db, "Deterrence")
    assert (row.required, row.confirmed, row.offered, row.gap) == (10_000, 0, 0, 10_000)
    assert [p.nation_name for p in row.considering] == ["Latvia"]
    assert row.pledges[0].nation_name == "Latvia" and row.notes == "Two brigades"
    assert uuid_of("nation", "LVA")  # the pledge is the demo's, by its stable UUID


@pytest.mark.parametrize(
    ("requirement", "field"),
    [
        (rec.CapabilityRequirement(" ", "troops", 1), "scenario"),
        (rec.CapabilityRequirement("Deterrence", "tanks", 1), "capability"),
        (rec.CapabilityRequirement("Deterrence", "troops", -5), "quantity"),
        (rec.CapabilityRequirement("Deterrence", "troops", None), "quantity"),  # type: ignore[arg-type]
    ],
)
def test_a_bad_requirement_is_refused_with_the_field_and_nothing_saved(
        demo_db, requirement, field) -> None:
    with pytest.raises(ValidationError) as refused:
        Writer(demo_db).create(requirement)
    assert refused.value.fields == (field,)
    assert records.counts(demo_db)["requirements"] == 0
