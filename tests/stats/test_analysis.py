"""The statistics (crampwise.stats): they recover a planted effect, agree with
scipy/statsmodels, and stay honest. Their words are tested in test_contrast_words.py and
test_summary.py.

Every reference value is computed here, independently, with scipy or
statsmodels (or read from the NWS heat index table), never by calling the
module's own helpers.
"""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
from datetime import UTC, date, time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.rates import confint_poisson_2indep

from crampwise import schema
from crampwise.errors import AnalysisInputError, CrampwiseError
from crampwise.io.sample import generate, load_sample
from crampwise.stats.analysis import Analysis, analyze
from crampwise.stats.contrasts import Contrast
from crampwise.stats.daily import DERIVED, daily_table, heat_index_c, parse_day_starts, table_factors
from crampwise.stats.episodes import episode_patterns
from crampwise.stats.factors import FACTOR_COLUMNS, factor_table
from crampwise.stats.model import fit_model
from crampwise.stats.thresholds import DAY_STARTS, MIN_DAYS, MIN_EPISODES, MIN_PAIRS

ROOT = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- helpers


def days(start: str, n: int, **columns) -> pd.DataFrame:
    """A canonical daily frame of ``n`` consecutive dates."""
    return pd.DataFrame({"date": pd.date_range(start, periods=n).astype("datetime64[us]"), **columns})


def eps(*rows) -> pd.DataFrame:
    """Episodes in canonical dtypes from (start, muscle[, severity[, duration_min]]) tuples."""
    return pd.DataFrame(
        {
            "start": pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]"),
            "muscle": pd.Categorical([r[1] for r in rows], categories=list(schema.MUSCLES)),
            "severity": [float(r[2]) if len(r) > 2 else 5.0 for r in rows],
            "duration_min": [float(r[3]) if len(r) > 3 else 1.0 for r in rows],
        }
    )


def episodes_from_counts(
    dates: pd.Series, counts: np.ndarray, rng: np.random.Generator, muscle: str = "calf"
) -> pd.DataFrame:
    """One episode row per count, at a random minute of its day.

    A day runs from DAY_STARTS (06:00) to 06:00 the next morning, so the minute is
    drawn from that span: an episode at 02:00 belongs to the day before.
    """
    starts = np.repeat(np.asarray(dates, dtype="datetime64[us]"), counts)
    minutes = (rng.integers(0, 1440, len(starts)) + 60 * DAY_STARTS.hour).astype("timedelta64[m]")
    return pd.DataFrame(
        {
            "start": pd.Series(starts + minutes).astype("datetime64[us]"),
            "muscle": pd.Categorical([muscle] * len(starts), categories=list(schema.MUSCLES)),
            "severity": rng.integers(2, 9, len(starts)).astype(float),
            "duration_min": np.round(rng.uniform(0.5, 5, len(starts)), 1),
        }
    )


def planted(seed: int = 6, n: int = 180, overdispersed: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Six months where water rises with heat and exercise but itself protects.

    log(rate) = -0.9 + 0.12 (temp - 20) - 0.9 (water - 2) + 0.015 exercise_min.
    Because water climbs by 0.07 l per °C and 0.012 l per exercise minute, the
    one-at-a-time view sees water go with *more* spasms; only the model that
    holds heat and exercise fixed can see it protect. ``noise_score`` is pure
    noise. ``overdispersed`` multiplies each day's rate by gamma noise.
    """
    rng = np.random.default_rng(seed)
    frame = days("2024-04-01", n)
    t = np.arange(n)
    temp = np.round(20 + 7 * np.sin(2 * np.pi * t / 365) + rng.normal(0, 4, n), 1)
    exercise = np.where(rng.random(n) < 0.55, np.round(rng.uniform(20, 120, n)), 0.0)
    water = np.round(1.2 + 0.07 * (temp - 20) + 0.012 * exercise + rng.normal(0, 0.3, n), 2)
    noise = np.round(rng.normal(50, 10, n), 1)
    rate = np.exp(-0.9 + 0.12 * (temp - 20) - 0.9 * (water - 2) + 0.015 * exercise)
    if overdispersed:
        rate = rate * rng.gamma(0.8, 1 / 0.8, n)
    counts = rng.poisson(rate)
    frame = frame.assign(water_l=water, exercise_min=exercise, temp_c=temp, noise_score=noise)
    return frame, episodes_from_counts(frame["date"], counts, rng)


@pytest.fixture(scope="module")
def planted_analysis() -> Analysis:
    return analyze(*planted())


@pytest.fixture(scope="module")
def sample_analysis() -> Analysis:
    return analyze(*generate())


# --------------------------------------------------------------------------- heat index


@pytest.mark.parametrize(
    ("temp_f", "rh", "table_f"),
    [
        (80, 40, 80),
        (90, 60, 100),
        (100, 50, 118),
        (90, 40, 91),
        (100, 40, 109),
        (86, 90, 105),
        (90, 80, 113),
    ],
)
def test_heat_index_matches_the_nws_table(temp_f: float, rh: float, table_f: float) -> None:
    temp_c = pd.Series([(temp_f - 32) * 5 / 9])
    got_f = heat_index_c(temp_c, pd.Series([float(rh)])).iloc[0] * 9 / 5 + 32
    assert got_f == pytest.approx(table_f, abs=1.0)  # the NWS table is rounded to whole °F


def test_heat_index_below_80f_uses_steadman_and_propagates_nan() -> None:
    temp_f = np.array([70.0, 60.0])
    rh = np.array([50.0, 30.0])
    steadman_f = 0.5 * (temp_f + 61 + (temp_f - 68) * 1.2 + rh * 0.094)
    got = heat_index_c(pd.Series((temp_f - 32) * 5 / 9, index=[5, 9]), pd.Series(rh, index=[5, 9]))
    assert list(got.index) == [5, 9]
    assert got.to_numpy() == pytest.approx((steadman_f - 32) * 5 / 9)
    with_nan = heat_index_c(pd.Series([30.0, np.nan, 30.0]), pd.Series([50.0, 50.0, np.nan]))
    assert not np.isnan(with_nan.iloc[0]) and with_nan.iloc[1:].isna().all()


def test_heat_index_low_humidity_adjustment_lowers_the_value() -> None:
    # At 100 °F and 10 % the NWS subtracts its dry-air adjustment: the day feels cooler than 100 °F.
    got_f = heat_index_c(pd.Series([(100 - 32) * 5 / 9]), pd.Series([10.0])).iloc[0] * 9 / 5 + 32
    assert 90 < got_f < 100


# --------------------------------------------------------------------------- the join


def test_derived_factors_on_a_tiny_frame() -> None:
    daily = days(
        "2025-07-01",
        5,
        exercise_min=[0.0, 60.0, 30.0, 45.0, np.nan],
        exercise_rpe=[np.nan, 5.0, 4.0, 6.0, 3.0],
        warmup=pd.array([None, False, True, None, True], dtype="boolean"),
        temp_c=[35.0, 35.0, 15.0, np.nan, 30.0],
        humidity_pct=[50.0, 50.0, 50.0, 50.0, 40.0],
    )
    table, _ = daily_table(daily, eps())
    assert list(table["warmup"].isna()) == [True, False, False, True, False]
    assert list(table["warmup"].dropna()) == [0.0, 1.0, 1.0]
    # A rest day's blank effort is 0 ("0 = rest"); load is minutes x effort.
    assert table["exercise_rpe"].iloc[0] == 0.0
    assert table["exercise_load"].tolist()[:4] == [0.0, 300.0, 120.0, 270.0]
    assert np.isnan(table["exercise_load"].iloc[4])
    # Hot exercise: minutes when the heat index is >= 27 °C (35 °C & 50 % is ~41 °C, 15 °C is not).
    hot = table["hot_exercise_min"]
    assert hot.iloc[0] == 0.0 and hot.iloc[1] == 60.0 and hot.iloc[2] == 0.0
    assert np.isnan(hot.iloc[3])  # exercised, heat unknown
    assert np.isnan(hot.iloc[4])  # minutes unknown on a hot day
    nw = table["no_warmup"]
    assert nw.iloc[1] == 1.0 and nw.iloc[2] == 0.0
    assert nw.iloc[[0, 3, 4]].isna().all()  # no exercise / unknown warm-up / unknown minutes
    assert set(DERIVED) <= set(table.columns)


def test_daily_table_joins_counts_severity_and_minutes_and_warns_outside() -> None:
    daily = days("2025-03-01", 4, water_l=[1.0, 2.0, 3.0, 2.5], caffeine_mg=[0, 80, 160, 80])
    daily = daily.iloc[[2, 0, 3, 1]]  # unsorted in, sorted out
    episodes = eps(
        ("2025-03-01 02:00", "calf", 6, 2.0),
        ("2025-03-01 23:59", "foot", 8, 1.5),
        ("2025-03-03 10:00", "calf", 3, 0.5),
        ("2025-02-28 23:00", "calf"),
        ("2025-03-07 01:00", "calf"),
        ("2025-03-09 01:00", "calf"),
    )
    table, notes = daily_table(daily, episodes)
    assert list(table.columns[:4]) == ["date", "episodes", "max_severity", "total_minutes"]
    assert table["date"].is_monotonic_increasing and table.index.tolist() == [0, 1, 2, 3]
    # A day starts at 06:00: 1 March 02:00 belongs to 28 February, outside the window,
    # like the 01:00 episodes of 7 and 9 March (6 and 8 March, not logged either).
    assert table["episodes"].tolist() == [1, 0, 1, 0]
    assert table["max_severity"].tolist()[0] == 8.0 and np.isnan(table["max_severity"].iloc[1])
    assert table["total_minutes"].tolist() == [1.5, 0.0, 0.5, 0.0]
    assert {"water_l", "caffeine_mg"} <= set(table.columns)
    assert "4 episodes fall outside the logged days and are not in the statistics." in notes
    # With calendar days (00:00) the 02:00 episode stays on 1 March.
    table, notes = daily_table(daily, episodes, day_starts=time(0, 0))
    assert table["episodes"].tolist() == [2, 0, 1, 0]
    assert table["max_severity"].tolist()[0] == 8.0 and np.isnan(table["max_severity"].iloc[1])
    assert table["total_minutes"].tolist() == [3.5, 0.0, 0.5, 0.0]
    assert "3 episodes fall outside the logged days and are not in the statistics." in notes


def test_daily_table_uses_the_daily_episodes_column_without_an_episode_log() -> None:
    daily = days("2025-03-01", 3, episodes=pd.array([1, 0, 2], dtype="Int64"), stress=[3, 5, 7])
    table, _ = daily_table(daily, None)
    assert table["episodes"].tolist() == [1, 0, 2]
    assert "stress" in table.columns and "episodes" not in table_factors(table)


@pytest.mark.parametrize(
    "bad",
    [
        pd.DataFrame({"day_of_year": [1, 2], "water_l": [1.0, 2.0]}),
        pd.DataFrame({"date": pd.to_datetime(["2025-03-01", "2025-03-01"]), "water_l": [1.0, 2.0]}),
    ],
)
def test_unusable_daily_tables_raise_a_specific_error(bad: pd.DataFrame) -> None:
    with pytest.raises(AnalysisInputError) as info:
        daily_table(bad, eps())
    assert isinstance(info.value, CrampwiseError)
    with pytest.raises(AnalysisInputError):
        analyze(bad, eps())


def test_episodes_without_start_raise() -> None:
    with pytest.raises(AnalysisInputError):
        daily_table(days("2025-03-01", 3), pd.DataFrame({"muscle": ["calf"]}))


# --------------------------------------------------------------------------- one factor at a time


def test_rho_matches_scipy_and_p_q_ci_follow_the_dependence_rule(planted_analysis: Analysis) -> None:
    # rho is the plain Spearman rho; p and the CI belong to the detrended rank
    # correlation with the effective sample size (tests/stats/test_time_and_dependence.py
    # checks that rule against an independent computation); q is BH over every p.
    table, factors = planted_analysis.table, planted_analysis.factors
    assert set(FACTOR_COLUMNS) <= set(factors.columns)
    y = table["episodes"].to_numpy(dtype=float)
    for row in factors[factors["lag"] == 0].itertuples():
        x = table[row.factor].to_numpy(dtype=float)
        ok = ~np.isnan(x)
        expected = stats.spearmanr(x[ok], y[ok])
        assert row.n == ok.sum()
        assert row.rho == pytest.approx(expected.statistic)
        r, n_eff = row.rho_detrended, row.n_eff
        assert 4 <= n_eff <= row.n
        t = r * math.sqrt((n_eff - 2) / (1 - r**2))
        assert row.p == pytest.approx(2 * stats.t.sf(abs(t), n_eff - 2))
        se = math.sqrt((1 + r**2 / 2) / (n_eff - 3))
        z = stats.norm.ppf(0.975)
        assert row.ci_low == pytest.approx(math.tanh(math.atanh(r) - z * se))
        assert row.ci_high == pytest.approx(math.tanh(math.atanh(r) + z * se))
    # One family: the factor rows and the model's terms are corrected together (findings).
    terms = planted_analysis.model.terms
    family = stats.false_discovery_control(
        np.concatenate([factors["p"].to_numpy(), terms["p"].to_numpy()]), method="bh"
    )
    assert factors["q"].to_numpy() == pytest.approx(family[: len(factors)])
    assert terms["q"].to_numpy() == pytest.approx(family[len(factors) :])
    assert factors[["q", "factor"]].equals(
        factors[["q", "factor"]].sort_values(["q", "factor"], kind="stable")
    )
    assert factors.loc[factors["factor"] == "exercise_load", "derived"].all()
    assert not factors.loc[factors["factor"] == "water_l", "derived"].any()


def test_lag_one_uses_the_previous_calendar_date_and_n_counts_complete_pairs() -> None:
    rng = np.random.default_rng(3)
    dates = pd.date_range("2025-01-01", periods=40)
    dates = dates.delete([10, 11, 25])  # gaps: the day after a gap has no "day before"
    x = np.round(rng.normal(5, 2, len(dates)), 2)
    x[[3, 30]] = np.nan
    counts = rng.poisson(1.0, len(dates))
    daily = pd.DataFrame({"date": dates.astype("datetime64[us]"), "stress": x})
    table, _ = daily_table(daily, episodes_from_counts(daily["date"], counts, rng))
    by_date = dict(zip(daily["date"], x, strict=True))
    prev = np.array([by_date.get(d - pd.Timedelta(days=1), np.nan) for d in daily["date"]])
    ok = ~np.isnan(prev)
    row = factor_table(table).set_index(["factor", "lag"]).loc[("stress", 1)]
    # Not the first day, nor the 2 days after a gap, nor the 2 days after a blank value.
    assert row["n"] == ok.sum() == len(dates) - 1 - 2 - 2
    expected = stats.spearmanr(prev[ok], counts[ok])
    assert row["rho"] == pytest.approx(expected.statistic)  # p is the dependence-aware one
    assert 4 <= row["n_eff"] <= row["n"] and 0 <= row["p"] <= 1
    # Previous *row* pairing would differ: the gap days must not borrow the row before.
    naive = np.r_[np.nan, x[:-1]]
    naive_ok = ~np.isnan(naive)
    assert naive_ok.sum() != row["n"]


def test_rate_ratio_matches_statsmodels(planted_analysis: Analysis) -> None:
    table = planted_analysis.table
    row = planted_analysis.factors.set_index(["factor", "lag"]).loc[("temp_c", 0)]
    x, y = table["temp_c"].to_numpy(), table["episodes"].to_numpy()
    low_cut, high_cut = np.quantile(x, [1 / 3, 2 / 3])
    low, high = x <= low_cut, x >= high_cut
    d = row["n"] / row["n_eff"]  # days are not independent: counts and days shrink by the design effect
    expected = confint_poisson_2indep(
        y[high].sum() / d, high.sum() / d, y[low].sum() / d, low.sum() / d, method="score", compare="ratio"
    )
    assert row["low_cut"] == pytest.approx(low_cut) and row["high_cut"] == pytest.approx(high_cut)
    assert row["rate_low"] == pytest.approx(y[low].sum() / low.sum())
    assert row["rate_high"] == pytest.approx(y[high].sum() / high.sum())
    assert row["rate_ratio"] == pytest.approx(row["rate_high"] / row["rate_low"])
    assert (row["rr_ci_low"], row["rr_ci_high"]) == pytest.approx(tuple(map(float, expected)))


def test_binary_factor_compares_one_with_zero(sample_analysis: Analysis) -> None:
    table = sample_analysis.table
    row = sample_analysis.factors.set_index(["factor", "lag"]).loc[("no_warmup", 0)]
    x, y = table["no_warmup"].to_numpy(), table["episodes"].to_numpy(dtype=float)
    one, zero = x == 1, x == 0
    d = row["n"] / row["n_eff"]  # days are not independent: counts and days shrink by the design effect
    expected = confint_poisson_2indep(
        y[one].sum() / d, one.sum() / d, y[zero].sum() / d, zero.sum() / d, method="score", compare="ratio"
    )
    assert (row["low_cut"], row["high_cut"]) == (0.0, 1.0)
    assert row["n"] == one.sum() + zero.sum()
    assert row["rate_ratio"] == pytest.approx((y[one].sum() / one.sum()) / (y[zero].sum() / zero.sum()))
    assert (row["rr_ci_low"], row["rr_ci_high"]) == pytest.approx(tuple(map(float, expected)))


def test_sparse_factors_are_omitted_and_warned_about_without_values() -> None:
    daily, episodes = planted(n=60)
    caffeine = np.full(len(daily), np.nan)
    caffeine[: MIN_PAIRS - 2] = 777.0
    caffeine[0] = 778.0
    daily["caffeine_mg"] = caffeine
    daily["constant"] = 4.25
    result = analyze(daily, episodes)
    assert result.enough_data
    assert "caffeine_mg" not in set(result.factors["factor"])
    assert "constant" not in set(result.factors["factor"])
    text = " ".join(result.warnings)
    assert "caffeine_mg" in text and "constant" in text and str(MIN_PAIRS) in text
    assert "777" not in text and "778" not in text and "4.25" not in text


# --------------------------------------------------------------------------- the model


def test_model_recovers_the_planted_directions(planted_analysis: Analysis) -> None:
    model = planted_analysis.model
    assert model is not None and model.method == "poisson"
    terms = model.terms.set_index("factor")
    assert set(terms.index) == {"water_l", "exercise_min", "temp_c", "noise_score"}
    assert terms.loc["temp_c", "irr"] > 1 and terms.loc["temp_c", "ci_low"] > 1
    assert terms.loc["exercise_min", "irr"] > 1 and terms.loc["exercise_min", "ci_low"] > 1
    assert terms.loc["water_l", "irr"] < 1 and terms.loc["water_l", "ci_high"] < 1
    # The planted value (exp(-0.9) = 0.41 per litre) lies inside the interval.
    assert terms.loc["water_l", "ci_low"] < math.exp(-0.9) < terms.loc["water_l", "ci_high"]
    assert terms.loc["noise_score", "ci_low"] < 1 < terms.loc["noise_score", "ci_high"]
    assert model.covariance.startswith("HAC (Newey-West")
    assert 0 <= model.dispersion_p <= 1 and model.serial_p is not None
    assert model.n == planted_analysis.days


def test_noise_factor_is_not_flagged(planted_analysis: Analysis) -> None:
    noise = planted_analysis.factors[planted_analysis.factors["factor"] == "noise_score"]
    assert len(noise) == 2 and (noise["q"] > 0.05).all()


def test_contrast_for_water_confounded_by_heat_and_exercise(planted_analysis: Analysis) -> None:
    water = planted_analysis.factors.set_index(["factor", "lag"]).loc[("water_l", 0)]
    assert water["rho"] > 0  # one at a time, water goes with more spasms
    contrasts = {c.factor: c for c in planted_analysis.contrasts}
    assert "water_l" in contrasts and "noise_score" not in contrasts
    c = contrasts["water_l"]
    # "Clear on its own" is the family-wide decision (crampwise.stats.findings): q < 0.05.
    assert c.rho == pytest.approx(water["rho"]) and c.rho_clear == bool(water["q"] < 0.05)
    assert c.adjusted_clear == bool(
        planted_analysis.model.terms.set_index("factor").loc["water_l", "finding"]
    )
    terms = planted_analysis.model.terms.set_index("factor")
    assert (c.irr, c.ci_low, c.ci_high, c.sd) == pytest.approx(
        tuple(terms.loc["water_l", ["irr", "ci_low", "ci_high", "sd"]])
    )
    assert c.ci_high < 1  # once heat and exercise are held fixed, water goes with fewer spasms
    assert set(c.accounted) == {"temp_c", "exercise_min"}  # the factors water moves with


def test_contrasts_hold_numbers_and_factor_names_only(planted_analysis: Analysis) -> None:
    """No sentence in the statistics: a contrast's text fields are column names."""
    assert {f.name for f in dataclasses.fields(Contrast)} == {
        "factor",
        "rho",
        "rho_clear",
        "irr",
        "ci_low",
        "ci_high",
        "sd",
        "accounted",
        "adjusted_clear",
    }
    assert not hasattr(Analysis, "to_json")
    assert "caveat" not in {f.name for f in dataclasses.fields(Analysis)}
    factors = set(planted_analysis.model.terms["factor"])
    for c in planted_analysis.contrasts:
        assert c.factor in factors and set(c.accounted) <= factors - {c.factor}


def test_the_statistics_never_load_the_words() -> None:
    script = (
        "import sys, crampwise.stats.analysis\n"
        "print(sorted(m for m in sys.modules if m.startswith('crampwise.words')))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": "src"},
        timeout=120,
        check=True,
    )
    assert proc.stdout.strip() == "[]"


def test_overdispersed_counts_choose_negative_binomial() -> None:
    table, _ = daily_table(*planted(seed=11, overdispersed=True))
    model = fit_model(table)
    assert model is not None and model.method == "negative binomial"
    assert model.dispersion > 1.5 and model.dispersion_p < 0.05 and model.alpha > 0
    terms = model.terms.set_index("factor")
    assert terms.loc["temp_c", "irr"] > 1 and terms.loc["water_l", "irr"] < 1


def test_fit_model_needs_ten_days_per_factor() -> None:
    daily, episodes = planted(n=80)
    for i in range(6):  # 10 factors need 100 complete days; 80 are not enough
        daily[f"extra_{i}"] = np.random.default_rng(i).normal(size=len(daily))
    table, _ = daily_table(daily, episodes)
    assert fit_model(table) is None
    assert fit_model(table.drop(columns=[f"extra_{i}" for i in range(6)])) is not None


# --------------------------------------------------------------------------- analyze


def test_short_data_says_what_is_missing() -> None:
    daily = days("2025-05-01", 10, water_l=np.linspace(1, 3, 10))
    result = analyze(daily, eps(("2025-05-02 03:00", "calf"), ("2025-05-04 03:00", "foot")))
    assert not result.enough_data
    assert result.missing == [f"log {MIN_DAYS - 10} more days", f"log {MIN_EPISODES - 2} more episodes"]
    assert result.model is None and result.contrasts == []
    assert result.factors.empty and set(FACTOR_COLUMNS) <= set(result.factors.columns)
    assert (result.days, result.episodes) == (10, 2)
    assert (result.first, result.last) == (date(2025, 5, 1), date(2025, 5, 10))


def test_date_and_muscle_filters() -> None:
    daily = days("2025-03-01", 10, stress=np.arange(10.0))
    episodes = eps(
        ("2025-03-01 01:00", "calf"),
        ("2025-03-03 01:00", "calf"),
        ("2025-03-03 09:00", "eyelid"),
        ("2025-03-05 01:00", "foot"),
        ("2025-03-09 23:00", "calf"),
    )
    result = analyze(daily, episodes, start=date(2025, 3, 3), end=date(2025, 3, 9), muscles=["calf", "foot"])
    assert (result.first, result.last, result.days) == (date(2025, 3, 3), date(2025, 3, 9), 7)
    # The dates apply to the day an episode belongs to: 3 March 01:00 belongs to 2 March
    # (before 06:00), so it is outside a window that starts on 3 March.
    assert result.table["episodes"].tolist() == [0, 1, 0, 0, 0, 0, 1]
    assert result.episodes == 2
    assert not any("outside" in w for w in result.warnings)  # out-of-range episodes are filtered
    calendar = analyze(
        daily,
        episodes,
        start=date(2025, 3, 3),
        end=date(2025, 3, 9),
        muscles=["calf", "foot"],
        day_starts=time(0, 0),
    )
    assert calendar.table["episodes"].tolist() == [1, 0, 1, 0, 0, 0, 1]
    assert calendar.episodes == 3
    # Empty selection = all muscles; 1 March 01:00 belongs to 28 February, not logged.
    assert analyze(daily, episodes, muscles=[]).episodes == 4
    assert analyze(daily, episodes, muscles=[], day_starts=time(0, 0)).episodes == 5
    with pytest.raises(AnalysisInputError):
        analyze(days("2025-03-01", 3, episodes=[1, 0, 2]), None, muscles=["calf"])


def test_sample_data_end_to_end(sample_analysis: Analysis) -> None:
    result = sample_analysis
    assert result.enough_data and result.model is not None and not result.missing
    assert result.days == 179
    assert len(result.model.terms) >= 8
    terms = result.model.terms.set_index("factor")
    assert terms.loc["warmup", "irr"] < 1  # the sample plants a no-warm-up effect
    assert {"heat_index_c", "exercise_load", "hot_exercise_min", "no_warmup"} <= set(result.factors["factor"])
    # The shipped files, read through the importer, give the same window and model.
    daily, episodes = load_sample()
    imported = analyze(daily.data, episodes.data)
    assert (imported.days, imported.episodes) == (result.days, result.episodes)
    assert imported.model is not None and imported.model.method == result.model.method


# --------------------------------------------------------------------------- episode patterns


def test_episode_patterns_tallies() -> None:
    episodes = eps(
        ("2025-03-01 02:10", "calf", 6, 2.0),
        ("2025-03-01 23:00", "calf", 8, 1.0),
        ("2025-03-02 12:00", "foot", 4, 3.0),
        ("2025-05-20 06:59", "calf", 5, 4.0),
    )
    episodes["side"] = pd.Categorical(["left", "left", None, "right"], categories=list(schema.SIDES))
    episodes["relief"] = ["stretch;massage", "stretch", None, "water;stretch"]
    out = episode_patterns(episodes)
    hour = out["hour"].set_index("hour")["episodes"]
    assert len(hour) == 24 and hour[2] == 1 and hour[23] == 1 and hour[6] == 1 and hour.sum() == 4
    night = out["night"].set_index("night")
    assert night.loc[True, "episodes"] == 3 and night.loc[True, "share"] == pytest.approx(0.75)
    muscle = out["muscle"]
    assert muscle.iloc[0].tolist() == ["calf", "left", 2]
    assert ("foot", "unspecified") in set(zip(muscle["muscle"], muscle["side"], strict=True))
    relief = out["relief"].set_index("relief")
    assert relief.loc["stretch", "times_used"] == 3 and relief.loc["stretch", "share"] == 0.75
    monthly = out["monthly"]
    assert monthly["episodes"].tolist() == [3, 0, 1]  # April listed with 0
    assert monthly["median_severity"].iloc[0] == 6.0
    assert monthly["median_duration_min"].iloc[0] == 2.0
    for frame in episode_patterns(eps()).values():
        assert frame.empty


def test_total_minutes_is_missing_when_no_episode_that_day_has_a_duration():
    daily = pd.DataFrame(
        {"date": pd.to_datetime(["2025-03-01", "2025-03-02", "2025-03-03"]), "water_l": [1.0, 2.0, 1.5]}
    )
    episodes = pd.DataFrame(
        {
            "start": pd.to_datetime(["2025-03-01 22:00", "2025-03-02 03:00", "2025-03-02 23:00"]),
            "muscle": ["calf", "calf", "foot"],
            "duration_min": [np.nan, 2.0, np.nan],
        }
    )
    table, _ = daily_table(daily, episodes)
    # 2 March 03:00 belongs to 1 March (a day starts at 06:00).
    assert table["episodes"].tolist() == [2, 1, 0]
    assert table["total_minutes"].iloc[0] == 2.0  # one of its two episodes has a duration
    assert np.isnan(table["total_minutes"].iloc[1])  # an episode, but no duration logged
    assert table["total_minutes"].iloc[2] == 0.0


# --------------------------------------------------------------------------- the day boundary


def night_log() -> tuple[pd.DataFrame, pd.DataFrame]:
    daily = days("2025-05-20", 30, water_l=np.linspace(1, 3, 30))
    return daily, eps(("2025-06-02 02:00", "calf"))


@pytest.mark.parametrize(
    ("at", "day_starts", "day"),
    [
        ("2025-06-02 02:00", DAY_STARTS, date(2025, 6, 1)),  # night cramp: the evening before
        ("2025-06-02 05:59", DAY_STARTS, date(2025, 6, 1)),
        ("2025-06-02 06:00", DAY_STARTS, date(2025, 6, 2)),  # the boundary starts the new day
        ("2025-06-02 02:00", time(0, 0), date(2025, 6, 2)),  # calendar days
        ("2025-06-02 02:00", time(3, 30), date(2025, 6, 1)),
        ("2025-06-02 04:00", time(3, 30), date(2025, 6, 2)),
    ],
)
def test_a_night_cramp_counts_with_the_day_before(at: str, day_starts: time, day: date) -> None:
    daily, _ = night_log()
    timed = eps((at, "calf"))
    table, _ = daily_table(daily, timed, day_starts=day_starts)
    counted = table.loc[table["episodes"] > 0, "date"].dt.date.tolist()
    assert counted == [day]
    result = analyze(daily, timed, day_starts=day_starts)
    assert result.day_starts == day_starts
    assert result.table.loc[result.table["episodes"] > 0, "date"].dt.date.tolist() == [day]


def test_the_default_day_starts_at_six() -> None:
    assert DAY_STARTS == time(6, 0)
    daily, night = night_log()
    assert analyze(daily, night).table.set_index("date")["episodes"].loc["2025-06-01"] == 1


def test_the_date_filter_uses_the_day_an_episode_belongs_to() -> None:
    daily, night = night_log()
    # The window starts on 2 June: the 02:00 cramp of 2 June belongs to 1 June, so it is out.
    assert analyze(daily, night, start=date(2025, 6, 2)).episodes == 0
    assert analyze(daily, night, end=date(2025, 6, 1)).episodes == 1
    assert analyze(daily, night, start=date(2025, 6, 2), day_starts=time(0, 0)).episodes == 1


def test_a_log_without_times_keeps_calendar_days_and_says_so() -> None:
    daily, _ = night_log()
    dated = eps(("2025-06-02", "calf"), ("2025-06-03", "foot"))
    result = analyze(daily, dated)
    assert result.day_starts == time(0, 0)
    assert result.table.loc[result.table["episodes"] > 0, "date"].dt.date.tolist() == [
        date(2025, 6, 2),
        date(2025, 6, 3),
    ]
    assert any("No episode has a time of day" in w for w in result.warnings)
    # One timed episode: the boundary applies to every episode, 00:00 ones included.
    mixed = eps(("2025-06-02 00:00", "calf"), ("2025-06-03 14:00", "foot"))
    result = analyze(daily, mixed)
    assert result.day_starts == DAY_STARTS
    assert result.table.loc[result.table["episodes"] > 0, "date"].dt.date.tolist() == [
        date(2025, 6, 1),
        date(2025, 6, 3),
    ]
    assert not any("time of day" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("06:00", "time of day"),
        (6, "time of day"),
        (time(13, 0), "12:00 at the latest"),
        (time(6, 0, 30), "whole minute"),
        (time(6, 0, tzinfo=UTC), "time zone"),
    ],
)
def test_a_bad_day_start_is_refused_with_a_message(bad: object, message: str) -> None:
    daily, night = night_log()
    with pytest.raises(AnalysisInputError, match=message):
        analyze(daily, night, day_starts=bad)  # type: ignore[arg-type]
    with pytest.raises(AnalysisInputError, match=message):
        daily_table(daily, night, day_starts=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"), [("06:00", time(6, 0)), ("5:30", time(5, 30)), (" 00:00 ", time(0, 0))]
)
def test_parse_day_starts_reads_hh_mm(text: str, expected: time) -> None:
    assert parse_day_starts(text) == expected


@pytest.mark.parametrize("text", ["25:00", "6am", "06:60", "6", "", "13:00", "06:00:00"])
def test_parse_day_starts_refuses_what_is_not_hh_mm(text: str) -> None:
    with pytest.raises(AnalysisInputError, match="HH:MM|12:00 at the latest"):
        parse_day_starts(text)


def test_rho_is_the_plain_spearman_rho_on_the_joined_table() -> None:
    """The one-at-a-time rho is scipy's Spearman rho of the joined table's columns."""
    result = analyze(*generate())
    assert result.day_starts == DAY_STARTS
    table = result.table.set_index("date")
    checked = 0
    for row in result.factors.itertuples(index=False):
        x = table[row.factor]
        if row.lag == 1:
            x = x.shift(1, freq="D").reindex(table.index)
        y = table["episodes"].astype("float64")
        ok = x.notna() & y.notna()
        expected = stats.spearmanr(x[ok], y[ok])
        assert row.n == int(ok.sum()), (row.factor, row.lag)
        assert row.rho == pytest.approx(expected.statistic), (row.factor, row.lag)
        checked += 1
    assert checked >= 10
