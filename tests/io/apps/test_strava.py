"""Strava's activities.csv: repeated headers by position, UTC dates, moving time per day."""

from __future__ import annotations

import pandas as pd
import pytest
from apps_fixtures import STRAVA_CSV
from paths import DATA_DIR

from crampwise.io import read_file
from crampwise.io.apps import read_export, recognise
from crampwise.io.apps.strava import TimeZoneError


def _minutes(export) -> dict[str, float]:
    return dict(zip(export.daily["date"].dt.strftime("%Y-%m-%d"), export.daily["exercise_min"], strict=True))


def test_recognised_by_its_header_and_not_a_plain_log(tmp_path):
    renamed = tmp_path / "export.csv"
    renamed.write_bytes(STRAVA_CSV.read_bytes())
    assert recognise(renamed).app == "Strava"
    for own in sorted(DATA_DIR.glob("*.csv")):
        assert recognise(own) is None, own.name


def test_moving_time_per_day_from_the_repeated_columns_by_position():
    minutes = _minutes(read_export(STRAVA_CSV))
    assert minutes["2025-03-03"] == pytest.approx(30 + 55)  # moving 1800 s + 3300 s, not elapsed
    assert minutes["2025-03-10"] == 45  # no moving time: elapsed 2700 s


def test_utc_days_unless_a_time_zone_is_given():
    utc = read_export(STRAVA_CSV)
    assert "2025-03-08" in _minutes(utc)
    assert any("UTC days" in n for n in utc.notes)
    chicago = read_export(STRAVA_CSV, timezone="America/Chicago")
    assert "2025-03-07" in _minutes(chicago) and "2025-03-08" not in _minutes(chicago)
    run = chicago.workouts.set_index("source_id").loc["1005"]
    assert run["start_utc"] == pd.Timestamp("2025-03-05 07:00") and run["start"] == pd.Timestamp(
        "2025-03-05 01:00"
    )
    with pytest.raises(TimeZoneError, match="not a time zone name"):
        read_export(STRAVA_CSV, timezone="Mars/Olympus")


def test_a_bad_time_is_refused_with_its_row_and_the_rest_kept():
    export = read_export(STRAVA_CSV)
    assert export.problems["message"].tolist() == ["row 7, Elapsed Time: lots is not a number of seconds"]
    assert len(export.workouts) == 5


def test_read_file_reads_it_as_days():
    result = read_file(STRAVA_CSV)
    assert result.app == "Strava" and result.table.name == "daily"
    assert result.data["exercise_min"].sum() == pytest.approx(85 + 40 + 25 + 45)
