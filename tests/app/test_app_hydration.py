"""AppTest: the hydration chart of "How much to drink" fits the days logged and names every mark.

The case a new person met: one check-in today and 39 days imported from March 2025. The
chart used to stretch from March 2025 to today, with the goal band over the empty months
between and its red bars missing from the legend.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from app_helpers import open_app, texts

from crampwise.journal.privacy import LOCAL_OWNER
from crampwise.journal.store import open_journal
from crampwise.ui import navigation

HYDRATION = navigation.HYDRATION.path
MARCH = [dt.date(2025, 3, 3) + dt.timedelta(days=i) for i in range(39)]  # 3 Mar to 10 Apr 2025


def _array(value) -> list:
    """A plotly array from the chart's JSON (numbers may come as base64 "bdata")."""
    if isinstance(value, dict) and "bdata" in value:
        return list(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]))
    return list(value)


def _figure(at) -> dict:
    charts = [c for c in at.get("plotly_chart") if c.proto.id and "hydration_chart" in c.proto.id]
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _dates(values) -> list[pd.Timestamp]:
    return [pd.Timestamp(v) for v in values if v is not None]


@pytest.fixture
def today_and_march(personal):
    today = dt.date.today()
    with open_journal(personal) as journal:
        for i, day in enumerate(MARCH):  # 1.0 L (below), 1.5 L (within), 2.0 L (above), ...
            journal.save_day(LOCAL_OWNER, day, water_l=(1.0, 1.5, 2.0)[i % 3])
        journal.save_day(LOCAL_OWNER, today, water_l=1.0)
    return today


def test_the_chart_shows_the_recent_stretch_not_the_empty_months(today_and_march):
    today = today_and_march
    at = open_app(HYDRATION)
    assert not at.exception
    figure = _figure(at)
    start, end = (pd.Timestamp(x) for x in figure["layout"]["xaxis"]["range"])
    assert end - start <= pd.Timedelta(days=8)  # a week around today, not 20 months
    assert start <= pd.Timestamp(today) <= end
    assert start > pd.Timestamp(MARCH[-1])
    band = next(t for t in figure["data"] if t["name"] == "Goal range")
    assert all(start <= x <= end for x in _dates(band["x"]))  # only over the days shown
    bars = [x for t in figure["data"] if t["type"] == "bar" for x in _dates(t["x"])]
    assert bars == [pd.Timestamp(today)]
    # Where the other days went, in words, and how to see them.
    assert any("39 other logged days are in other stretches" in c for c in texts(at.caption))


def test_the_other_stretch_can_be_chosen_and_fits_its_days(today_and_march):
    at = open_app(HYDRATION)
    days = at.selectbox(key=next(s.key for s in at.selectbox if s.label == "Days shown"))
    assert days.options == [
        f"{dt.date.today().day} {dt.date.today():%b %Y} (1 day)",
        "3 Mar to 10 Apr 2025 (39 days)",
    ]
    at = days.select_index(1).run()
    assert not at.exception
    figure = _figure(at)
    start, end = (pd.Timestamp(x) for x in figure["layout"]["xaxis"]["range"])
    assert start == pd.Timestamp("2025-03-02 12:00") and end == pd.Timestamp("2025-04-10 12:00")
    band = next(t for t in figure["data"] if t["name"] == "Goal range")
    assert min(_dates(band["x"])) == start and max(_dates(band["x"])) == end
    assert len([x for t in figure["data"] if t["type"] == "bar" for x in _dates(t["x"])]) == 39


def test_every_mark_is_named_in_the_legend_and_the_red_bars_are_below_the_goal(today_and_march):
    at = open_app(HYDRATION)
    days = next(s for s in at.selectbox if s.label == "Days shown")
    figure = _figure(days.select_index(1).run())
    assert figure["layout"].get("showlegend") is True
    names = [t.get("name") for t in figure["data"]]
    assert all(names) and all(t.get("showlegend", True) for t in figure["data"])
    assert names == ["Goal range", "Below the goal", "Within the goal", "Above the goal"]
    red = next(t for t in figure["data"] if t["name"] == "Below the goal")
    assert red["marker"]["color"] == "#c0392b"
    assert len(_dates(red["x"])) == 13  # 1.0 L on every third day: below EFSA's 1.4 L
    assert not figure["layout"].get("shapes")  # no unnamed shapes either
