"""The contrast sentences (crampwise.words.contrasts): what a Contrast's numbers say, in
metric and US units, and the readable steps rate ratios are stated per."""

from __future__ import annotations

import math

import pytest
from test_analysis import planted

from crampwise.stats.analysis import analyze
from crampwise.stats.contrasts import Contrast
from crampwise.words import contrasts

HUMIDITY = Contrast(
    factor="humidity_pct",
    rho=-0.23,
    rho_clear=True,
    irr=0.98,
    ci_low=0.966,
    ci_high=1.003,
    sd=15.0,
    accounted=("temp_c", "water_l"),
)


@pytest.fixture(scope="module")
def water() -> Contrast:
    found = {c.factor: c for c in analyze(*planted()).contrasts}
    return found["water_l"]


def test_an_unclear_adjusted_link_reads_as_unclear_with_its_interval() -> None:
    # Per 10 points of humidity: 0.966**10 = 0.707 (29% fewer), 1.003**10 = 1.030 (3% more).
    assert contrasts.sentence(HUMIDITY) == (
        "Humidity on its own goes with fewer episodes (a weak link), but after accounting for heat "
        "and water the link is unclear (for each extra 10 points of humidity, the data allow "
        "anywhere from 29% fewer to 3% more episodes)."
    )


def test_an_interval_that_excludes_no_change_but_is_no_finding_says_why() -> None:
    import dataclasses

    c = dataclasses.replace(HUMIDITY, ci_high=0.99, adjusted_clear=False)
    assert contrasts.sentence(c).endswith(
        "episodes, which is not clear enough once every comparison is checked for chance together)."
    )


def test_a_clear_adjusted_link_gives_the_change_per_step() -> None:
    c = Contrast(
        factor="exercise_min",
        rho=0.11,
        rho_clear=False,
        irr=1.013,
        ci_low=1.0013,
        ci_high=1.0248,
        sd=40.0,
        accounted=("exercise_rpe", "water_l"),
    )
    change = (1.013**30 - 1) * 100
    assert contrasts.sentence(c) == (
        "Exercise has no clear link with episodes on its own, but after accounting for "
        f"exercise effort and water, each extra 30 minutes of exercise goes with about "
        f"{change:.0f}% more episodes (anywhere from {(1.0013**30 - 1) * 100:.0f}% more to "
        f"{1.0248**30:.1f} times as many)."
    )
    # Only distance units change with the system: exercise minutes read the same in US units.
    assert contrasts.sentence(c, "us") == contrasts.sentence(c)


def test_custom_factors_get_a_round_step_and_without_companions_the_other_factors() -> None:
    c = Contrast(factor="caffeine_mg", rho=0.3, rho_clear=True, irr=0.99, ci_low=0.98, ci_high=0.995, sd=40.0)
    text = contrasts.sentence(c)
    assert text.startswith(
        "Caffeine on its own goes with more episodes (a moderate link), but after "
        "accounting for the other factors, each extra 50 mg of caffeine goes "
        "with about "
    )
    assert f"{(1 - 0.99**50) * 100:.0f}% fewer episodes" in text
    assert contrasts.accounted_for(c) == "the other factors"
    assert contrasts.accounted_for(HUMIDITY) == "heat and water"


def test_us_units_change_the_step_never_the_statistics() -> None:
    c = Contrast(
        factor="temp_c",
        rho=0.05,
        rho_clear=False,
        irr=1.12,
        ci_low=1.05,
        ci_high=1.2,
        sd=6.0,
        accounted=("water_l",),
    )
    metric, us = contrasts.sentence(c), contrasts.sentence(c, "us")
    assert "each extra 5 °C goes with about" in metric
    assert "each extra 9 °F goes with about" in us  # 9 °F is 5 °C: the same change
    assert metric.replace("5 °C", "9 °F") == us
    # Without a finite spread the metric step is kept in every system.
    blind = Contrast(factor="water_l", rho=0.2, rho_clear=True, irr=0.5, ci_low=0.3, ci_high=0.8)
    assert math.isnan(blind.sd)
    assert contrasts.sentence(blind, "us") == contrasts.sentence(blind)
    assert "each extra litre" in contrasts.sentence(blind)


def test_contrast_words_follow_the_unit_system(water: Contrast) -> None:
    metric = contrasts.sentence(water)
    assert metric == contrasts.sentence(water, "metric")
    assert "fewer episodes" in metric and "each extra litre" in metric
    for jargon in ("rho", "95% CI", "q =", "spasms"):
        assert jargon not in metric
    assert "heat" in metric and "exercise" in metric
    us = contrasts.sentence(water, "us")
    assert "each extra 32 fl oz" in us and "litre" not in us
    # The per-step change is the per-litre ratio raised to 32 fl oz in litres.
    step = 32 * 0.0295735295625
    change = (1 - water.irr**step) * 100
    assert f"about {change:.0f}% fewer episodes" in us
    assert us.split(", but")[0] == metric.split(", but")[0]


def test_steps_in_us_units_are_round_in_fluid_ounces_and_fahrenheit() -> None:
    assert contrasts.step_shown("water_l", 0.5, "us") == pytest.approx((0.946353, 32.0))
    assert contrasts.step_shown("temp_c", 6.0, "us") == pytest.approx((5.0, 9.0))
    assert contrasts.step_shown("temp_c", 6.0) == (5.0, 5.0)
    canonical, shown = contrasts.step_shown("heat_index_c", 3.0, "us")  # sd 5.4 °F -> 5 °F
    assert shown == 5.0 and canonical == pytest.approx(5 * 5 / 9)
    assert contrasts.step_for("exercise_min", 40.0, "us") == 30.0


def test_nice_step_and_display_quantity() -> None:
    assert [contrasts.nice_step(sd) for sd in (0.4, 1.4, 3.0, 40.0, 700.0)] == [0.5, 1.0, 2.0, 50.0, 500.0]
    assert contrasts.nice_step(math.nan) == contrasts.nice_step(0.0) == 1.0
    assert contrasts.display_quantity("stress", "us") is None
    heat = contrasts.display_quantity("heat_index_c", "us")
    assert heat is not None and heat.symbol == "°F"
