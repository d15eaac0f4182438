"""Drinking targets: the published numbers, the extras, and the day-by-day comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crampwise import units
from crampwise.errors import CrampwiseError
from crampwise.guide import hydration
from crampwise.guide.hydration import STATUSES, HydrationInputError, Target, compare, target
from crampwise.io.sample import generate
from crampwise.words import charts

approx = pytest.approx


@pytest.mark.parametrize(
    ("reference", "kwargs", "total", "low", "high"),
    [
        # EFSA (2010): 70-80 % of the total from drinks.
        ("EFSA", {"sex": "female"}, 2.0, 1.4, 1.6),
        ("EFSA", {"sex": "male"}, 2.5, 1.75, 2.0),
        ("EFSA", {"sex": "female", "pregnant": True}, 2.3, 1.61, 1.84),
        ("EFSA", {"sex": "female", "breastfeeding": True}, 2.7, 1.89, 2.16),
        # US National Academies (2004): about 80 % from drinks.
        ("NAM", {"sex": "female"}, 2.7, 2.16, 2.16),
        ("NAM", {"sex": "male"}, 3.7, 2.96, 2.96),
        ("NAM", {"sex": "female", "pregnant": True}, 3.0, 2.4, 2.4),
        ("NAM", {"sex": "female", "breastfeeding": True}, 3.8, 3.04, 3.04),
    ],
)
def test_reference_numbers(reference: str, kwargs: dict, total: float, low: float, high: float) -> None:
    t = target(**kwargs, reference=reference)
    assert isinstance(t, Target)
    assert t.reference == reference
    assert (t.total_l, t.drinks_low_l, t.drinks_high_l) == (approx(total), approx(low), approx(high))
    assert len(t.basis) == 2  # total + share from drinks, nothing else on a mild rest day


def test_efsa_is_the_default_reference() -> None:
    assert target("female") == target("female", reference="EFSA")


@pytest.mark.parametrize("minutes", [30, 60, 90, 150])
def test_exercise_adds_our_rough_per_hour_estimate(minutes: float) -> None:
    rest = target("female")
    active = target("female", exercise_min=minutes)
    hours = minutes / 60
    assert active.drinks_low_l - rest.drinks_low_l == approx(0.4 * hours, abs=1e-3)
    assert active.drinks_high_l - rest.drinks_high_l == approx(0.8 * hours, abs=1e-3)
    assert active.total_l == rest.total_l  # total_l is the reference value, extras excluded
    [sentence] = [s for s in active.basis if f"{minutes} minutes" in s]
    # The ACSM position stand gives no typical sweat rate, so the figure is labelled as ours,
    # and ACSM is cited only for what it does say: weigh yourself to learn your own.
    assert sentence.startswith("Crampwise estimate, not an official figure:")
    assert "ACSM (2007) suggests weighing yourself before and after exercise" in sentence


@pytest.mark.parametrize(
    ("temp", "extra"),
    [
        (None, 0.0),
        (float("nan"), 0.0),
        (10, 0.0),
        (24.9, 0.0),
        (25, 0.5),
        (29.9, 0.5),
        (30, 1.0),
        (38, 1.0),
    ],
)
def test_heat_allowance_thresholds(temp: float | None, extra: float) -> None:
    rest = target("male")
    hot = target("male", temp_c=temp)
    assert hot.drinks_low_l - rest.drinks_low_l == approx(extra)
    assert hot.drinks_high_l - rest.drinks_high_l == approx(extra)
    heat_sentences = [s for s in hot.basis if "°C" in s]
    assert len(heat_sentences) == (1 if extra else 0)


def test_heat_allowance_is_labelled_as_our_estimate() -> None:
    sentence = target("female", temp_c=31).basis[-1]
    assert sentence.startswith("Crampwise estimate, not an official figure")
    assert "add 1 L" in sentence and "31 °C" in sentence
    assert hydration.sources()["crampwise"]["name"] == "Crampwise estimate, not an official figure"


def test_extras_add_up() -> None:
    t = target("female", exercise_min=60, temp_c=30, reference="NAM")
    assert (t.drinks_low_l, t.drinks_high_l) == (approx(2.16 + 0.4 + 1.0), approx(2.16 + 0.8 + 1.0))
    assert len(t.basis) == 4


@pytest.mark.parametrize(
    ("reference", "name", "litres"),
    [
        ("EFSA", "EFSA (2010)", "2.3 L"),
        ("NAM", "US National Academies report (2004)", "3 L"),
    ],
)
def test_basis_sentences_cite_their_sources(reference: str, name: str, litres: str) -> None:
    t = target("female", pregnant=True, exercise_min=45, temp_c=26, reference=reference)
    total, drinks, exercise, heat = t.basis
    assert name in total and litres in total
    assert "pregnant" in total
    assert name in drinks and "percent" in drinks
    assert "Crampwise estimate" in exercise and "0.4 to 0.8 L" in exercise
    assert "ACSM (2007)" in exercise and "weighing yourself" in exercise
    assert "Crampwise estimate" in heat
    assert all(s[0].isupper() and s.endswith(".") for s in t.basis)


def test_sources_have_full_citations() -> None:
    src = hydration.sources()
    assert "EFSA Journal" in src["EFSA"]["full"]
    assert "National Academies" in src["NAM"]["full"]
    assert "Medicine & Science in Sports & Exercise" in src["ACSM"]["full"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sex": "woman"},
        {"sex": "Female"},
        {"sex": "female", "reference": "WHO"},
        {"sex": "male", "pregnant": True},
        {"sex": "male", "breastfeeding": True},
        {"sex": "female", "pregnant": True, "breastfeeding": True},
        {"sex": "female", "pregnant": "yes"},
        {"sex": "female", "exercise_min": -1},
        {"sex": "female", "exercise_min": 2000},
        {"sex": "female", "exercise_min": float("inf")},
        {"sex": "female", "exercise_min": "30"},
        {"sex": "female", "temp_c": 75},
        {"sex": "female", "temp_c": "hot"},
    ],
)
def test_bad_inputs_raise(kwargs: dict) -> None:
    with pytest.raises(HydrationInputError) as info:
        target(**kwargs)
    assert isinstance(info.value, CrampwiseError)
    assert len(str(info.value)) > 20


def test_bad_input_messages_say_what_to_do() -> None:
    with pytest.raises(HydrationInputError, match="'female' or 'male'"):
        target("x")  # type: ignore[arg-type]
    with pytest.raises(HydrationInputError, match="EFSA, NAM"):
        target("male", reference="x")  # type: ignore[arg-type]
    with pytest.raises(HydrationInputError, match="from 0 to 1440"):
        target("male", exercise_min=-5)


def test_nan_exercise_counts_as_none() -> None:
    assert target("female", exercise_min=float("nan")) == target("female")


# --------------------------------------------------------------------------- compare


def _tiny() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2025-06-03", "2025-06-01", "2025-06-02", "2025-06-04", "2025-06-05", "2025-06-06"]
            ).astype("datetime64[us]"),
            "water_l": [1.6, 1.3, 1.4, np.nan, 2.9, 3.0],
            "temp_c": [20.0, np.nan, 24.0, 31.0, 26.0, 26.0],
            "exercise_min": [np.nan, 0.0, 0.0, 60.0, 90.0, 0.0],
        }
    )


def test_compare_tiny_frame_exact() -> None:
    out = compare(_tiny(), "female")
    assert list(out.columns) == ["date", "water_l", "drinks_low_l", "drinks_high_l", "status"]
    assert out["date"].is_monotonic_increasing
    assert list(out["date"].dt.day) == [1, 2, 3, 4, 5, 6]
    # EFSA women: 1.4-1.6; +0.4-0.8 L per hour of exercise; +0.5 at >= 25 °C, +1.0 at >= 30 °C.
    assert list(out["drinks_low_l"]) == approx([1.4, 1.4, 1.4, 2.8, 2.5, 1.9])
    assert list(out["drinks_high_l"]) == approx([1.6, 1.6, 1.6, 3.4, 3.3, 2.1])
    assert list(out["status"]) == ["below", "within", "within", "no data", "within", "above"]
    assert list(out["status"].cat.categories) == list(STATUSES)


def test_compare_matches_target_day_by_day() -> None:
    frame = _tiny()
    out = compare(frame, "male", reference="NAM").set_index("date")
    for _, row in frame.iterrows():  # a test may loop; the code under test does not
        t = target("male", reference="NAM", temp_c=row["temp_c"], exercise_min=row["exercise_min"])
        got = out.loc[row["date"]]
        assert (got["drinks_low_l"], got["drinks_high_l"]) == (
            approx(t.drinks_low_l),
            approx(t.drinks_high_l),
        )


def test_compare_without_optional_columns_and_empty() -> None:
    frame = _tiny()[["date", "water_l"]]
    out = compare(frame, "female")
    assert set(out["drinks_low_l"]) == {1.4}
    empty = compare(frame.iloc[:0], "female")
    assert empty.empty and list(empty.columns) == list(out.columns)


def test_compare_validates() -> None:
    with pytest.raises(HydrationInputError, match="date"):
        compare(pd.DataFrame({"water_l": [1.0]}), "female")
    with pytest.raises(HydrationInputError):
        compare(_tiny(), "male", pregnant=True)


def test_compare_on_sample_data() -> None:
    daily, _ = generate()
    out = compare(daily, "female", reference="EFSA")
    assert len(out) == len(daily) == out["date"].nunique()
    assert set(out["status"].astype(str)) <= set(STATUSES)
    assert (out["drinks_low_l"] <= out["drinks_high_l"]).all()
    assert (out["drinks_low_l"] >= 1.4 - 1e-9).all()
    # The sample person drinks little on some days and a lot on others: all three show up.
    assert {"below", "within", "above"} <= set(out["status"].astype(str))
    # A hot, active day needs more than a cool, quiet one.
    hot = daily["temp_c"].ge(30) & daily["exercise_min"].gt(60)
    cool = daily["temp_c"].lt(20) & daily["exercise_min"].eq(0)
    assert hot.any() and cool.any()
    assert out.loc[hot.to_numpy(), "drinks_low_l"].min() > out.loc[cool.to_numpy(), "drinks_low_l"].max()


def test_page_texts_cover_every_status() -> None:
    texts = hydration.texts()
    for key in (*STATUSES, "title", "intro", "caution"):
        assert texts[key].strip()


# --------------------------------------------------------------------------- US units


def test_metric_basis_shows_litres_to_a_tenth() -> None:
    t = target("male", exercise_min=60)
    assert "2.5 L of water" in t.basis[0]
    assert "1.8 to 2 L" in t.basis[1]  # 1.75 to 2.0 L, rounded to 0.1 L
    assert "0.4 to 0.8 L of sweat" in t.basis[2]
    assert t == target("male", exercise_min=60, system="metric")


def test_us_basis_shows_fluid_ounces_and_fahrenheit() -> None:
    t = target("female", exercise_min=60, temp_c=25, system="us")
    text = " ".join(t.basis)
    assert "fl oz" in text
    assert " L" not in text and "°C" not in text
    total, drinks, exercise, heat = t.basis
    assert "68 fl oz of water" in total  # 2.0 L
    assert "47 to 54 fl oz" in drinks  # 1.4 to 1.6 L
    assert "14 to 27 fl oz of sweat" in exercise  # 0.4 to 0.8 L per hour
    assert heat.startswith("Crampwise estimate, not an official figure")
    assert "77 °F" in heat and "17 fl oz" in heat  # 25 °C, 0.5 L
    # Only the words change: the numbers stay in litres.
    metric = target("female", exercise_min=60, temp_c=25)
    assert (t.total_l, t.drinks_low_l, t.drinks_high_l) == (
        metric.total_l,
        metric.drinks_low_l,
        metric.drinks_high_l,
    )


def test_us_single_share_reference_in_fluid_ounces() -> None:
    t = target("male", reference="NAM", system="us")
    assert "about 100 fl oz" in t.basis[1]  # 2.96 L
    assert not any(" L" in s for s in t.basis)


def test_unknown_unit_system_is_refused() -> None:
    with pytest.raises(units.UnitSystemError):
        target("female", system="imperial")


@pytest.mark.parametrize(("fahrenheit", "celsius"), [(77, 25), (86, 30), (50, 10), (95, 35)])
def test_the_same_temperature_in_fahrenheit_gives_the_same_goal(fahrenheit: float, celsius: float) -> None:
    stored = units.quantity("temp_c", "us").store(fahrenheit)
    assert stored == approx(celsius)
    from_f = target("female", temp_c=stored, system="us")
    from_c = target("female", temp_c=celsius)
    assert (from_f.drinks_low_l, from_f.drinks_high_l) == (from_c.drinks_low_l, from_c.drinks_high_l)


@pytest.mark.parametrize(
    ("system", "litres", "expected"),
    [
        ("metric", 1.6, "1.6 L"),
        ("metric", 2.0, "2 L"),
        ("us", 2.0, "68 fl oz"),
        ("us", 0.5, "17 fl oz"),
    ],
)
def test_amount(system: str, litres: float, expected: str) -> None:
    assert hydration.amount(litres, system) == expected


def test_amount_range_shows_the_unit_once() -> None:
    assert hydration.amount_range(1.4, 1.6) == "1.4 to 1.6 L"
    assert hydration.amount_range(1.4, 1.6, "us", sep="–") == "47–54 fl oz"
    assert hydration.amount_range(2.16, 2.16, "us") == "73 fl oz"


def test_chart_in_us_units_plots_fluid_ounces() -> None:
    out = compare(_tiny(), "female")
    metric = charts.hydration(out)
    us = charts.hydration(out, system="us")
    oz = units.quantity("water_l", "us")
    for m_trace, us_trace in zip(metric.data, us.data, strict=True):
        m_y = np.asarray(m_trace.y, dtype=float)
        assert np.asarray(us_trace.y, dtype=float) == approx(oz.show(m_y), nan_ok=True)
    bars = us.data[-1]
    assert np.nanmax(np.asarray(bars.y, dtype=float)) == approx(3.0 / 0.0295735295625)
    assert "fl oz" in us.layout.yaxis.title.text and "fl oz" in bars.hovertemplate
    assert " L" not in bars.hovertemplate
    assert metric.layout.yaxis.title.text == "Fluids (litres)" and " L (" in metric.data[-1].hovertemplate
    assert np.nanmax(np.asarray(metric.data[-1].y, dtype=float)) == approx(3.0)


# --------------------------------------------------------------------------- the chart's days


def _logged(days: list[str], water: list[float] | None = None) -> pd.DataFrame:
    dates = pd.to_datetime(days)
    return compare(
        pd.DataFrame({"date": dates, "water_l": water if water is not None else [1.5] * len(days)}),
        "female",
    )


def test_stretches_split_at_long_gaps_latest_first() -> None:
    march = [f"2025-03-{d:02d}" for d in range(3, 32)] + [f"2025-04-{d:02d}" for d in range(1, 11)]
    found = hydration.stretches(_logged(march + ["2026-12-02"]))
    assert [(s.start, s.end, s.days) for s in found] == [
        (pd.Timestamp("2026-12-02"), pd.Timestamp("2026-12-02"), 1),
        (pd.Timestamp("2025-03-03"), pd.Timestamp("2025-04-10"), 39),
    ]
    assert [s.label() for s in found] == ["2 Dec 2026 (1 day)", "3 Mar to 10 Apr 2025 (39 days)"]


def test_stretches_keep_short_gaps_and_ignore_days_without_fluids() -> None:
    frame = _logged(
        ["2025-01-01", "2025-01-15", "2025-01-30", "2025-03-01"], [1.0, 2.0, np.nan, 1.5]
    )  # 14 days apart: one stretch; the 30th has no fluids; March is 45 days on
    found = hydration.stretches(frame)
    assert [(s.start.date().isoformat(), s.end.date().isoformat(), s.days) for s in found] == [
        ("2025-03-01", "2025-03-01", 1),
        ("2025-01-01", "2025-01-15", 2),
    ]
    assert hydration.stretches(frame, max_gap_days=100)[0].days == 3
    assert found[1].label() == "1 Jan to 15 Jan 2025 (2 days)"
    assert hydration.Stretch(pd.Timestamp("2024-12-30"), pd.Timestamp("2025-01-02"), 4).label() == (
        "30 Dec 2024 to 2 Jan 2025 (4 days)"
    )
    assert hydration.stretches(_logged(["2025-01-01"], [np.nan])) == []


def test_in_stretch_keeps_whole_days_of_the_stretch_only() -> None:
    frame = _logged(["2025-01-01", "2025-01-03", "2025-01-15", "2025-03-01"])
    frame.loc[1, "date"] = pd.Timestamp("2025-01-03 18:30")  # a time of day stays in its day
    later, first = hydration.stretches(frame)
    rows = hydration.in_stretch(frame, first)
    assert list(rows["date"].dt.date.astype(str)) == ["2025-01-01", "2025-01-03", "2025-01-15"]
    assert len(hydration.in_stretch(frame, later)) == 1


def test_chart_axis_band_and_legend_fit_the_days_given() -> None:
    frame = _logged(["2025-03-03", "2025-03-04", "2025-03-06", "2025-03-20"], [1.0, 1.5, 2.0, 1.0])
    fig = charts.hydration(frame)
    start, end = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert (start, end) == (pd.Timestamp("2025-03-02 12:00"), pd.Timestamp("2025-03-20 12:00"))
    band = fig.data[0]
    assert band.name == "Goal range" and band.fill == "toself"
    edges = [pd.Timestamp(x) for x in band.x if x is not None]
    assert min(edges) == start and max(edges) == end
    # One box per logged day: nothing over the days between them (5th, 7th to 19th).
    assert pd.Timestamp("2025-03-10") not in edges and len(edges) == 4 * 5
    assert [t.name for t in fig.data] == ["Goal range", "Below the goal", "Within the goal", "Above the goal"]
    assert all(t.showlegend is not False for t in fig.data) and fig.layout.showlegend is True
    assert fig.data[1].marker.color == charts.BELOW
    assert [str(pd.Timestamp(x).date()) for x in fig.data[1].x] == ["2025-03-03", "2025-03-20"]


def test_chart_of_one_day_spans_a_week_ending_on_it() -> None:
    fig = charts.hydration(_logged(["2026-12-02"], [1.0]))
    start, end = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert end == pd.Timestamp("2026-12-02 12:00")
    assert end - start == pd.Timedelta(days=charts.HYDRATION_MIN_DAYS)
    assert [t.name for t in fig.data] == ["Goal range", "Below the goal"]  # no empty traces
