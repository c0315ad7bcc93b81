"""What the coalition still lacks: each scenario's requirements against the pledges.

Arithmetic, per capability and unit of one scenario:
- required: the sum of the scenario's requirements for that capability in that unit;
- confirmed / offered: the sums of confirmed / offered pledges in the same unit;
- gap after confirmed = max(0, required - confirmed);
- gap = max(0, required - confirmed - offered): what is missing even if every offer holds.
Pledges still being considered, withdrawn ones, pledges with no amount and pledges in
another unit are never added in; the first three are listed beside the row so that
nothing is hidden, and a pledge in a unit no requirement uses gets its own row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from coalition_desk.domain import enums
from coalition_desk.domain import records as rec
from coalition_desk.domain.analysis import GapPledge, GapRow
from coalition_desk.domain.enums import Capability, PledgeStatus
from coalition_desk.domain.views import PledgeView
from coalition_desk.services import records
from coalition_desk.services.pledges import list_pledges
from coalition_desk.store.engine import Database


def unit_key(unit: str) -> str:
    return " ".join(unit.split()).casefold()


def _capability_order(capability: str) -> int:
    values = Capability.values()
    return values.index(capability) if capability in values else len(values)


def capability_gap(
    scenario: str,
    requirements: Iterable[rec.CapabilityRequirement],
    pledges: Iterable[PledgeView],
) -> list[GapRow]:
    """The gap rows of one scenario (pure arithmetic; see the module docstring)."""
    required: dict[tuple[str, str], float] = defaultdict(float)
    unit_label: dict[tuple[str, str], str] = {}
    notes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for requirement in requirements:
        if requirement.scenario != scenario:
            continue
        key = (requirement.capability, unit_key(requirement.unit))
        required[key] += float(requirement.quantity)
        unit_label.setdefault(key, requirement.unit.strip())
        if requirement.notes:
            notes[key].append(requirement.notes)
    confirmed: dict[tuple[str, str], float] = defaultdict(float)
    offered: dict[tuple[str, str], float] = defaultdict(float)
    listed: dict[tuple[str, str], list[GapPledge]] = defaultdict(list)
    for pledge in pledges:
        if pledge.status == PledgeStatus.WITHDRAWN:
            continue
        key = (pledge.capability, unit_key(pledge.unit))
        unit_label.setdefault(key, pledge.unit.strip())
        listed[key].append(
            GapPledge(
                pledge.nation_name, pledge.status, pledge.quantity, pledge.unit, pledge.caveats
            )
        )
        if pledge.quantity is None:
            continue
        if pledge.status == PledgeStatus.CONFIRMED:
            confirmed[key] += pledge.quantity
        elif pledge.status == PledgeStatus.OFFERED:
            offered[key] += pledge.quantity
    keys = sorted(set(required) | set(listed), key=lambda k: (_capability_order(k[0]), k[1]))
    return [
        GapRow(
            scenario=scenario,
            capability=capability,
            unit=unit_label.get((capability, unit), unit),
            required=required.get((capability, unit)),
            confirmed=confirmed[(capability, unit)],
            offered=offered[(capability, unit)],
            pledges=tuple(listed[(capability, unit)]),
            notes="; ".join(notes[(capability, unit)]),
        )
        for capability, unit in keys
    ]


def list_requirements(database: Database) -> list[rec.CapabilityRequirement]:
    found = [
        r
        for r in records.list_all(database, rec.CapabilityRequirement)
        if isinstance(r, rec.CapabilityRequirement)
    ]
    return sorted(found, key=lambda r: (r.scenario.casefold(), _capability_order(r.capability)))


def scenarios(requirements: Sequence[rec.CapabilityRequirement]) -> list[str]:
    return sorted({r.scenario for r in requirements}, key=str.casefold)


def gap_for_scenario(database: Database, scenario: str) -> list[GapRow]:
    return capability_gap(scenario, list_requirements(database), list_pledges(database))


capability_label = enums.capability_label
