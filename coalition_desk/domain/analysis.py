"""Plain values of the analysis: outcome forecasts, capability gaps, what moved, heatmap.

They live in the domain so that services compute them and charts draw them without
either knowing the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from coalition_desk.domain.views import StanceMove

# A position recorded without a salience counts as "moderately important" to its nation:
# the middle of the 0-100 scale, so an unknown never outweighs a recorded high salience.
DEFAULT_SALIENCE = 50
# Fewer nations than this with a weighted stance give no forecast: two voices are a
# disagreement, not a distribution.
MIN_NATIONS_FOR_FORECAST = 3
# A likely blocker stands at least this far (0-100 scale) from the forecast...
BLOCKER_DISTANCE = 40.0
# ...and cares about the issue at least this much (a recorded salience, never the default).
BLOCKER_SALIENCE = 70


@dataclass(frozen=True, slots=True)
class ActorInput:
    """One nation's say on one issue, as the forecast weighs it."""

    nation_uuid: str
    nation_name: str
    stance: str | None
    # The stance's place on a scale issue (0-100); None for options or no stance.
    value: float | None
    capability: int
    salience: int | None = None
    as_of: dt.date | None = None
    stale: bool = False

    @property
    def effective_salience(self) -> int:
        return DEFAULT_SALIENCE if self.salience is None else self.salience

    @property
    def weight(self) -> int:
        return self.capability * self.effective_salience


@dataclass(frozen=True, slots=True)
class Blocker:
    nation_uuid: str
    nation_name: str
    stance: str
    # Distance from the forecast on the 0-100 scale (100 for an options issue).
    distance: float
    salience: int | None


@dataclass(frozen=True, slots=True)
class OptionShare:
    option: str
    weight: int
    share: float  # of the total weight, 0-1
    nations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Forecast:
    issue_uuid: str
    issue_name: str
    kind: str
    stances: tuple[str, ...]
    actors: tuple[ActorInput, ...]
    # Nations that spoke on the issue without taking a stance.
    statements_only: tuple[str, ...] = ()
    # When there is no forecast: why, in words for the officer. Empty when there is one.
    no_forecast_reason: str = ""
    total_weight: int = 0
    mean: float | None = None
    median_low: float | None = None
    median_high: float | None = None
    spread: float | None = None
    median_label: str = ""
    mean_label: str = ""
    shares: tuple[OptionShare, ...] = ()
    leading: tuple[str, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    # Far from the forecast, but their salience is not recorded: worth asking.
    far_salience_unknown: tuple[Blocker, ...] = ()

    @property
    def available(self) -> bool:
        return not self.no_forecast_reason

    @property
    def median(self) -> float | None:
        if self.median_low is None or self.median_high is None:
            return None
        return (self.median_low + self.median_high) / 2

    @property
    def median_tied(self) -> bool:
        return self.median_low is not None and self.median_low != self.median_high


@dataclass(frozen=True, slots=True)
class GapPledge:
    nation_name: str
    status: str
    quantity: float | None
    unit: str
    caveats: str


@dataclass(frozen=True, slots=True)
class GapRow:
    """One capability (in one unit) of one scenario: what is needed against what is pledged."""

    scenario: str
    capability: str
    unit: str
    required: float | None  # None: pledged, but no requirement set in this scenario
    confirmed: float = 0.0
    offered: float = 0.0
    pledges: tuple[GapPledge, ...] = ()
    notes: str = ""

    @property
    def gap_after_confirmed(self) -> float | None:
        return None if self.required is None else max(0.0, self.required - self.confirmed)

    @property
    def gap(self) -> float | None:
        """What is still missing if every offer were confirmed."""
        if self.required is None:
            return None
        return max(0.0, self.required - self.confirmed - self.offered)

    @property
    def considering(self) -> tuple[GapPledge, ...]:
        return tuple(p for p in self.pledges if p.status == "considering")

    @property
    def amount_not_stated(self) -> tuple[GapPledge, ...]:
        return tuple(
            p for p in self.pledges if p.quantity is None and p.status in ("offered", "confirmed")
        )

    @property
    def caveats(self) -> tuple[str, ...]:
        return tuple(
            f"{p.nation_name} ({p.status}): {p.caveats}" for p in self.pledges if p.caveats
        )


@dataclass(frozen=True, slots=True)
class MovedPosition(StanceMove):
    before_quote: str
    after_quote: str
    # Positive: towards the favourable end of the scale; None for options or a first stance.
    shift: float | None
    meeting_title: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class HeatCell:
    stance: str
    # The stance's place in the issue's list (for options: which option).
    place: int
    # 0-1 along the issue's scale (place / (stances - 1)).
    fraction: float
    kind: str
    as_of: dt.date
    stale: bool


@dataclass(frozen=True, slots=True)
class HeatmapData:
    # (uuid, label) pairs: rows are nations, columns issues.
    nations: tuple[tuple[str, str], ...]
    issues: tuple[tuple[str, str], ...]
    issue_kinds: tuple[str, ...]
    cells: dict[tuple[int, int], HeatCell] = field(default_factory=dict)
