"""Unit tests for crampwise.stats.filters (pure pandas; no Streamlit)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from crampwise import schema
from crampwise.io import read_file
from crampwise.stats import filters

EPISODES_CSV = b"""start,muscle,severity
2025-03-01 23:59,calf,7
2025-03-02 00:00,foot,4
2025-03-05 12:30,calf,5
2025-03-09 02:15,eyelid,1
"""

DAILY_CSV = b"""date,water_l
2025-03-01,1.5
2025-03-02,2.0
2025-03-03,2.5
"""


@pytest.fixture
def episodes() -> pd.DataFrame:
    return read_file(EPISODES_CSV, "episodes").data


@pytest.fixture
def daily() -> pd.DataFrame:
    return read_file(DAILY_CSV, "daily").data


def test_date_column_per_table():
    assert filters.date_column(schema.EPISODES) == "start"
    assert filters.date_column(schema.DAILY) == "date"


def test_date_bounds(episodes, daily):
    assert filters.date_bounds(episodes, schema.EPISODES) == (date(2025, 3, 1), date(2025, 3, 9))
    assert filters.date_bounds(daily, schema.DAILY) == (date(2025, 3, 1), date(2025, 3, 3))


def test_date_bounds_empty_is_none(episodes):
    assert filters.date_bounds(episodes.iloc[0:0], schema.EPISODES) is None
    assert filters.date_bounds(pd.DataFrame(), schema.DAILY) is None


def test_no_filters_returns_everything(episodes):
    out = filters.filter_rows(episodes, schema.EPISODES)
    assert out.equals(episodes)


def test_end_date_is_inclusive_for_datetimes(episodes):
    out = filters.filter_rows(episodes, schema.EPISODES, end=date(2025, 3, 1))
    assert out["muscle"].astype(str).tolist() == ["calf"]  # 23:59 on the 1st is kept


def test_start_date_is_inclusive_from_midnight(episodes):
    out = filters.filter_rows(episodes, schema.EPISODES, start=date(2025, 3, 2))
    assert out["start"].min() == pd.Timestamp("2025-03-02 00:00")
    assert len(out) == 3


def test_range_on_daily(daily):
    out = filters.filter_rows(daily, schema.DAILY, start=date(2025, 3, 2), end=date(2025, 3, 2))
    assert out["water_l"].tolist() == [2.0]


def test_datetime_bound_counts_as_its_date(daily):
    out = filters.filter_rows(daily, schema.DAILY, start=datetime(2025, 3, 2, 18, 0))
    assert len(out) == 2  # the 2nd itself is kept despite 18:00


def test_muscles(episodes):
    out = filters.filter_rows(episodes, schema.EPISODES, muscles=["calf", "eyelid"])
    assert sorted(out["muscle"].astype(str)) == ["calf", "calf", "eyelid"]


def test_empty_muscle_list_means_all(episodes):
    assert len(filters.filter_rows(episodes, schema.EPISODES, muscles=[])) == len(episodes)


def test_muscles_and_dates_combine(episodes):
    out = filters.filter_rows(episodes, schema.EPISODES, start=date(2025, 3, 2), muscles=["calf"])
    assert out["start"].tolist() == [pd.Timestamp("2025-03-05 12:30")]


def test_keeps_index_and_columns(episodes):
    out = filters.filter_rows(episodes, schema.EPISODES, muscles=["foot"])
    assert list(out.columns) == list(episodes.columns)
    assert out.index.tolist() == [3]  # spreadsheet row of the foot episode


def test_muscles_on_daily_is_an_error(daily):
    with pytest.raises(ValueError, match="no muscle column"):
        filters.filter_rows(daily, schema.DAILY, muscles=["calf"])


def test_muscle_options_in_schema_order(episodes):
    assert filters.muscle_options(episodes) == ["calf", "foot", "eyelid"]
    assert filters.muscle_options(pd.DataFrame({"date": []})) == []
