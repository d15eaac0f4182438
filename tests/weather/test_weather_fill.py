"""Which days get the weather, and that only their blank cells do."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from crampwise.errors import WeatherError
from crampwise.weather import (
    Place,
    WeatherReport,
    WeatherRequest,
    blank_days,
    fill_frame,
    plan,
    values_to_fill,
)

BERLIN = Place("Berlin", 52.52, 13.41)


def _daily(rows: list[tuple[str, float | None, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]"),
            "water_l": [2.0] * len(rows),
            "temp_c": pd.Series([r[1] for r in rows], dtype="float64"),
            "humidity_pct": pd.Series([r[2] for r in rows], dtype="float64"),
        }
    )


def _report(start: str, temps: list[float | None], hums: list[float | None]) -> WeatherReport:
    first = dt.date.fromisoformat(start)
    days = pd.DataFrame(
        {
            "date": pd.date_range(first, periods=len(temps)).astype("datetime64[us]"),
            "temp_c": pd.Series(temps, dtype="float64"),
            "humidity_pct": pd.Series(hums, dtype="float64"),
        }
    )
    request = WeatherRequest.for_days(BERLIN, first, first + dt.timedelta(days=len(temps) - 1))
    return WeatherReport(request, days, "Europe/Berlin", from_cache=False)


DAILY = _daily(
    [
        ("2024-06-03", None, None),  # both blank
        ("2024-06-04", 31.0, None),  # the person's temperature, humidity blank
        ("2024-06-05", 30.0, 40.0),  # complete
        ("2024-06-07", None, 55.0),  # a gap day before it; humidity typed
        ("2024-06-09", None, None),  # the service has nothing for it yet
    ]
)
REPORT = _report("2024-06-03", [21.4, 23.0, 19.8, 22.6, 25.1, 27.9, None], [71, 66, 80, 69, 61, 55, None])


def test_blank_days_are_the_days_lacking_either_value_within_the_range():
    days = blank_days(DAILY, today=dt.date(2024, 7, 1))
    assert days == [dt.date(2024, 6, d) for d in (3, 4, 7, 9)]
    july = dt.date(2024, 7, 1)
    assert blank_days(DAILY, start=dt.date(2024, 6, 4), end=dt.date(2024, 6, 7), today=july) == [
        dt.date(2024, 6, 4),
        dt.date(2024, 6, 7),
    ]
    assert blank_days(DAILY, today=dt.date(2024, 6, 5)) == [dt.date(2024, 6, 3), dt.date(2024, 6, 4)]
    assert blank_days(DAILY.iloc[0:0], today=dt.date(2024, 7, 1)) == []


def test_a_daily_table_without_the_columns_is_all_blank():
    daily = DAILY[["date", "water_l"]]
    assert len(blank_days(daily, today=dt.date(2024, 7, 1))) == len(daily)


def test_the_plan_asks_for_the_first_to_the_last_blank_day_only():
    request = plan(DAILY, BERLIN, today=dt.date(2024, 7, 1))
    assert (request.start, request.end) == (dt.date(2024, 6, 3), dt.date(2024, 6, 9))
    assert (request.latitude, request.longitude) == (52.5, 13.4)
    complete = DAILY.iloc[[2]]
    with pytest.raises(WeatherError, match="nothing to fill in"):
        plan(complete, BERLIN, today=dt.date(2024, 7, 1))


def test_only_blank_cells_are_filled_and_days_the_service_lacks_stay_blank():
    values = values_to_fill(DAILY, REPORT)
    assert values["date"].dt.day.tolist() == [3, 4, 7]
    got = values.set_index(values["date"].dt.day)
    assert got.loc[3, "temp_c"] == 21.4 and got.loc[3, "humidity_pct"] == 71
    assert np.isnan(got.loc[4, "temp_c"]) and got.loc[4, "humidity_pct"] == 66  # 31.0 is the person's
    assert got.loc[7, "temp_c"] == 25.1 and np.isnan(got.loc[7, "humidity_pct"])  # 55 is the person's


def test_a_filled_table_keeps_every_value_it_had_and_counts_what_it_filled():
    filled, counts = fill_frame(DAILY, REPORT)
    assert filled["temp_c"].tolist()[:4] == [21.4, 31.0, 30.0, 25.1]
    assert filled["humidity_pct"].tolist()[:4] == [71.0, 66.0, 40.0, 55.0]
    assert filled.iloc[4][["temp_c", "humidity_pct"]].isna().all()
    pd.testing.assert_series_equal(filled["water_l"], DAILY["water_l"])
    assert counts.filled == {"temp_c": 2, "humidity_pct": 2}
    assert (counts.cells, counts.days, counts.not_yet) == (4, 3, 1)


def test_filling_twice_fills_nothing_the_second_time():
    once, _ = fill_frame(DAILY, REPORT)
    twice, counts = fill_frame(once, REPORT)
    pd.testing.assert_frame_equal(once, twice)
    assert counts.cells == 0
