"""Where each issue is heading: a weighted forecast of the outcome, and what moved.

The model (explained for officers in resources/help/analysis.html) is a rough guide:
each nation with a stance pulls with weight w = capability × salience.

- Compromise (Stokman): the weighted mean of the stances on the 0-100 scale.
- Weighted median (Bueno de Mesquita's starting point): with single-peaked preferences
  it beats every other point in a pairwise vote weighted by w. Weights are whole
  numbers, so halves are compared exactly: when the stances at or below some stance
  hold exactly half of the weight, every point between it and the next stance up ties;
  the forecast then reports that interval (``median_low`` .. ``median_high``) and its
  midpoint, and says it is a tie instead of picking a side.
- Spread: the weighted standard deviation around the mean (0 = all agree; 50 = split
  between the two ends).
- Options issues have no order, so each option gets its share of the weight instead.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from coalition_desk.domain import analysis as an
from coalition_desk.domain import records as rec
from coalition_desk.domain.enums import DEFAULT_CAPABILITY_BY_ROLE, CoalitionRole, IssueKind
from coalition_desk.domain.validation import stance_value
from coalition_desk.domain.views import PositionView
from coalition_desk.services import records
from coalition_desk.services.positions import (
    PositionFilter,
    latest_stances,
    list_positions,
    stance_move,
    stance_moves,
)
from coalition_desk.store.engine import Database


def effective_capability(nation: rec.Nation) -> int:
    """The officer's weight for the nation if set, else the default for its role."""
    if nation.capability is not None:
        return nation.capability
    try:
        return DEFAULT_CAPABILITY_BY_ROLE[CoalitionRole(nation.role)]
    except ValueError:
        return DEFAULT_CAPABILITY_BY_ROLE[CoalitionRole.NOT_STATED]


def _stance_label(stances: tuple[str, ...], value: float) -> str:
    """The stance nearest to a point of the 0-100 scale."""
    if len(stances) < 2:
        return ""
    return stances[round(value / 100 * (len(stances) - 1))]


def weighted_median(points: Sequence[tuple[float, int]]) -> tuple[float, float] | None:
    """The interval of weighted medians of (value, weight) points; None if no weight.

    A single point unless the weight splits exactly in half, in which case every
    point from the upper end of the lower half to the lower end of the upper half ties.
    """
    by_value: dict[float, int] = defaultdict(int)
    for value, weight in points:
        if weight > 0:
            by_value[value] += weight
    total = sum(by_value.values())
    if total == 0:
        return None
    ordered = sorted(by_value.items())
    below = 0
    for index, (value, weight) in enumerate(ordered):
        below += weight
        if 2 * below > total:
            return value, value
        if 2 * below == total:
            return value, ordered[index + 1][0]
    raise AssertionError("the cumulative weight always passes half")  # pragma: no cover


def _distance_to(value: float, low: float, high: float) -> float:
    if low <= value <= high:
        return 0.0
    return min(abs(value - low), abs(value - high))


def _no_forecast_reason(counted: Sequence[an.ActorInput], statements: Sequence[str]) -> str:
    with_stance = len(counted)
    weighted = [a for a in counted if a.weight > 0]
    need = an.MIN_NATIONS_FOR_FORECAST
    if with_stance == 0:
        spoke = (
            f" ({len(statements)} statement{'s' if len(statements) != 1 else ''}"
            f" without a stance: {', '.join(statements)})"
            if statements
            else ""
        )
        return f"No forecast: no nation has taken a stance on this issue yet{spoke}."
    if not weighted:
        return (
            "No forecast: every nation with a stance has zero weight "
            "(its capability or salience is 0)."
        )
    if len(weighted) < need:
        names = ", ".join(a.nation_name for a in weighted)
        verb = "has" if len(weighted) == 1 else "have"
        return (
            f"No forecast: only {len(weighted)} nation{'s' if len(weighted) != 1 else ''} "
            f"({names}) {verb} taken a stance that carries weight; at least {need} are needed."
        )
    return ""


def forecast(
    issue: rec.Issue,
    actors: Sequence[an.ActorInput],
    statements_only: Sequence[str] = (),
) -> an.Forecast:
    """The forecast for one issue from each nation's latest stance (pure arithmetic)."""
    counted = tuple(a for a in actors if a.stance is not None)
    base = an.Forecast(
        issue_uuid=issue.uuid,
        issue_name=issue.name,
        kind=issue.kind,
        stances=issue.stances,
        actors=counted,
        statements_only=tuple(statements_only),
        total_weight=sum(a.weight for a in counted),
    )
    reason = _no_forecast_reason(counted, statements_only)
    if reason:
        return replace(base, no_forecast_reason=reason)
    if issue.kind == IssueKind.OPTIONS:
        return _options_forecast(base)
    return _scale_forecast(base)


def _scale_forecast(base: an.Forecast) -> an.Forecast:
    scaled = [a for a in base.actors if a.value is not None]
    total = sum(a.weight for a in scaled)
    median = weighted_median([(a.value, a.weight) for a in scaled if a.value is not None])
    assert median is not None and total > 0
    mean = sum(a.weight * a.value for a in scaled if a.value is not None) / total
    spread = math.sqrt(
        sum(a.weight * (a.value - mean) ** 2 for a in scaled if a.value is not None) / total
    )
    low, high = median
    if low == high:
        median_label = _stance_label(base.stances, low)
    else:
        median_label = (
            f"a tie between {_stance_label(base.stances, low)!r} "
            f"and {_stance_label(base.stances, high)!r}"
        )
    distances = [(a, _distance_to(a.value, low, high)) for a in scaled if a.value is not None]
    blockers, unknown = _blockers((a, d) for a, d in distances if d >= an.BLOCKER_DISTANCE)
    return replace(
        base,
        total_weight=total,
        mean=mean,
        median_low=low,
        median_high=high,
        spread=spread,
        median_label=median_label,
        mean_label=_stance_label(base.stances, mean),
        blockers=tuple(sorted(blockers, key=lambda b: (-b.distance, b.nation_name))),
        far_salience_unknown=tuple(sorted(unknown, key=lambda b: (-b.distance, b.nation_name))),
    )


def _blockers(
    far: Iterable[tuple[an.ActorInput, float]],
) -> tuple[list[an.Blocker], list[an.Blocker]]:
    """Of the nations far from the outcome (with their distance from it), those who care
    enough to block it, and those whose salience nobody recorded."""
    blockers, unknown = [], []
    for actor, distance in far:
        entry = an.Blocker(
            actor.nation_uuid, actor.nation_name, actor.stance or "", distance, actor.salience
        )
        if actor.salience is None:
            unknown.append(entry)
        elif actor.salience >= an.BLOCKER_SALIENCE:
            blockers.append(entry)
    return blockers, unknown


def _options_forecast(base: an.Forecast) -> an.Forecast:
    total = base.total_weight
    weight_of: dict[str, int] = dict.fromkeys(base.stances, 0)
    names: dict[str, list[str]] = defaultdict(list)
    for actor in base.actors:
        assert actor.stance is not None
        weight_of[actor.stance] = weight_of.get(actor.stance, 0) + actor.weight
        names[actor.stance].append(actor.nation_name)
    shares = tuple(
        an.OptionShare(option, weight, weight / total, tuple(names[option]))
        for option, weight in weight_of.items()
    )
    top = max(weight_of.values())
    leading = tuple(option for option, weight in weight_of.items() if weight == top)
    blockers, unknown = _blockers((a, 100.0) for a in base.actors if a.stance not in leading)
    return replace(
        base,
        shares=shares,
        leading=leading,
        blockers=tuple(blockers),
        far_salience_unknown=tuple(unknown),
    )


# --- reads ------------------------------------------------------------------------------


def list_issues(database: Database) -> list[rec.Issue]:
    issues = [i for i in records.list_all(database, rec.Issue) if isinstance(i, rec.Issue)]
    return sorted(issues, key=lambda i: i.name.casefold())


def _nations(database: Database) -> dict[str, rec.Nation]:
    return {n.uuid: n for n in records.list_all(database, rec.Nation) if isinstance(n, rec.Nation)}


def forecast_issue(
    database: Database,
    issue_uuid: str,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    stale_days: int = 90,
) -> an.Forecast:
    """The forecast for one issue from the latest stance of every nation up to ``as_of``."""
    issue = records.get(database, rec.Issue, issue_uuid)
    assert isinstance(issue, rec.Issue)
    nations = _nations(database)
    latest = latest_stances(
        database, as_of, issue_uuid=issue_uuid, today=today, stale_days=stale_days
    )
    actors = [
        an.ActorInput(
            nation_uuid=view.nation_uuid,
            nation_name=view.nation_name,
            stance=view.stance,
            value=stance_value(issue.stances, view.stance)
            if issue.kind == IssueKind.SCALE
            else None,
            capability=effective_capability(nations[view.nation_uuid]),
            salience=view.salience,
            as_of=view.as_of,
            stale=view.stale,
        )
        for view in latest
    ]
    with_stance = {a.nation_uuid for a in actors}
    statements = sorted(
        {
            view.nation_name
            for view in list_positions(
                database, PositionFilter(issue_uuid=issue_uuid, date_to=as_of), today=today
            )
            if view.nation_uuid not in with_stance
        }
    )
    return forecast(issue, actors, statements)


def what_moved(
    database: Database,
    start: dt.date | None,
    end: dt.date,
    *,
    issue_uuid: str | None = None,
    nation_uuid: str | None = None,
) -> list[an.MovedPosition]:
    """Every nation × issue whose stance as of ``end`` differs from its stance as of ``start``.

    ``start`` None compares with nothing recorded: every stance counts as new. A position
    re-stating the same stance is no move.
    """
    scales = {issue.uuid: issue for issue in list_issues(database)}
    moved = [
        moved_position(previous, view, scales[view.issue_uuid])
        for previous, view in stance_moves(
            database, start, end, issue_uuid=issue_uuid, nation_uuid=nation_uuid
        )
    ]
    return sorted(moved, key=lambda m: (m.after_date, m.nation_name, m.issue_name))


def moved_position(
    previous: PositionView | None, view: PositionView, issue: rec.Issue
) -> an.MovedPosition:
    """One move as ``what_moved`` reports it: ``previous`` (None: a first stance) to ``view``."""
    shift = None
    if previous is not None and issue.kind == IssueKind.SCALE:
        old = stance_value(issue.stances, previous.stance)
        new = stance_value(issue.stances, view.stance)
        if old is not None and new is not None:
            shift = new - old
    return stance_move(
        an.MovedPosition,
        previous,
        view,
        before_quote=(previous.quote or previous.summary) if previous else "",
        after_quote=view.quote or view.summary,
        shift=shift,
        meeting_title=view.meeting_title,
        source=view.source,
    )


def stance_heatmap(
    database: Database,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    stale_days: int = 90,
) -> an.HeatmapData:
    """Nations × issues, each cell the nation's latest stance on the issue."""
    issues = list_issues(database)
    nations = sorted(_nations(database).values(), key=lambda n: n.name.casefold())
    row_of = {n.uuid: index for index, n in enumerate(nations)}
    column_of = {i.uuid: index for index, i in enumerate(issues)}
    cells: dict[tuple[int, int], an.HeatCell] = {}
    for view in latest_stances(database, as_of, today=today, stale_days=stale_days):
        issue = issues[column_of[view.issue_uuid]]
        if view.stance not in issue.stances:
            continue
        place = issue.stances.index(view.stance)
        cells[(row_of[view.nation_uuid], column_of[view.issue_uuid])] = an.HeatCell(
            stance=view.stance,
            place=place,
            fraction=place / max(1, len(issue.stances) - 1),
            kind=issue.kind,
            as_of=view.as_of,
            stale=view.stale,
        )
    return an.HeatmapData(
        nations=tuple((n.uuid, n.name) for n in nations),
        issues=tuple((i.uuid, i.name) for i in issues),
        issue_kinds=tuple(i.kind for i in issues),
        cells=cells,
    )
