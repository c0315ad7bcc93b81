"""Outcome forecast, what moved and the heatmap, checked against sums worked by hand."""

import dataclasses
import datetime as dt
import math

import pytest

from coalition_desk.domain import analysis as an
from coalition_desk.domain import records as rec
from coalition_desk.services.analysis import outlook as analysis
from coalition_desk.services.crud import Writer
from tests.conftest import uuid_of

THREE = ("Against", "Neutral", "For")
FOUR = ("No", "Rather no", "Rather yes", "Yes")
SCALE = rec.Issue("Troop numbers", "scale", THREE, uuid="issue-1")
OPTIONS = rec.Issue("Core objective", "options", ("Deterrence", "Monitoring", "Peacekeeping"))


def actor(name: str, stance: str | None, capability: int, salience: int | None = None,
          scale: tuple[str, ...] = THREE) -> an.ActorInput:
    value = None if stance is None or stance not in scale else 100 * scale.index(stance) / (
        len(scale) - 1)
    return an.ActorInput(name.lower(), name, stance, value, capability, salience)


def test_weight_is_capability_times_salience_with_50_for_an_unknown_salience() -> None:
    assert actor("A", "For", 80, 30).weight == 2400
    assert actor("B", "For", 80).weight == 80 * an.DEFAULT_SALIENCE == 4000


def test_mean_median_and_spread_worked_by_hand() -> None:
    # Weights: A 100x50 = 5000 at 0, B 50x50 = 2500 at 50, C 50x100 = 5000 at 100.
    # Total 12,500, half 6,250: cumulative 5,000 at 0, 7,500 at 50 -> median 50.
    # Mean (0 + 2500x50 + 5000x100) / 12500 = 50; spread sqrt((5000x2500x2) / 12500).
    result = analysis.forecast(
        SCALE, [actor("A", "Against", 100, 50), actor("B", "Neutral", 50, 50),
                actor("C", "For", 50, 100)])
    assert result.available and result.no_forecast_reason == ""
    assert result.total_weight == 12_500
    assert (result.median_low, result.median_high) == (50.0, 50.0)
    assert result.median_label == "Neutral" and not result.median_tied
    assert result.mean == pytest.approx(50.0)
    assert result.spread == pytest.approx(math.sqrt(2000))
    # C is 50 points away and cares (100); A is as far but its salience is only 50.
    assert [b.nation_name for b in result.blockers] == ["C"]
    assert result.far_salience_unknown == ()


def test_the_median_is_pulled_by_weight_not_by_headcount() -> None:
    # Four small nations For (4 x 20x50 = 4000) against one lead Against (100x50 = 5000).
    actors = [actor(n, "For", 20) for n in "PQRS"] + [actor("Lead", "Against", 100)]
    result = analysis.forecast(SCALE, actors)
    assert result.median == 0.0 and result.median_label == "Against"
    assert result.mean == pytest.approx(4000 * 100 / 9000)
    # Every For nation is 100 away, but none has a recorded salience: ask, don't guess.
    assert result.blockers == ()
    assert {b.nation_name for b in result.far_salience_unknown} == {"P", "Q", "R", "S"}


def test_an_exact_half_split_is_a_tie_reported_as_an_interval() -> None:
    actors = [actor("A", "Against", 50), actor("B", "Against", 50),
              actor("C", "For", 50), actor("D", "For", 50)]
    result = analysis.forecast(SCALE, actors)
    assert (result.median_low, result.median_high) == (0.0, 100.0)
    assert result.median_tied and result.median == 50.0
    assert result.median_label == "a tie between 'Against' and 'For'"
    assert result.spread == pytest.approx(50.0)
    # Inside the tied interval nobody is far from the forecast.
    assert result.blockers == () and result.far_salience_unknown == ()


def test_a_tie_between_neighbouring_stances_of_a_four_point_scale() -> None:
    issue = rec.Issue("Deal", "scale", FOUR)
    actors = [actor("A", "No", 30, scale=FOUR), actor("B", "Rather no", 30, scale=FOUR),
              actor("C", "Rather yes", 60, scale=FOUR)]
    result = analysis.forecast(issue, actors)
    assert result.median_low == pytest.approx(100 / 3)
    assert result.median_high == pytest.approx(200 / 3)
    assert result.median_label == "a tie between 'Rather no' and 'Rather yes'"


def test_weighted_median_ignores_weightless_points() -> None:
    assert analysis.weighted_median([(0.0, 0), (50.0, 3), (100.0, 1)]) == (50.0, 50.0)
    assert analysis.weighted_median([(0.0, 0)]) is None
    assert analysis.weighted_median([(100.0, 1), (0.0, 1)]) == (0.0, 100.0)


def test_a_nation_with_no_position_does_not_count() -> None:
    counted = [actor("A", "Against", 100, 50), actor("B", "Neutral", 50, 50),
               actor("C", "For", 50, 100)]
    with_silent = [*counted, actor("Silent", None, 100, 100)]
    expected = analysis.forecast(SCALE, counted)
    result = analysis.forecast(SCALE, with_silent, statements_only=["Silent"])
    assert "Silent" not in {a.nation_name for a in result.actors}
    assert (result.mean, result.median, result.spread) == (
        expected.mean, expected.median, expected.spread)
    assert result.statements_only == ("Silent",)


def test_all_weights_zero_gives_no_forecast_and_says_why() -> None:
    actors = [actor("A", "Against", 0), actor("B", "For", 0), actor("C", "For", 60, 0)]
    result = analysis.forecast(SCALE, actors)
    assert not result.available
    assert result.mean is None and result.median is None and result.spread is None
    assert "zero weight" in result.no_forecast_reason


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        ([], "no nation has taken a stance"),
        ([actor("A", "For", 50), actor("B", "Against", 50)], "only 2 nations (A, B) have"),
        ([actor("A", "For", 50), actor("B", "For", 0), actor("C", "For", 0, 80)],
         "only 1 nation (A) has"),
    ],
)
def test_too_few_weighted_stances_give_no_forecast(actors, expected) -> None:
    result = analysis.forecast(SCALE, actors)
    assert not result.available and expected in result.no_forecast_reason
    assert result.median is None and result.shares == ()


def test_options_issue_gets_a_weighted_share_per_option() -> None:
    # Deterrence 100x50 = 5000; Monitoring 50x50 + 50x90 = 7000; Peacekeeping nobody.
    actors = [actor("Lead", "Deterrence", 100, 50), actor("P", "Monitoring", 50, 50),
              actor("Q", "Monitoring", 50, 90)]
    result = analysis.forecast(OPTIONS, actors)
    shares = {s.option: (s.weight, s.share) for s in result.shares}
    assert shares == {"Deterrence": (5000, 5 / 12), "Monitoring": (7000, 7 / 12),
                      "Peacekeeping": (0, 0.0)}
    assert result.leading == ("Monitoring",)
    assert result.median is None and result.mean is None
    assert result.blockers == ()  # Lead's salience 50 is not high


def test_options_tie_leaves_both_leading_and_blocks_the_high_salience_dissenter() -> None:
    actors = [actor("A", "Deterrence", 50), actor("B", "Monitoring", 50),
              actor("C", "Peacekeeping", 10, 80)]
    result = analysis.forecast(OPTIONS, actors)
    assert result.leading == ("Deterrence", "Monitoring")
    assert [b.nation_name for b in result.blockers] == ["C"]


def test_capability_defaults_from_role_until_set() -> None:
    assert analysis.effective_capability(rec.Nation("France", "FRA", role="lead")) == 100
    assert analysis.effective_capability(rec.Nation("Latvia", "LVA", role="participant")) == 50
    assert analysis.effective_capability(
        rec.Nation("Latvia", "LVA", role="participant", capability=0)) == 0


# --- on the demo -------------------------------------------------------------------------


def test_demo_core_objective_has_no_forecast_and_names_who_spoke(demo_db) -> None:
    result = analysis.forecast_issue(demo_db, uuid_of("issue", "objective"))
    assert not result.available
    assert result.no_forecast_reason == (
        "No forecast: no nation has taken a stance on this issue yet (2 statements without"
        " a stance: European Union, United Kingdom).")
    assert result.shares == () and result.leading == ()


def test_demo_us_backstop_forecast(demo_db) -> None:
    # Finland and the Netherlands (participants, 50) say Vital; the US (30) Not committed.
    # Weights 2500, 2500, 1500 -> median Vital; mean 5000x100/6500.
    result = analysis.forecast_issue(demo_db, uuid_of("issue", "backstop"))
    assert result.available and result.median_label == "Vital"
    assert result.mean == pytest.approx(100 * 5000 / 6500)
    assert [b.nation_name for b in result.far_salience_unknown] == ["United States"]


def test_a_set_capability_changes_the_demo_forecast(demo_db) -> None:
    usa = next(n for n in analysis._nations(demo_db).values() if n.code == "USA")
    Writer(demo_db).update(dataclasses.replace(usa, capability=100))
    # Weights now 2500, 2500 and 5000: exactly half at Not committed -> a tie.
    result = analysis.forecast_issue(demo_db, uuid_of("issue", "backstop"))
    assert (result.median_low, result.median_high) == (0.0, 100.0)


def test_what_moved_lists_each_change_with_the_quotes_before_and_after(demo_db) -> None:
    writer = Writer(demo_db)
    writer.create(rec.Position(
        uuid_of("nation", "POL"), uuid_of("issue", "contribution"), dt.date(2025, 5, 2),
        stance="Support without troops (logistics, intelligence)", quote="We will run the hub."))
    writer.create(rec.Position(  # same stance again: no move
        uuid_of("nation", "GRC"), uuid_of("issue", "contribution"), dt.date(2025, 5, 2),
        stance="Cannot send troops", quote="Still no troops."))
    moved = analysis.what_moved(demo_db, dt.date(2025, 4, 10), dt.date(2025, 5, 31))
    assert [(m.nation_name, m.before, m.after) for m in moved] == [
        ("Poland", "Cannot send troops", "Support without troops (logistics, intelligence)")]
    assert moved[0].before_quote.startswith("Poland has said it cannot send troops")
    assert moved[0].after_quote == "We will run the hub."
    assert moved[0].shift == pytest.approx(100 / 3)
    assert analysis.what_moved(demo_db, dt.date(2025, 5, 2), dt.date(2025, 5, 31)) == []


def test_what_moved_from_the_start_counts_every_stance_as_new(demo_db) -> None:
    moved = analysis.what_moved(demo_db, None, dt.date(2025, 3, 31))
    assert [(m.nation_name, m.issue_name, m.before) for m in moved] == [
        ("France", "Where the force deploys", None)]
    assert moved[0].shift is None


def test_heatmap_has_a_cell_per_stance_and_marks_stale_ones(demo_db) -> None:
    heat = analysis.stance_heatmap(demo_db, today=dt.date(2025, 6, 1), stale_days=60)
    assert len(heat.cells) == 9
    names = [name for _, name in heat.nations]
    issues = [name for _, name in heat.issues]
    france = heat.cells[(names.index("France"), issues.index("Where the force deploys"))]
    assert france.fraction == 1.0 and france.stale  # 2025-03-27 is over 60 days before
    usa = heat.cells[(names.index("United States"), issues.index("U.S. backstop"))]
    assert usa.fraction == 0.0 and not usa.stale
    assert (names.index("United Kingdom"), issues.index("Core objective")) not in heat.cells
