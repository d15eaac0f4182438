"""The simulated logs behind the calibration benchmark: shapes, seeds, and that the truth is in the data."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from paths import ROOT

from crampwise.io import sample
from crampwise.stats import analyze, simulate


def _counts(daily: pd.DataFrame, episodes: pd.DataFrame, day_starts: str) -> np.ndarray:
    """Episodes per logged date, counting a day from ``day_starts`` ("00:00": calendar dates)."""
    days = simulate.cramp_days(episodes, day_starts)
    return days.value_counts().reindex(daily["date"], fill_value=0).to_numpy(dtype="float64")


def _planted_fit(daily: pd.DataFrame, episodes: pd.DataFrame, day_starts: str) -> dict[str, float]:
    """Rate ratio per unit of each planted factor, from a Poisson GLM of the day counts."""
    x = pd.DataFrame(
        {
            "water_l": daily["water_l"],
            "temp_c": daily["temp_c"],
            "no_warmup": simulate.no_warmup(daily),
        }
    )
    fit = sm.GLM(_counts(daily, episodes, day_starts), sm.add_constant(x), family=sm.families.Poisson()).fit()
    return {f: float(np.exp(fit.params[f])) for f in x.columns}


@pytest.mark.parametrize("name", list(simulate.SCENARIOS))
def test_each_scenario_gives_canonical_frames_that_analyze_accepts(name: str) -> None:
    daily, episodes, truth = simulate.SCENARIOS[name](days=120, seed=3)
    ref_daily, ref_episodes = sample.generate(days=30)
    expected = ref_daily.drop(columns=sample.CUSTOM_FACTOR).dtypes
    assert list(daily.columns) == list(expected.index)
    assert list(daily.dtypes) == list(expected)
    assert list(episodes.dtypes) == list(ref_episodes.dtypes)
    assert list(episodes.columns) == list(sample.EPISODE_COLUMNS)
    assert len(daily) == 120 and daily["date"].is_monotonic_increasing
    assert episodes["start"].is_monotonic_increasing
    assert truth.scenario == name and len(truth.rate) == 120
    a = analyze(daily, episodes)
    assert a.enough_data and a.days == 120 and a.model is not None


@pytest.mark.parametrize("name", list(simulate.SCENARIOS))
def test_same_seed_same_log_other_seed_other_log(name: str) -> None:
    make = simulate.SCENARIOS[name]
    d1, e1, t1 = make(days=60, seed=7)
    d2, e2, t2 = make(days=60, seed=7)
    pd.testing.assert_frame_equal(d1, d2)
    pd.testing.assert_frame_equal(e1, e2)
    np.testing.assert_array_equal(t1.rate, t2.rate)
    d3, e3, _ = make(days=60, seed=8)
    assert not d1["temp_c"].equals(d3["temp_c"])
    assert not e1["start"].equals(e3["start"])


def test_planted_ratios_are_recovered_on_cramp_days_of_a_long_log() -> None:
    daily, episodes, truth = simulate.planted(days=6000, seed=1)
    assert truth.effects == dict(simulate.PLANTED)
    fitted = _planted_fit(daily, episodes, simulate.DAY_STARTS)
    for factor, true_rr in truth.effects.items():
        assert abs(np.log(fitted[factor]) - np.log(true_rr)) < 0.1, (factor, fitted[factor], true_rr)


def test_night_cramps_land_after_midnight_of_the_day_after_the_exposure() -> None:
    daily, episodes, _ = simulate.planted(days=2000, seed=2)
    hour = episodes["start"].dt.hour
    night = episodes[hour < 5]
    assert 0.5 < len(night) / len(episodes) < 0.7
    assert not ((hour >= 5) & (hour < 7)).any()
    exposure = night["start"].dt.normalize() - pd.Timedelta(days=1)
    # every night cramp follows a logged exposure day; none lands on the log's first date
    assert exposure.isin(daily["date"]).all()
    assert (night["start"].dt.normalize() > daily["date"].iloc[0]).all()
    assert simulate.cramp_days(night).equals(exposure)
    # counted per calendar date from midnight, the exposure is blurred: water's ratio moves towards 1
    calendar = _planted_fit(daily, episodes, "00:00")
    cramp_day = _planted_fit(daily, episodes, simulate.DAY_STARTS)
    assert abs(np.log(calendar["water_l"])) < abs(np.log(cramp_day["water_l"])) - 0.1


def test_expected_rate_is_what_the_cramp_days_count() -> None:
    for name, make in simulate.SCENARIOS.items():
        daily, episodes, truth = make(days=3000, seed=4)
        counts = _counts(daily, episodes, simulate.DAY_STARTS)
        assert counts.mean() == pytest.approx(truth.rate.mean(), rel=0.08), name


def test_null_like_scenarios_plant_nothing_and_trend_and_weekday_name_their_decoys() -> None:
    for name in ("null", "wandering", "trend", "weekday", "overdispersed"):
        assert simulate.SCENARIOS[name](days=30, seed=0)[2].effects == {}
    assert simulate.null(days=30)[2].rate.tolist() == [simulate.BASE_RATE] * 30
    assert "temp_c" in simulate.trend(days=30)[2].decoys
    assert simulate.weekday(days=30)[2].decoys == ("stress",)


def test_trend_rate_follows_the_date_not_the_weather() -> None:
    d1, _, t1 = simulate.trend(days=200, seed=1)
    d2, _, t2 = simulate.trend(days=200, seed=2)
    np.testing.assert_allclose(t1.rate, t2.rate)  # other weather, same rate
    assert not d1["temp_c"].equals(d2["temp_c"])
    assert t1.rate[-1] / t1.rate[0] == pytest.approx(0.8 / 0.3)
    assert np.all(np.diff(t1.rate) > 0)
    # the weather warms across the log, so heat travels with the trend
    assert np.corrcoef(np.arange(200), d1["temp_c"])[0, 1] > 0.8


def test_weekday_rhythm_is_in_cramps_and_in_stress_but_stress_does_nothing() -> None:
    daily, _, truth = simulate.weekday(days=364, seed=5)
    wd = pd.DatetimeIndex(daily["date"]).day_of_week.to_numpy()
    np.testing.assert_allclose(truth.rate, simulate.BASE_RATE * np.array(simulate.WEEKDAY_RHYTHM)[wd])
    stress = daily["stress"].groupby(wd).mean()
    assert stress.loc[[0, 1, 2]].min() > stress.loc[[5, 6]].max() + 1.5


def test_wandering_susceptibility_is_serially_dependent() -> None:
    _, _, truth = simulate.wandering(days=5000, seed=6)
    log_rate = np.log(truth.rate)
    assert np.corrcoef(log_rate[:-1], log_rate[1:])[0, 1] == pytest.approx(0.9, abs=0.03)
    assert log_rate.std() == pytest.approx(0.5, abs=0.07)


def test_overdispersed_counts_spread_more_than_poisson() -> None:
    daily, episodes, _ = simulate.overdispersed(days=4000, seed=7)
    counts = _counts(daily, episodes, simulate.DAY_STARTS)
    mean = counts.mean()
    assert counts.var() == pytest.approx(mean + mean**2, rel=0.15)  # gamma shape 1: mu + mu^2
    null_daily, null_eps, _ = simulate.null(days=4000, seed=7)
    null_counts = _counts(null_daily, null_eps, simulate.DAY_STARTS)
    assert null_counts.var() == pytest.approx(null_counts.mean(), rel=0.1)


def test_too_short_a_log_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        simulate.null(days=1)


def _benchmark(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``benchmarks/<script>`` from the repository, as ``make`` would."""
    return subprocess.run(
        [sys.executable, f"benchmarks/{script}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": "src"},
        timeout=180,
        check=True,
    )


def test_calibration_benchmark_prints_every_row() -> None:
    proc = _benchmark("calibration.py", "--logs", "2", "--days", "120", "--seed", "1")
    out = proc.stdout
    assert "2 simulated logs per scenario, 120 days each, seed 1" in out
    assert "What counts as told:" in out
    for name in simulate.SCENARIOS:
        assert any(
            line.startswith("logs with any finding") and f" {name} " in line for line in out.splitlines()
        )
    for row in (
        "trend-only logs blaming heat",
        "weekday-only logs blaming stress",
        "power: water_l 0.70 per litre found, right sign",
        "power: no_warmup 1.60 exercise without a warm-up found, right sign",
        "power: temp_c 1.30 per 5 °C found, right sign",
        "coverage: model 95% CI holds water_l 0.70 per litre",
        "coverage: model 95% CI holds temp_c 1.30 per 5 °C",
        "logs with a wrong-direction finding",
        "seconds per analysis",
    ):
        assert row in out, row
    assert "planted: 2/2 logs" in proc.stderr  # progress goes to stderr, not into the table
    assert "planted: 2/2 logs" not in out


def test_docs_describe_the_scenarios_as_simulated() -> None:
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    section = doc[doc.index("## 10. How often the claims are right (calibration)") :]
    for name in simulate.SCENARIOS:
        assert f"| `{name}` |" in section, name
    rr = simulate.PLANTED
    assert f"{rr['water_l']:g} times the cramps per litre of water" in section
    assert f"{rr['no_warmup']:g} times on days of exercise without a warm-up" in section
    assert f"{rr['temp_c'] ** 5:.1f} times per 5 °C" in section
    assert f"from {simulate.DAY_STARTS} that day to {simulate.DAY_STARTS} the next morning" in section
    assert f"About {simulate.NIGHT_SHARE:.0%} of cramps are night cramps" in section
    assert f"{simulate.WEEKDAY_RHYTHM[0]:g} times the average on Mondays" in section
    assert "make calibrate" in section and "benchmarks/calibration.py --logs" in section


def test_analysis_speed_benchmark_prints_its_figures() -> None:
    """The speed benchmark runs and prints one row per log length (a figure, not a timed test)."""
    proc = _benchmark("analysis_speed.py", "--years", "1", "2", "--repeat", "1", "--no-app")
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Analysis speed on ")
    rows = [line.split() for line in lines[2:]]
    assert [r[0] for r in rows] == ["1", "2"] and [r[1] for r in rows] == ["365", "730"]
    assert all(float(r[3]) > 0 for r in rows)
    assert proc.stderr == ""
