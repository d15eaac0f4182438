"""Flaredown: cramp ratings 1-4 as episodes (0 is not an episode), humidity, one person only."""

from __future__ import annotations

import pandas as pd
import pytest
from apps_fixtures import APPS_DIR
from paths import DATA_DIR

from crampwise.io.apps import flaredown, read_export, recognise

WIDE = APPS_DIR / "flaredown" / "flaredown_export.csv"
LONG = APPS_DIR / "flaredown" / "flaredown_public.csv"


def test_both_formats_recognised_and_a_plain_log_not():
    assert recognise(WIDE).app == "Flaredown" and recognise(LONG).app == "Flaredown"
    for own in sorted(DATA_DIR.glob("*.csv")):
        assert recognise(own) is None, own.name


def test_wide_export_rated_cramps_become_episodes_and_zero_means_none():
    export = read_export(WIDE)
    ep = export.episodes
    assert ep["notes"].tolist() == [
        "From Flaredown: Leg cramps (3 of 4)",
        "From Flaredown: Calf spasm (4 of 4)",
        "From Flaredown: Calf spasm (1 of 4)",
    ]  # restless legs and fatigue are not cramps; ratings of 0 and blanks are no episode
    assert ep["severity"].tolist() == [3 * flaredown.SEVERITY_PER_POINT, 10.0, 2.5]
    assert ep["muscle"].tolist() == ["other", "calf", "calf"]
    assert (ep["start"].dt.strftime("%H:%M") == "12:00").all()
    assert export.problems["message"].tolist() == ["row 5, Leg cramps: 7 is not a rating from 0 to 4"]


def test_humidity_as_a_fraction_becomes_percent_and_temperatures_are_left_out():
    export = read_export(WIDE)
    assert export.daily.set_index("date")["humidity_pct"].iloc[:2].tolist() == [71.0, 55.0]
    assert "temp_c" not in export.daily
    assert any("temperatures" in item for item in export.left_out)


def test_long_format_of_one_person():
    export = read_export(LONG)
    assert export.episodes["start"].tolist() == [
        pd.Timestamp("2025-03-03 12:00"),
        pd.Timestamp("2025-03-05 12:00"),
    ]
    assert export.episodes["muscle"].tolist() == ["other", "foot"]


def test_the_public_data_set_of_many_people_is_refused():
    text = LONG.read_text() + "ZZZother,40,male,US,2025-03-05,57,Symptom,Muscle cramps,3\n"
    with pytest.raises(flaredown.FlaredownPeopleError, match="2 people"):
        read_export(text.encode())
