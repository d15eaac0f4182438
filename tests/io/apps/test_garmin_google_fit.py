"""Garmin Connect's Activities.csv and Google Fit's Daily Summaries.csv."""

from __future__ import annotations

import pandas as pd
import pytest
from apps_fixtures import APPS_DIR
from paths import DATA_DIR

from crampwise.io import read_file
from crampwise.io.apps import garmin, read_export, recognise

GARMIN = APPS_DIR / "garmin" / "Activities.csv"
GARMIN_DE = APPS_DIR / "garmin" / "Activities_de.csv"
GOOGLE_FIT = APPS_DIR / "google_fit" / "Daily Summaries.csv"


def _minutes(export) -> dict[str, float]:
    return dict(zip(export.daily["date"].dt.strftime("%Y-%m-%d"), export.daily["exercise_min"], strict=True))


def test_each_is_recognised_by_content_and_a_plain_log_by_neither(tmp_path):
    for path, app in ((GARMIN, "Garmin Connect"), (GARMIN_DE, "Garmin Connect"), (GOOGLE_FIT, "Google Fit")):
        renamed = tmp_path / "upload.csv"
        renamed.write_bytes(path.read_bytes())
        assert recognise(renamed).app == app
    for own in sorted(DATA_DIR.glob("*.csv")):
        assert recognise(own) is None, own.name


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("01:05:00", 65.0),
        ("40:05", 40.08),
        ("00:48:30,5", 48.51),
        ("00:05:12.3", 5.21),
        ("--", None),
        ("", None),
    ],
)
def test_garmin_durations(text, minutes):
    assert garmin.minutes(text) == minutes


def test_garmin_moving_time_else_time_per_local_day_and_a_bad_date_refused():
    export = read_export(GARMIN)
    assert _minutes(export) == {"2025-03-05": 39.5, "2025-03-07": 65.0, "2025-03-09": 59.2}
    assert export.problems["message"].tolist() == [
        "row 6, Date: not a date is not a date such as 2025-03-05 07:00:12"
    ]
    run = export.workouts.iloc[0]
    assert run["start"] == pd.Timestamp("2025-03-05 07:00:12") and pd.isna(run["start_utc"])


def test_garmin_in_german_with_semicolons_and_decimal_commas():
    export = read_export(GARMIN_DE)
    assert _minutes(export) == {"2025-03-11": 47.2}  # Bewegungszeit 00:47:10,2
    assert export.problems.empty


def test_a_garmin_export_read_twice_has_the_same_workout_ids():
    assert (
        read_export(GARMIN).workouts["source_id"].tolist()
        == read_export(GARMIN).workouts["source_id"].tolist()
    )


def test_google_fit_heart_minutes_per_day_blank_stays_blank():
    export = read_export(GOOGLE_FIT)
    assert _minutes(export) == {"2025-03-01": 24.0, "2025-03-02": 0.0, "2025-03-03": 41.0}
    assert export.problems["message"].tolist() == ["row 6, Heart Minutes: ten is not a number"]
    assert export.workouts.empty
    result = read_file(GOOGLE_FIT)
    assert result.app == "Google Fit" and len(result.data) == 3


FITBIT = APPS_DIR / "fitbit" / "fitbit_export.csv"


def test_fitbit_active_minutes_and_sleep_from_their_sections_with_the_date_order_read_from_the_data():
    export = read_export(FITBIT)
    assert export.app == "Fitbit"
    daily = export.daily.set_index(export.daily["date"].dt.strftime("%Y-%m-%d"))
    assert daily["exercise_min"].to_dict() == {"2025-03-13": 55.0, "2025-03-14": 0.0, "2025-03-15": 61.0}
    assert daily.loc["2025-03-14", "sleep_h"] == 6.7  # 402 minutes asleep, ending that morning
    assert daily.loc["2025-03-15", "sleep_h"] == 0.67  # a nap counts too
    assert export.problems["message"].tolist() == [
        "Activities row 5, Minutes Fairly Active: x is not a number"
    ]


def test_fitbit_dates_that_could_be_either_order_are_refused_not_guessed():
    from crampwise.io.apps.fitbit import FitbitDateOrderError

    text = FITBIT.read_text().replace("13-03-2025", "01-03-2025").replace("14-03-2025", "02-03-2025")
    text = text.replace("15-03-2025", "03-03-2025").replace("16-03-2025", "04-03-2025")
    with pytest.raises(FitbitDateOrderError, match="could be day-first or month-first"):
        read_export(text.encode())


def test_fitbit_is_recognised_when_a_long_body_section_comes_first():
    text = FITBIT.read_text()
    body = "".join(f'"{d:02d}-01-2025","70.{d}","22.1","0"\n' for d in range(1, 29)) * 120
    longer = text.replace('"14-03-2025","70.2","22.1","0"\n', body)
    assert len(longer.encode()) > 65536
    assert recognise(longer.encode()).app == "Fitbit"
