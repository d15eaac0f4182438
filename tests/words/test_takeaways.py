"""crampwise.words.takeaways: the one-line sentences under each Insights chart, on hand-made frames."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from crampwise.words import takeaways as t


def row(**values):
    base = {
        "factor": "temp_c",
        "lag": 0,
        "n": 179,
        "rho": 0.31,
        "p": 0.0001,
        "q": 0.002,
        "ci_low": 0.17,
        "ci_high": 0.44,
        "derived": False,
    }
    return {**base, **values}


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("factor", "label", "noun"),
    [
        ("temp_c", "Temperature (°C)", "temperature"),
        ("water_l", "Fluids (litres)", "fluids"),
        ("stress", "Stress (0-10)", "stress"),
        ("warmup", "Warmed up", "warming up"),
        ("heat_index_c", "Heat index (°C)", "the heat index"),
        ("no_warmup", "Exercise without a warm-up", "exercising without a warm-up"),
        ("caffeine_mg", "Caffeine (mg)", "caffeine"),
        ("alcohol", "Alcohol", "alcohol"),
        ("screen_time_h", "Screen time (hours)", "screen time"),
    ],
)
def test_labels_come_from_the_schema_the_derived_list_or_the_name(factor, label, noun):
    assert t.label(factor) == label
    assert t.noun(factor) == noun


def test_every_derived_factor_has_a_short_label_and_a_description():
    from crampwise.stats.daily import DERIVED

    for factor, description in DERIVED.items():
        assert len(t.label(factor)) <= 40, factor
        assert t.describe(factor) == description


def test_lag_label():
    assert t.lag_label("temp_c", 0) == "Temperature (°C)"
    assert t.lag_label("temp_c", 1) == "Temperature (°C), the day before"


@pytest.mark.parametrize(
    ("factor", "topic"),
    [
        ("temp_c", "heat"),
        ("humidity_pct", "heat"),
        ("water_l", "hydration"),
        ("exercise_load", "exercise"),
        ("no_warmup", "warmup"),
        ("sleep_h", "sleep"),
        ("caffeine_mg", "caffeine"),
        ("coffee_cups", "caffeine"),
        ("alcohol", None),
    ],
)
def test_each_factor_points_to_its_guide_topic(factor, topic):
    assert t.topic(factor) == topic


def test_every_topic_named_exists_in_the_guide():
    from crampwise import guide

    for factor in (
        "temp_c",
        "water_l",
        "exercise_min",
        "warmup",
        "stress",
        "sleep_h",
        "caffeine_mg",
        "heat_index_c",
        "no_warmup",
    ):
        assert guide.passage(t.topic(factor)).markdown


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0004, "< 0.001"),
        (0.002, "0.002"),
        (0.0427, "0.043"),
        (0.051, "0.051"),
        (0.1234, "0.12"),
        (0.62, "0.62"),
        (1.0, "1.00"),
        (math.nan, "not available"),
    ],
)
def test_p_values_are_rounded_for_reading(p, text):
    assert t.fmt_p(p) == text


# --------------------------------------------------------------------------- one factor


def test_a_clear_positive_link():
    assert t.factor_row(row()) == (
        "On hotter days you had more episodes: a moderate link, over 179 days. It counts as a finding."
    )
    # The figures go to the details, and the plain sentence has none of the jargon.
    assert t.factor_row_details(row()) == (
        "Temperature (°C): rho 0.31 (95% CI 0.17 to 0.44), q = 0.002, n = 179."
    )


def test_plain_factor_sentences_carry_no_statistical_jargon():
    rows = [
        row(),
        row(q=0.04, finding=False),
        row(factor="water_l", lag=1, rho=-0.2, q=0.5, finding=False),
        row(rho=math.nan, n=20),
    ]
    for r in rows:
        text = t.factor_row(r)
        for word in ("rho", "q =", "q <", "CI", "p =", "HAC", "Ljung", "dispersion"):
            assert word not in text, (word, text)


def test_the_strength_follows_the_trend_adjusted_rank_correlation():
    r = row(rho=0.35, rho_detrended=0.12, ci_low=0.02, ci_high=0.22)
    assert "a weak link" in t.factor_row(r)
    assert "after the time trend and the week 0.12" in t.factor_row_details(r)


def test_a_clear_negative_link_the_day_before():
    assert t.factor_row(
        row(factor="water_l", lag=1, rho=-0.264, ci_low=-0.401, ci_high=-0.12, q=0.0004, n=174)
    ) == (
        "The day after you drank more you had fewer episodes: a weak link, over 174 days. "
        "It counts as a finding."
    )


def test_no_clear_link_says_so_and_keeps_the_numbers():
    r = row(factor="caffeine_mg", lag=1, rho=-0.05, ci_low=-0.2, ci_high=0.1, q=0.62)
    assert t.factor_row(r) == (
        "No clear link between caffeine the day before and episodes on its own, over 179 days."
    )
    assert t.factor_row_details(r) == (
        "Caffeine (mg), the day before: rho -0.05 (95% CI -0.20 to 0.10), q = 0.62, n = 179."
    )


def test_a_custom_factor_reads_generically():
    assert t.factor_row(row(factor="alcohol", rho=0.4, q=0.01)).startswith(
        "On days with higher alcohol you had more episodes: a moderate link"
    )


def test_missing_rho_says_there_is_too_little_variation():
    assert t.factor_row(row(rho=math.nan, n=20)) == (
        "Temperature (°C): too little variation to compare (20 days)."
    )


def test_rates_for_a_number_compare_the_top_and_bottom_thirds():
    r = row(
        rate_low=0.3,
        rate_high=0.75,
        rate_ratio=2.5,
        rr_ci_low=1.456,
        rr_ci_high=4.29,
        low_cut=14.87,
        high_cut=25.7,
        days_low=60,
        days_high=60,
    )
    assert t.rates(r) == (
        "The 60 days with temperature at 25.7 °C or more averaged 0.75 episodes a day, against "
        "0.30 on the 60 days with temperature at 14.9 °C or less (2.5 times as many)."
    )
    assert t.rates_details(r) == (
        "Temperature (°C): rate ratio (high third against low third) 2.50, 95% CI 1.46 to 4.29; "
        "not adjusted for the time trend, the week or the other factors."
    )
    # A row that is not a finding says so beside its difference (never a bare "2.5 times").
    assert t.rates({**r, "finding": False}).endswith("so it is not a finding.")


def test_rates_for_yes_no_and_a_low_cut_of_zero():
    warm = row(
        factor="warmup",
        lag=1,
        rate_low=0.55,
        rate_high=0.53,
        rate_ratio=0.96,
        rr_ci_low=0.53,
        rr_ci_high=1.73,
        low_cut=0.0,
        high_cut=1.0,
        days_low=31,
        days_high=57,
    )
    assert t.rates(warm) == (
        "The 57 days after you warmed up averaged 0.53 episodes a day, against 0.55 on the 31 "
        "days after you exercised without warming up (4% fewer)."
    )
    exercise = row(
        factor="exercise_min",
        rate_low=0.44,
        rate_high=0.61,
        rate_ratio=1.4,
        rr_ci_low=0.9,
        rr_ci_high=2.18,
        low_cut=0.0,
        high_cut=40.0,
        days_low=89,
        days_high=62,
    )
    assert "on the 89 days with exercise time at 0 minutes (40% more)" in t.rates(exercise)
    assert "at 40 minutes or more" in t.rates(exercise)


def test_rates_without_episodes_on_the_low_days():
    r = row(
        rate_low=0.0,
        rate_high=0.5,
        rate_ratio=math.inf,
        rr_ci_low=1.8,
        rr_ci_high=math.inf,
        low_cut=10.0,
        high_cut=20.0,
        days_low=30,
        days_high=30,
    )
    assert t.rates(r).endswith(
        "0.00 on the 30 days with temperature at 10 °C or less "
        "(too few episodes on the low days to give a ratio)."
    )
    assert t.rates(row(rate_low=math.nan)) == ("Temperature (°C): too few days at either end to compare.")


def test_top_factors_and_the_summary():
    frame = pd.DataFrame(
        [
            row(factor="a", q=0.2, rho=0.1),
            row(factor="b", q=0.01, rho=-0.2),
            row(factor="c", q=0.01, rho=0.5),
            row(factor="d", q=0.5, rho=0.0),
        ]
    )
    assert t.top_factors(frame, 2)["factor"].tolist() == ["c", "b"]
    assert t.factors(frame) == (
        "2 of the 4 comparisons (each factor on the same day and on the day before) count as a "
        "finding: a link clear enough that chance, testing many factors at once, the other "
        "factors or a single day cannot explain it."
    )
    assert t.factors(frame.assign(q=0.3)).startswith("None of the 4 comparisons")
    assert t.factors(frame.iloc[:0]) == "No factor had enough days to compare with episodes."


# --------------------------------------------------------------------------- the model


def a_model(method="poisson"):
    terms = pd.DataFrame(
        {
            "factor": ["exercise_min", "warmup", "water_l", "caffeine_mg"],
            "irr": [1.013, 0.5, 0.9, 1.0007],
            "ci_low": [1.0014, 0.31, 0.5, 0.9984],
            "ci_high": [1.0247, 0.79, 1.3, 1.003],
            "p": [0.03, 0.003, 0.5, 0.54],
            "sd": [39.0, 0.39, 0.5, 103.0],
        }
    )
    return SimpleNamespace(
        method=method,
        dispersion=0.99,
        dispersion_p=0.81,
        covariance="HAC (Newey-West, 4 lags)",
        serial_p=0.86,
        n=174,
        terms=terms,
    )


def test_model_terms_are_given_per_a_step_people_can_picture():
    terms = t.model_terms(a_model())
    assert terms["step"].tolist() == [30.0, 1.0, 1.0, 100.0]
    assert terms["irr"].iloc[0] == pytest.approx(1.013**30)
    assert terms["ci_low"].iloc[0] == pytest.approx(1.0014**30)
    assert terms["ci_high"].iloc[3] == pytest.approx(1.003**100)
    assert terms["label"].tolist() == [
        "Exercise, per 30 minutes more",
        "Warmed up, yes against no, on exercise days",
        "Fluids, per 1 litre more",
        "Caffeine, per 100 mg more",
    ]


def test_a_yes_no_custom_factor_is_compared_yes_against_no():
    m = a_model()
    m.terms.loc[3, "factor"] = "alcohol"
    table = pd.DataFrame({"alcohol": [0.0, 1.0, 1.0, None]})
    assert t.model_terms(m, table)["label"].iloc[3] == "Alcohol, yes against no"


def test_model_sentence_names_the_clear_factors_with_their_ratios():
    assert t.model(a_model()) == (
        "Weighed against each other, and allowing for the time of year and the day of the week, "
        f"exercise time goes with about {(1.013**30 - 1) * 100:.0f}% more episodes with each extra "
        f"30 minutes of exercise (anywhere from {(1.0014**30 - 1) * 100:.0f}% more to "
        f"{1.0247**30:.1f} times as many); warming up goes with about 50% fewer episodes with "
        "warming up, against exercising without a warm-up (between 21% and 69% fewer); the "
        "other 2 factors show no clear link (on 174 complete days)."
    )


def test_model_sentence_when_nothing_is_clear_or_there_is_no_model():
    m = a_model()
    m.terms["ci_low"], m.terms["ci_high"] = 0.5, 2.0
    assert t.model(m) == (
        "Weighed against each other, and allowing for the time of year and the day of the week, "
        "none of the 4 factors clearly goes with more or fewer episodes (on 174 complete days)."
    )
    assert t.model(None) == "There is not enough data to weigh the factors against each other."


def test_method_line():
    assert t.method(a_model()) == (
        "Episodes per day on 174 complete days, fitted as a Poisson regression, because the "
        "test did not find more day-to-day variation than that model expects (dispersion 0.99, "
        "p = 0.81). The 95% "
        "CIs use HAC (Newey-West, 4 lags) standard errors, which allow for one day being like "
        "the next; left-over day-to-day correlation check (Ljung-Box): p = 0.86. A rate ratio "
        "of 1.5 means 50% more episodes, 1 means no difference."
    )
    nb = a_model("negative binomial")
    nb.serial_p = None
    assert "a negative binomial regression, because the daily counts vary more" in t.method(nb)
    assert "Ljung-Box" not in t.method(nb)
    assert "allows for" not in t.method(nb)  # a model that recorded no adjustment
    nb.time_df, nb.weekday = 3, "weekend"
    assert (
        " It also allows for a smooth trend over time and for weekends, so that a slow change "
        "or a weekly rhythm is not taken for a factor's effect; these are not shown as factors."
    ) in t.method(nb)


# --------------------------------------------------------------------------- the daily table


def small_table():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    "2025-03-03",
                    "2025-03-04",
                    "2025-03-05",
                    "2025-03-06",
                    "2025-03-07",
                    "2025-03-10",
                    "2025-03-11",
                    "2025-03-12",
                ]
            ),
            "episodes": [1, 0, 0, 0, 2, 0, 0, 1],
            "temp_c": [20.0, 10.0, 11.0, 12.0, 24.0, 9.0, None, 18.0],
            "warmup": [0.0, 1.0, 1.0, None, 0.0, 1.0, 1.0, 1.0],
        }
    )


def test_timeline_sentence():
    table = small_table()
    assert t.timeline(table) == "4 episodes on 3 of 8 logged days (0.50 a day)."
    assert t.timeline(table, "temp_c") == (
        "4 episodes on 3 of 8 logged days (0.50 a day); temperature averaged 20.7 °C on the "
        "3 days with an episode and 10.5 °C on the 4 without (these cover the 7 days with "
        "temperature logged; it is missing on the other 1)."
    )
    assert t.timeline(table, "warmup") == (
        "4 episodes on 3 of 8 logged days (0.50 a day); you warmed up on 1 of the 3 days with "
        "an episode and 4 of the 4 without (these cover the 7 exercise days; warm-up is only "
        "asked when you exercise)."
    )
    assert t.timeline(table.iloc[:0]) == "No logged days in this period."


def test_calendar_counts_runs_of_consecutive_logged_days_only():
    # 4-6 March is a run of 3; 10-11 March is cut from it by the unlogged 8-9 March.
    assert t.calendar(small_table()) == (
        "You had episodes on 3 of 8 logged days; the longest stretch without one was 3 days, "
        "4 Mar 2025 to 6 Mar 2025."
    )
    one = small_table().iloc[:1]
    assert t.calendar(one) == "You had episodes on 1 of 1 logged day."


# --------------------------------------------------------------------------- episode patterns


def test_hours():
    hour = pd.DataFrame({"hour": range(24), "episodes": [0] * 24})
    hour.loc[2, "episodes"], hour.loc[23, "episodes"], hour.loc[14, "episodes"] = 5, 2, 3
    night = pd.DataFrame({"night": [True, False], "episodes": [7, 3], "share": [0.7, 0.3]})
    assert t.hours(hour, night) == (
        "7 in 10 episodes started between 22:00 and 07:00 (7 of "
        "10); the busiest hour was 02:00 to 03:00 (5 episodes)."
    )


def test_muscles():
    frame = pd.DataFrame(
        {
            "muscle": ["calf", "calf", "foot", "calf"],
            "side": ["left", "right", "left", "both"],
            "episodes": [5, 4, 3, 1],
        }
    )
    assert t.muscles(frame) == (
        "Most episodes were in the calf (10 of 13): 5 left, 4 right "
        "and 1 on both sides; 1 other muscle had the rest."
    )
    only = pd.DataFrame({"muscle": ["eyelid"], "side": ["unspecified"], "episodes": [4]})
    assert t.muscles(only) == "All 4 episodes were in the eyelid: 4 side not noted."
    assert t.top_muscle(frame) == "calf"


def test_relief_counts_use_not_success():
    frame = pd.DataFrame(
        {
            "relief": ["stretch", "massage", "water", "ice"],
            "times_used": [6, 3, 2, 1],
            "share": [0.6, 0.3, 0.2, 0.1],
        }
    )
    assert t.relief(frame) == (
        "What you used most was stretching, for 6 of 10 episodes, then "
        "massage (3) and drinking water (2). This counts what you used, "
        "not what worked."
    )
    assert t.relief(frame.iloc[:0]) == "No relief was noted for these episodes."


def test_monthly():
    frame = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-03-01", "2025-04-01", "2025-05-01"]),
            "episodes": [3, 7, 0],
            "median_severity": [5.0, 6.5, None],
            "median_duration_min": [1.5, 2.25, None],
        }
    )
    assert t.monthly(frame) == (
        "April 2025 had the most episodes (7); from month to month, median severity ranged "
        "from 5 to 6.5 out of 10 and median duration ranged from 1.5 to 2.2 minutes."
    )


def test_sentences_on_the_sample_have_no_raw_numbers():
    """Every sentence the sample produces reads cleanly: no nan, inf or long decimals."""
    import re

    from crampwise.io.sample import load_sample
    from crampwise.stats import analysis
    from crampwise.stats.episodes import episode_patterns

    daily, episodes = load_sample()
    a = analysis.analyze(daily.data, episodes.data)
    p = episode_patterns(episodes.data)
    sentences = [t.factor_row(r) for _, r in a.factors.iterrows()]
    sentences += [t.rates(r) for _, r in a.factors.iterrows()]
    sentences += [t.timeline(a.table, f) for f in a.table.columns[4:]]
    sentences += [
        t.calendar(a.table),
        t.model(a.model, a.table),
        t.method(a.model),
        t.factors(a.factors),
        t.hours(p["hour"], p["night"]),
        t.muscles(p["muscle"]),
        t.relief(p["relief"]),
        t.monthly(p["monthly"]),
    ]
    for s in sentences:
        assert not re.search(r"\bnan\b|\binf\b|\d\.\d{4,}", s, re.IGNORECASE), s
        assert s.endswith("."), s


# --------------------------------------------------------------------------- US units


def test_labels_follow_the_unit_system():
    assert t.label("temp_c", "us") == "Temperature (°F)"
    assert t.label("heat_index_c", "us") == "Heat index (°F)"
    assert t.label("water_l", "us") == "Fluids (fl oz)"
    assert t.label("temp_c") == t.label("temp_c", "metric") == "Temperature (°C)"
    assert t.label("exercise_min", "us") == t.label("exercise_min")  # minutes everywhere
    assert t.lag_label("temp_c", 1, "us") == "Temperature (°F), the day before"
    heat = t.describe("heat_index_c", "us")
    assert "°C" not in heat and "°F" in heat
    assert "°F" in t.describe("hot_exercise_min", "us")


def test_rates_in_us_units_show_the_same_cuts_in_fahrenheit():
    r = row(
        rate_low=0.3,
        rate_high=0.75,
        rate_ratio=2.5,
        rr_ci_low=1.456,
        rr_ci_high=4.29,
        low_cut=15.0,
        high_cut=25.0,
        days_low=60,
        days_high=60,
    )
    text = t.rates(r, system="us")
    assert text == (
        "The 60 days with temperature at 77 °F or more averaged 0.75 episodes a day, against "
        "0.30 on the 60 days with temperature at 59 °F or less (2.5 times as many)."
    )
    assert "°C" not in text
    # Statistics are the same in both systems: only the cut points' words change.
    assert t.rates(r).replace("25 °C", "77 °F").replace("15 °C", "59 °F") == text
    water = row(
        factor="water_l",
        rate_low=0.3,
        rate_high=0.75,
        rate_ratio=2.5,
        rr_ci_low=1.456,
        rr_ci_high=4.29,
        low_cut=1.5,
        high_cut=2.0,
        days_low=60,
        days_high=60,
    )
    assert "68 fl oz or more" in t.rates(water, system="us")
    assert "51 fl oz or less" in t.rates(water, system="us")
    assert "litre" not in t.rates(water, system="us")
    heat = row(
        factor="heat_index_c",
        rate_low=0.3,
        rate_high=0.75,
        rate_ratio=2.5,
        rr_ci_low=1.456,
        rr_ci_high=4.29,
        low_cut=15.0,
        high_cut=25.0,
        days_low=60,
        days_high=60,
    )
    assert "the heat index at 77 °F or more" in t.rates(heat, system="us")


def test_factor_row_without_rho_names_the_us_unit():
    assert t.factor_row(row(rho=math.nan, n=20), system="us") == (
        "Temperature (°F): too little variation to compare (20 days)."
    )


def test_timeline_averages_in_us_units():
    table = small_table()
    text = t.timeline(table, "temp_c", system="us")
    # 20.67 °C -> 69.2 °F, 10.5 °C -> 50.9 °F
    assert text == (
        "4 episodes on 3 of 8 logged days (0.50 a day); temperature averaged 69 °F "
        "on the 3 days with an episode and 51 °F on the 4 without (these cover the 7 days with "
        "temperature logged; it is missing on the other 1)."
    )


def a_model_with_heat():
    m = a_model()
    extra = pd.DataFrame(
        {"factor": ["temp_c"], "irr": [1.04], "ci_low": [1.01], "ci_high": [1.07], "p": [0.01], "sd": [6.0]}
    )
    m.terms = pd.concat([m.terms, extra], ignore_index=True)
    return m


def test_model_terms_in_us_units_use_32_fl_oz_and_9_degrees_f():
    metric = t.model_terms(a_model_with_heat()).set_index("factor")
    us = t.model_terms(a_model_with_heat(), system="us").set_index("factor")
    # 32 US fl oz = 0.946353 L: the ratio per 32 fl oz is the ratio per litre to that power.
    for col in ("irr", "ci_low", "ci_high"):
        assert us.loc["water_l", col] == pytest.approx(metric.loc["water_l", col] ** 0.946353, rel=1e-6)
        # 9 °F is exactly 5 °C: the same ratio, said in °F.
        assert us.loc["temp_c", col] == pytest.approx(metric.loc["temp_c", col])
        assert us.loc["exercise_min", col] == metric.loc["exercise_min", col]
    assert us.loc["water_l", "label"] == "Fluids, per 32 fl oz more"
    assert us.loc["temp_c", "label"] == "Temperature, per 9 °F more"
    assert metric.loc["temp_c", "label"] == "Temperature, per 5 °C more"
    assert us.loc["water_l", "shown_step"] == 32 and us.loc["temp_c", "shown_step"] == 9
    assert us["p"].tolist() == metric["p"].tolist()


def test_model_sentence_in_us_units_says_9_degrees_f():
    text = t.model(a_model_with_heat(), system="us")
    assert "each 9 °F warmer" in text and "°C" not in text
    assert f"about {(1.04**5 - 1) * 100:.0f}% more episodes with each 9 °F warmer" in text
    assert "each 5 °C warmer" in t.model(a_model_with_heat())


def test_us_sentences_on_the_sample_never_say_celsius_or_litres():
    from crampwise.io.sample import load_sample
    from crampwise.stats import analysis
    from crampwise.words import contrasts

    daily, episodes = load_sample()
    a = analysis.analyze(daily.data, episodes.data)
    sentences = [t.model(a.model, a.table, system="us")]
    sentences += [t.timeline(a.table, f, system="us") for f in a.table.columns[2:]]
    for _, r in a.factors.iterrows():
        sentences += [t.factor_row(r, system="us"), t.rates(r, system="us")]
    sentences += [contrasts.sentence(c, "us") for c in a.contrasts]
    sentences += list(t.model_terms(a.model, a.table, system="us")["label"])
    for s in sentences:
        assert "°C" not in s and "litre" not in s, s
    assert any("°F" in s for s in sentences) and any("fl oz" in s for s in sentences)


def test_relief_never_says_nothing_was_used_most():
    frame = pd.DataFrame(
        {
            "relief": ["none", "stretch", "rest"],
            "times_used": [5, 3, 1],
            "share": [0.5, 0.3, 0.1],
        }
    )
    text = t.relief(frame)
    assert "used most was nothing" not in text
    assert text == (
        "What you used most was stretching, for 3 of 10 episodes, then rest (1); "
        "for 5 of 10 you did nothing. This counts what you used, not what worked."
    )
    only = frame.iloc[:1]
    assert t.relief(only) == "You noted doing nothing for relief, for 5 of 10 episodes."


def test_hours_says_a_small_count_once():
    hour = pd.DataFrame({"hour": range(24), "episodes": [0] * 24})
    hour.loc[14, "episodes"] = 7
    night = pd.DataFrame({"night": [True, False], "episodes": [0, 7], "share": [0.0, 1.0]})
    text = t.hours(hour, night)
    assert "(0 of 7)" not in text
    assert text.startswith("0 of 7 episodes started between 22:00 and 07:00; the busiest")
