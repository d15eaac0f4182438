"""Headers in a person's own language: aliases, accent folding, and no collisions."""

from __future__ import annotations

import pytest

from crampwise import schema
from crampwise.errors import UnknownKindError
from crampwise.io import read_file
from crampwise.io.headers import guess_column


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Température (°C)", "temperature_c"),
        ("Humidité (%)", "humidite_pct"),
        ("Água (L)", "agua_l"),
        ("Größe", "grosse"),
        ("Aufwärmen", "aufwarmen"),
        ("Sueño (h)", "sueno_h"),
        ("Water (L)", "water_l"),
    ],
)
def test_accents_are_folded_not_dropped(header, expected):
    assert schema.normalise_header(header) == expected


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Datum", "date"),
        ("Fecha", "date"),
        ("Data", "date"),
        ("Wasser (L)", "water_l"),
        ("Eau (L)", "water_l"),
        ("Agua (L)", "water_l"),
        ("Acqua (L)", "water_l"),
        ("Água (L)", "water_l"),
        ("Water (L)", "water_l"),
        ("Wasser (ml)", "water_ml"),
        ("Training (min)", "exercise_min"),
        ("Entraînement (min)", "exercise_min"),
        ("Ejercicio (min)", "exercise_min"),
        ("Anstrengung", "exercise_rpe"),
        ("Esforço", "exercise_rpe"),
        ("Aufwärmen", "warmup"),
        ("Échauffement", "warmup"),
        ("Temperatur (°C)", "temp_c"),
        ("Température (°C)", "temp_c"),
        ("Temperatura (°C)", "temp_c"),
        ("Temperatuur (°C)", "temp_c"),
        ("Luftfeuchtigkeit (%)", "humidity_pct"),
        ("Humidité (%)", "humidity_pct"),
        ("Umidità (%)", "humidity_pct"),
        ("Stress", "stress"),
        ("Estrés", "stress"),
        ("Schlaf (h)", "sleep_h"),
        ("Sommeil (h)", "sleep_h"),
        ("Slaap (h)", "sleep_h"),
        ("Bemerkungen", "notes"),
    ],
)
def test_daily_headers_in_other_languages(header, column):
    assert schema.DAILY.header_lookup()[schema.normalise_header(header)] == column


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Beginn", "start"),
        ("Début", "start"),
        ("Fecha/Hora", "start"),
        ("Muskel", "muscle"),
        ("Músculo", "muscle"),
        ("Muscolo", "muscle"),
        ("Seite", "side"),
        ("Côté", "side"),
        ("Stärke", "severity"),
        ("Intensité", "severity"),
        ("Dauer (min)", "duration_min"),
        ("Durée (min)", "duration_min"),
        ("Duração (min)", "duration_min"),
        ("Aktivität", "activity"),
        ("Actividad", "activity"),
        ("Linderung", "relief"),
        ("Alivio", "relief"),
        ("Notizen", "notes"),
        ("Opmerkingen", "notes"),
    ],
)
def test_episode_headers_in_other_languages(header, column):
    assert schema.EPISODES.header_lookup()[schema.normalise_header(header)] == column


@pytest.mark.parametrize("t", [schema.EPISODES, schema.DAILY], ids=lambda t: t.name)
def test_no_header_alias_names_two_columns(t):
    owners: dict[str, set[str]] = {}
    for f in t.fields:
        for alias in (f.name, *f.aliases):
            owners.setdefault(alias, set()).add(f.name)
        assert set(f.unitless) <= set(f.aliases), f.name
    for u in t.unit_aliases:
        for alias in (u.name, *u.aliases):
            owners.setdefault(alias, set()).add(u.name)
    clashes = {alias: names for alias, names in owners.items() if len(names) > 1}
    assert clashes == {}
    # Every alias is already in normalised form, or it could never match.
    assert all(schema.normalise_header(alias) == alias for alias in owners)


def test_kind_words_do_not_cross_tables():
    """Detection reads 'start'/'muscle' as episodes and 'date' as daily: no word is both."""
    episodes = schema.EPISODES.header_lookup()
    daily = schema.DAILY.header_lookup()
    ep_kind = {a for a, c in episodes.items() if c in ("start", "muscle")}
    daily_date = {a for a, c in daily.items() if c == "date"}
    assert not ep_kind & set(daily)
    assert not daily_date & set(episodes)
    # The episodes' own date and time words are not aliases of any episodes column.
    assert not set(schema.EPISODE_DATE_HEADERS + schema.EPISODE_TIME_HEADERS) & set(episodes)


def test_german_excel_file_lands_on_canonical_columns_and_refuses_negative_water(data_path):
    result = read_file(data_path("daily_de_excel_native.csv"))
    assert result.table is schema.DAILY
    assert (result.encoding, result.delimiter) == ("cp1252", ";")
    assert result.custom_factors == []
    assert result.columns == {
        "Datum": "date",
        "Wasser (L)": "water_l",
        "Training (min)": "exercise_min",
        "Temperatur (°C)": "temp_c",
        "Stress": "stress",
    }
    assert len(result.data) == 11
    assert result.problems[["row", "column", "value"]].values.tolist() == [[6, "water_l", "-1,5"]]
    message = result.messages()[0]
    assert "row 6" in message and "-1,5" in message and "below 0" in message


def test_german_episodes_with_separate_date_and_time_columns():
    raw = "Datum;Uhrzeit;Muskel;Stärke\n14.03.2025;22:15;calf;7\n".encode("cp1252")
    result = read_file(raw)
    assert result.table is schema.EPISODES
    assert result.data["start"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2025-03-14 22:15"]
    assert result.data["severity"].tolist() == [7]


def test_french_accented_headers_are_not_custom_factors(data_path):
    result = read_file(data_path("daily_fr_accents.csv"))
    assert result.ok
    assert result.columns["Température (°C)"] == "temp_c"
    assert result.columns["Humidité (%)"] == "humidity_pct"
    assert result.columns["Eau (L)"] == "water_l"
    assert result.custom_factors == ["cafeine_mg"]
    assert result.data["temp_c"].tolist() == [27.5, 19.0, 22.0]


def test_unknown_kind_still_names_the_choice():
    with pytest.raises(UnknownKindError):
        read_file(b"Wert;Zahl\n1;2\n")


@pytest.mark.parametrize(
    ("header", "guess"),
    [
        ("Wassser (L)", "water_l"),  # a typo of a known header
        ("Trinkwasser (L)", "water_l"),  # a known header inside it
        ("Sport gesamt (min)", "exercise_min"),
        ("Schlafstunden", "sleep_h"),
        ("Wasser (ml) gesamt", "water_ml"),  # a unit alias is a guess too
        ("Koffein (mg)", None),
        ("Laune", None),
        ("", None),
    ],
)
def test_guess_column_for_an_unrecognised_header(header, guess):
    assert guess_column(schema.DAILY, header) == guess


def test_guess_column_only_offers_allowed_targets():
    assert guess_column(schema.DAILY, "Trinkwasser (L)", allowed=["sleep_h"]) is None
    assert guess_column(schema.EPISODES, "Schmerzstärke") == "severity"


def test_a_column_headed_row_does_not_clash_with_the_row_numbers():
    """Found by the fuzz test: "ROW" would have become a factor named like the row index."""
    result = read_file(b"Row,date\n5,2025-03-01\n", "daily")
    assert "row" not in result.data.columns
    assert result.data["column_1"].tolist() == [5.0]
    assert result.data.reset_index()["row"].tolist() == [2]  # the row number, not the column
