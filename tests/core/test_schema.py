"""The declared data model: vocabularies, header aliases, units and ranges."""

from __future__ import annotations

import math

import pytest

from crampwise import schema
from crampwise.schema import DAILY, EPISODES, TABLES, normalise_header

ALL_TABLES = [EPISODES, DAILY]


def _headers(t: schema.Table) -> list[tuple[str, str]]:
    """Every (accepted header, column or unit alias it belongs to) of a table."""
    pairs = [(a, f.name) for f in t.fields for a in (f.name, *f.aliases)]
    pairs += [(a, u.name) for u in t.unit_aliases for a in (u.name, *u.aliases)]
    return pairs


# --------------------------------------------------------------------------- tables


def test_tables_and_their_columns():
    assert set(TABLES) == {"episodes", "daily"}
    assert EPISODES.names == (
        "start",
        "muscle",
        "side",
        "severity",
        "duration_min",
        "activity",
        "relief",
        "notes",
    )
    assert DAILY.names == (
        "date",
        "water_l",
        "exercise_min",
        "exercise_rpe",
        "warmup",
        "temp_c",
        "humidity_pct",
        "stress",
        "sleep_h",
        "episodes",
        "notes",
    )
    assert EPISODES.required == ("start", "muscle")
    assert DAILY.required == ("date",)
    assert (EPISODES.order_by, EPISODES.unique, EPISODES.custom_factors) == ("start", None, False)
    assert (DAILY.order_by, DAILY.unique, DAILY.custom_factors) == ("date", "date", True)


def test_table_lookup():
    assert schema.table("daily") is DAILY
    assert schema.table("episodes") is EPISODES
    with pytest.raises(ValueError, match="unknown table 'weekly': use 'episodes' or 'daily'"):
        schema.table("weekly")


@pytest.mark.parametrize("t", ALL_TABLES, ids=lambda t: t.name)
def test_every_field_is_fully_declared(t):
    for f in t.fields:
        assert f.label and f.help, f.name
        assert f.kind in ("datetime", "date", "number", "integer", "boolean", "category", "multi", "text"), (
            f.name
        )
        if f.kind in ("category", "multi"):
            assert f.vocabulary, f"{f.name} needs a vocabulary"
        else:
            assert not f.vocabulary and not f.synonyms, f.name
        if f.kind in ("number", "integer"):
            assert f.min is not None and f.max is not None and f.min < f.max, f.name
        else:
            assert f.min is None and f.max is None, f.name
        if f.required:
            assert f.example and f.example2, f.name
    assert t.order_by in t.names
    assert t.unique is None or t.unique in t.names


# --------------------------------------------------------------------------- vocabularies


def test_vocabularies():
    assert schema.SIDES == ("left", "right", "both")
    assert {
        "calf",
        "foot",
        "toes",
        "hamstring",
        "quadriceps",
        "back",
        "neck",
        "hand",
        "eyelid",
        "other",
    } <= set(schema.MUSCLES)
    assert {"stretch", "massage", "heat", "ice", "water", "rest", "medication", "none", "other"} == set(
        schema.RELIEFS
    )
    assert EPISODES.field("muscle").vocabulary == schema.MUSCLES
    assert EPISODES.field("side").vocabulary == schema.SIDES
    assert EPISODES.field("relief").vocabulary == schema.RELIEFS
    assert EPISODES.field("relief").kind == "multi"
    assert schema.RELIEF_SEPARATOR == ";"


@pytest.mark.parametrize("t", ALL_TABLES, ids=lambda t: t.name)
def test_vocabulary_values_and_synonyms_are_clean(t):
    for f in t.fields:
        assert len(set(f.vocabulary)) == len(f.vocabulary), f.name
        for value in f.vocabulary:
            assert value == value.strip().lower(), (f.name, value)
        for word, target in f.synonyms.items():
            assert target in f.vocabulary, f"{f.name}: synonym {word!r} -> unknown {target!r}"
            assert word == " ".join(word.lower().split()), f"{f.name}: {word!r} is not lower-case"
            assert word not in f.vocabulary, f"{f.name}: {word!r} is already a value"


@pytest.mark.parametrize(
    ("field", "word", "value"),
    [
        ("muscle", "charley horse", "calf"),
        ("muscle", "charlie horse", "calf"),
        ("muscle", "lower back", "back"),
        ("muscle", "front thigh", "quadriceps"),
        ("muscle", "eye twitch", "eyelid"),
        ("side", "l", "left"),
        ("side", "bilateral", "both"),
        ("relief", "stretching", "stretch"),
        ("relief", "heating pad", "heat"),
        ("relief", "nothing", "none"),
    ],
)
def test_everyday_words(field, word, value):
    assert EPISODES.field(field).synonyms[word] == value


def test_yes_and_no_words():
    assert set(schema.YES) & set(schema.NO) == set()
    assert {"yes", "y", "true", "1"} == set(schema.YES)
    assert {"no", "n", "false", "0"} == set(schema.NO)


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize("t", ALL_TABLES, ids=lambda t: t.name)
def test_every_alias_is_already_normalised(t):
    for alias, owner in _headers(t):
        assert normalise_header(alias) == alias, f"{owner}: alias {alias!r} can never match"


@pytest.mark.parametrize("t", ALL_TABLES, ids=lambda t: t.name)
def test_no_alias_collides_within_a_table(t):
    owners: dict[str, set[str]] = {}
    for alias, owner in _headers(t):
        owners.setdefault(alias, set()).add(owner)
    clashes = {a: sorted(o) for a, o in owners.items() if len(o) > 1}
    assert clashes == {}
    # ... and so every accepted header leads back to exactly its owner.
    lookup = t.header_lookup()
    for alias, owner in _headers(t):
        assert lookup[alias] == owner


@pytest.mark.parametrize(
    ("header", "normalised"),
    [
        ("Water (L)", "water_l"),
        ("Temp (°F)", "temp_f"),
        ("Temp (°C)", "temp_c"),
        ("Temp [°C]", "temp_c"),
        ("Humidity (%)", "humidity_pct"),
        (" Warm-up ", "warm_up"),
        ("  DATE  ", "date"),
        ("Sleep (h)", "sleep_h"),
        ("Duration (s)", "duration_s"),
        ("Water (oz)", "water_oz"),
        ("Water (fl. oz)", "water_fl_oz"),
        ("Exercise (min)", "exercise_min"),
        ("What helped?", "what_helped"),
        ("Start time", "start_time"),
        ("Koffein (mg)", "koffein_mg"),
        ("", ""),
        ("(%)", "pct"),
    ],
)
def test_normalise_header(header, normalised):
    assert normalise_header(header) == normalised


@pytest.mark.parametrize(
    ("t", "header", "column"),
    [
        (DAILY, "Water (L)", "water_l"),
        (DAILY, "Temp (°F)", "temp_f"),
        (DAILY, "Temp (°C)", "temp_c"),
        (DAILY, "Humidity (%)", "humidity_pct"),
        (DAILY, "Warm-up", "warmup"),
        (DAILY, "Day", "date"),
        (DAILY, "Water (ml)", "water_ml"),
        (DAILY, "Water (fl oz)", "water_oz"),
        (EPISODES, "Start Time", "start"),
        (EPISODES, "Body part", "muscle"),
        (EPISODES, "Pain (0-10)", "severity"),
        (EPISODES, "Duration (s)", "duration_s"),
        (EPISODES, "What helped", "relief"),
    ],
)
def test_headers_people_write(t, header, column):
    assert t.header_lookup()[normalise_header(header)] == column


# --------------------------------------------------------------------------- units


def test_unit_aliases_point_at_number_columns():
    for t in ALL_TABLES:
        for u in t.unit_aliases:
            target = t.field(u.target)
            assert target.kind == "number", u.name
            assert u.name not in t.names, u.name
            assert t.unit_alias(u.name) is u
    assert DAILY.unit_alias("water_l") is None
    assert {u.name for u in DAILY.unit_aliases} == {"water_ml", "water_oz", "temp_f"}
    assert {u.name for u in EPISODES.unit_aliases} == {"duration_s"}


@pytest.mark.parametrize(
    ("alias", "value", "canonical"),
    [
        ("water_ml", 1000, 1.0),
        ("water_ml", 250, 0.25),
        ("water_oz", 33.814, 1.0),
        ("water_oz", 64, 1.893),
        ("temp_f", 212, 100.0),
        ("temp_f", 32, 0.0),
        ("temp_f", -40, -40.0),
        ("temp_f", 98.6, 37.0),
    ],
)
def test_daily_unit_conversions(alias, value, canonical):
    u = DAILY.unit_alias(alias)
    assert round(u.to_canonical(value), u.decimals) == pytest.approx(canonical, abs=1e-3)


def test_duration_seconds():
    u = EPISODES.unit_alias("duration_s")
    assert u.target == "duration_min"
    assert u.to_canonical(90) == pytest.approx(1.5)
    assert u.to_canonical(3600) == pytest.approx(60)


@pytest.mark.parametrize("t", ALL_TABLES, ids=lambda t: t.name)
def test_unit_conversion_inverts(t):
    for u in t.unit_aliases:
        for x in (-40.0, 0.0, 1.0, 33.814, 212.0, 1e4):
            assert u.from_canonical(u.to_canonical(x)) == pytest.approx(x, rel=1e-12, abs=1e-9)


def test_us_fluid_ounce_is_the_us_one():
    u = DAILY.unit_alias("water_oz")
    assert u.to_canonical(1) == pytest.approx(0.0295735295625)  # not the imperial 0.0284 L
    assert math.isclose(u.to_canonical(128), 3.785411784, rel_tol=1e-9)  # one US gallon


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("t", "name", "lo", "hi", "exclusive"),
    [
        (EPISODES, "severity", 0, 10, False),
        (EPISODES, "duration_min", 0, 1440, True),
        (DAILY, "water_l", 0, 15, False),
        (DAILY, "exercise_min", 0, 1440, False),
        (DAILY, "exercise_rpe", 0, 10, False),
        (DAILY, "temp_c", -60, 60, False),
        (DAILY, "humidity_pct", 0, 100, False),
        (DAILY, "stress", 0, 10, False),
        (DAILY, "sleep_h", 0, 24, False),
        (DAILY, "episodes", 0, 1000, False),
    ],
)
def test_ranges(t, name, lo, hi, exclusive):
    f = t.field(name)
    assert (f.min, f.max, f.min_exclusive) == (lo, hi, exclusive)


def test_limits_text():
    assert schema.limits_text(DAILY.field("water_l")) == "0 to 15"
    assert schema.limits_text(DAILY.field("temp_c")) == "-60 to 60"
    assert schema.limits_text(EPISODES.field("duration_min")) == "more than 0, at most 1440"
    assert schema.limits_text(DAILY.field("notes")) == ""
    assert schema.limits_text(lo=0.5, hi=2) == "0.5 to 2"


def test_units_are_declared_for_measurements():
    assert DAILY.field("water_l").unit == "litres"
    assert DAILY.field("temp_c").unit == "°C"
    assert DAILY.field("humidity_pct").unit == "%"
    assert DAILY.field("sleep_h").unit == "hours"
    assert EPISODES.field("duration_min").unit == "minutes"
    assert DAILY.field("episodes").kind == "integer"
