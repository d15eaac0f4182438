"""crampwise.units: what converts, exact round trips, labels, defaults from the locale."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crampwise import schema, units


def test_doctests_hold():
    assert doctest.testmod(units).failed == 0


def test_declared_systems_cover_the_same_columns_and_real_aliases():
    assert set(units.SYSTEMS) == {"metric", "us"}
    columns = {s: set(schema.UNIT_SYMBOLS[s]) for s in units.SYSTEMS}
    assert columns["metric"] == columns["us"] == {"water_l", "temp_c"}
    for name in columns["us"]:
        q = units.quantity(name, "us")
        assert q.alias is not None and q.alias.target == name  # the import's own unit alias
        assert units.quantity(name, "metric").alias is None


@pytest.mark.parametrize(
    "field, system, canonical, text",
    [
        ("water_l", "metric", 2.5, "2.5 L"),
        ("water_l", "metric", 2.0, "2 L"),
        ("water_l", "us", 2.0, "68 fl oz"),
        ("water_l", "us", 0.946352946, "32 fl oz"),
        ("temp_c", "metric", 25.0, "25 °C"),
        ("temp_c", "us", 25.0, "77 °F"),
        ("temp_c", "us", -40.0, "-40 °F"),
        ("temp_c", "us", 37.0, "99 °F"),
    ],
)
def test_format(field, system, canonical, text):
    assert units.quantity(field, system).format(canonical) == text


def test_differences_have_no_offset():
    assert units.quantity("temp_c", "us").format_delta(5) == "9 °F"
    assert units.quantity("temp_c", "metric").format_delta(5) == "5 °C"
    assert units.quantity("water_l", "us").format_delta(1) == "34 fl oz"


@pytest.mark.parametrize(
    "field, system, limits",
    [
        ("water_l", "metric", (0, 15)),
        ("water_l", "us", (0, 507)),
        ("temp_c", "metric", (-60, 60)),
        ("temp_c", "us", (-76, 140)),
    ],
)
def test_limits_in_display_units_stay_inside_the_schema(field, system, limits):
    q = units.quantity(field, system)
    assert q.limits() == limits
    f = schema.DAILY.field(field)
    assert f.min <= q.store(limits[0]) and q.store(limits[1]) <= f.max


def test_quick_adds_are_in_display_units():
    assert units.quantity("water_l", "metric").quick_adds() == [("+250 mL", 0.25), ("+500 mL", 0.5)]
    assert units.quantity("water_l", "us").quick_adds() == [("+8 fl oz", 8.0), ("+16 fl oz", 16.0)]
    assert units.quantity("temp_c", "us").quick_adds() == []


def test_store_rounds_like_an_import_of_that_unit():
    assert units.quantity("water_l", "us").store(8) == 0.237
    assert units.quantity("temp_c", "us").store(77) == 25.0
    assert units.quantity("temp_c", "us").store(None) is None
    assert units.quantity("water_l", "metric").store(1.234) == 1.234


def test_to_display_converts_only_unit_columns_and_keeps_missing():
    df = pd.DataFrame({"date": ["a", "b"], "water_l": [2.0, None], "temp_c": [100.0, 0.0], "stress": [3, 4]})
    shown = units.to_display(df, "us")
    assert list(shown.columns) == list(df.columns)
    assert shown["temp_c"].tolist() == pytest.approx([212.0, 32.0])
    assert shown["water_l"].iloc[0] == pytest.approx(67.628, abs=1e-3)
    assert pd.isna(shown["water_l"].iloc[1])
    assert shown["stress"].tolist() == [3, 4] and shown["date"].tolist() == ["a", "b"]
    assert df["temp_c"].tolist() == [100.0, 0.0]  # the input is not changed
    assert units.to_display(df, "metric").equals(df)


@given(
    st.lists(st.floats(min_value=0, max_value=15), min_size=1, max_size=20),
    st.lists(st.floats(min_value=-60, max_value=60), min_size=1, max_size=20),
)
def test_round_trip_through_us_units_is_exact_at_stored_precision(water, temp):
    n = min(len(water), len(temp))
    df = pd.DataFrame(
        {"water_l": [round(w, 3) for w in water[:n]], "temp_c": [round(t, 2) for t in temp[:n]]}
    )
    back = units.from_display(units.to_display(df, "us"), "us")
    assert back["water_l"].astype(float).tolist() == pytest.approx(df["water_l"].tolist(), abs=1e-9)
    assert back["temp_c"].astype(float).tolist() == pytest.approx(df["temp_c"].tolist(), abs=1e-9)


def test_labels():
    assert units.label("water_l", "us") == "Fluids (fl oz)"
    assert units.label("temp_c", "metric") == "Temperature (°C)"
    assert units.label("sleep_h", "us") == "Sleep (hours)"
    assert units.label("caffeine_mg", "us") == "caffeine_mg"
    assert units.label("caffeine_mg", "us", default="Caffeine (mg)") == "Caffeine (mg)"


@pytest.mark.parametrize(
    "locale, system",
    [
        ("en-US", "us"),
        ("en_US", "us"),
        ("es-US", "us"),
        ("en-LR", "us"),
        ("en-GB", "metric"),
        ("de-DE", "metric"),
        ("en", "metric"),
        ("", "metric"),
        (None, "metric"),
    ],
)
def test_default_for_locale(locale, system):
    assert units.default_for_locale(locale) == system


def test_unknown_system_is_refused_with_the_choices():
    with pytest.raises(units.UnitSystemError, match="'imperial'.*metric, us"):
        units.quantity("water_l", "imperial")


def test_help_names_the_unit_of_the_system():
    for field in ("water_l", "temp_c"):
        metric, us = units.quantity(field, "metric"), units.quantity(field, "us")
        assert metric.help == schema.DAILY.field(field).help
        assert us.help != metric.help  # the schema's ", in <unit>." wording was found
    assert units.quantity("water_l", "us").help == "Total fluids drunk that day, in US fluid ounces."
    assert units.quantity("temp_c", "us").help == "The day's highest outdoor temperature, in °F."
