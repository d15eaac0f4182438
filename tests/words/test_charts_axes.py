"""crampwise.words.charts: honest axes (issue 12). Counts have whole-number ticks, yes/no
factors are marks on an axis of "No" and "Yes", every other axis has round ticks.

The first tests read the figure dicts; the last ones draw every Insights figure of the
sample in Chromium and read the tick labels plotly.js actually wrote, because its
defaults (an overlaying axis syncs its ticks to the other one's grid: 0, 0.167,
0.333...) are not visible in the dict.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from crampwise.words import charts


def table(days: int = 20) -> pd.DataFrame:
    """A daily table as analyze returns it: warm-up blank on days without exercise."""
    rng = np.random.default_rng(3)
    warmup = np.tile([1.0, 0.0, np.nan, 1.0], days // 4 + 1)[:days]
    return pd.DataFrame(
        {
            "date": pd.date_range("2025-03-05", periods=days, freq="D"),
            "episodes": rng.integers(0, 4, days),
            "temp_c": np.linspace(5.0, 25.0, days),
            "stress": np.tile([0.0, 1.0], days // 2 + 1)[:days],  # a 0-10 scale, logged as 0/1
            "warmup": warmup,
            "no_warmup": 1.0 - warmup,
            "socks": np.tile([1.0, 0.0, 0.0], days // 3 + 1)[:days],  # a custom yes/no factor
            "caffeine_mg": np.tile([0.0, 80.0], days // 2 + 1)[:days],
        }
    )


def assert_count_axis(axis: Any, top: float) -> None:
    """Whole-number ticks from 0, at most six steps up to ``top``, printed without decimals."""
    assert axis.tickmode == "linear" and axis.tick0 == 0
    assert isinstance(axis.dtick, int) and axis.dtick >= 1
    assert top / axis.dtick <= 6
    assert axis.tickformat == ",d" and axis.rangemode == "tozero"


# --------------------------------------------------------------------------- yes/no


@pytest.mark.parametrize("factor", ["warmup", "no_warmup", "socks"])
def test_timeline_draws_a_yes_no_factor_as_marks_on_a_no_yes_axis(factor):
    t = table()
    fig = charts.timeline(t, factor)
    marks = [tr for tr in fig.data if tr.yaxis == "y2"]
    assert marks and all(tr.type == "scatter" and tr.mode == "markers" for tr in marks)
    assert list(fig.layout.yaxis2.tickvals) == [0, 1]
    assert list(fig.layout.yaxis2.ticktext) == ["No", "Yes"]
    assert fig.layout.yaxis2.range[0] < 0 < 1 < fig.layout.yaxis2.range[1]  # both rows visible
    yes, no = marks
    values = t[factor]
    assert list(pd.to_datetime(yes.x)) == list(t.loc[values == 1, "date"])
    assert list(pd.to_datetime(no.x)) == list(t.loc[values == 0, "date"])
    assert set(yes.y) == {1} and set(no.y) == {0}
    assert len(yes.x) + len(no.x) == values.notna().sum()  # days without an answer stay blank
    assert yes.marker.symbol == "circle" and no.marker.symbol == "circle-open"
    assert "Yes" in yes.hovertemplate and "No" in no.hovertemplate


def test_timeline_keeps_a_scale_as_a_line_with_its_own_round_ticks():
    """Stress logged only as 0 and 1 is still a 0-10 scale; plotly must not sync its ticks."""
    for factor in ("temp_c", "stress", "caffeine_mg"):
        fig = charts.timeline(table(), factor)
        line = fig.data[1]
        assert line.mode == "lines" and line.yaxis == "y2"
        assert fig.layout.yaxis2.tickmode == "auto" and fig.layout.yaxis2.tickvals is None


def test_yes_no_knows_the_schema_and_reads_custom_factors():
    t = table()
    assert charts.yes_no(t["warmup"], "warmup") and charts.yes_no(t["no_warmup"], "no_warmup")
    assert charts.yes_no(t["socks"], "socks")
    assert charts.yes_no(pd.Series([True, False, None]), "socks")
    assert not charts.yes_no(t["stress"], "stress")  # a scale, whatever was logged
    assert not charts.yes_no(t["caffeine_mg"], "caffeine_mg")
    assert not charts.yes_no(pd.Series([0.0, 1.0, 2.0]), "socks")
    assert not charts.yes_no(pd.Series([np.nan, np.nan]), "socks")


def test_factor_scatter_puts_yes_no_boxes_at_no_and_yes_only():
    for factor in ("warmup", "socks"):
        fig = charts.factor_scatter(table(), factor)
        assert [tr.type for tr in fig.data] == ["box", "box"]
        assert [tr.name for tr in fig.data] == ["No", "Yes"]
        assert fig.layout.xaxis.type == "category"
        assert list(fig.layout.xaxis.categoryarray) == ["No", "Yes"]


def test_factor_scatter_names_two_values_of_a_scale_by_value_not_no_and_yes():
    """Before, 0 mg of caffeine was "No" and 80 mg "80.0"."""
    fig = charts.factor_scatter(table(), "caffeine_mg")
    assert [tr.name for tr in fig.data] == ["0", "80"]
    us = charts.factor_scatter(table().assign(water_l=[1.0, 2.0] * 10), "water_l", system="us")
    assert [tr.name for tr in us.data] == ["33.814 fl oz", "67.628 fl oz"]


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("top", "step"),
    [(0, 1), (1, 1), (3, 1), (6, 1), (7, 2), (12, 2), (13, 5), (30, 5), (31, 10), (60, 10), (61, 20)],
)
def test_whole_step_is_a_round_whole_number(top, step):
    assert charts.whole_step(top) == step


def test_whole_step_never_gives_more_than_the_steps_asked_for():
    for top in [*range(0, 200), 999, 1000, 1001, 12345, 10**6]:
        for most in (4, 6):
            step = charts.whole_step(top, most)
            assert isinstance(step, int) and step >= 1
            assert top / step <= most
            mantissa = step / 10 ** math.floor(math.log10(step))
            assert mantissa in (1, 2, 5)
            # the next smaller round step would have been too many
            smaller = step // 2 if mantissa in (1, 2) and step > 1 else step * 2 // 5
            assert step == 1 or top / smaller > most


def test_count_axis_of_nothing_counted_shows_zero_and_one():
    axis = charts.count_axis(pd.Series([0, 0, 0]), title="Episodes")
    assert axis["range"] == [0, 1] and axis["dtick"] == 1 and axis["title"] == "Episodes"
    assert "range" not in charts.count_axis([0, 2, np.nan])


def test_every_count_axis_has_whole_number_ticks():
    t = table()
    top = t["episodes"].max()
    assert_count_axis(charts.timeline(t).layout.yaxis, top)
    assert_count_axis(charts.timeline(t, "warmup").layout.yaxis, top)
    assert_count_axis(charts.factor_scatter(t, "temp_c").layout.yaxis, top)
    assert_count_axis(charts.factor_scatter(t, "warmup").layout.yaxis, top)
    fig = charts.hours(pd.DataFrame({"hour": range(24), "episodes": range(24)}))
    assert_count_axis(fig.layout.yaxis, 23)
    assert fig.layout.yaxis.dtick == 5
    muscle = pd.DataFrame(
        {"muscle": ["calf", "calf", "foot"], "side": ["left", "right", "left"], "episodes": [6, 5, 2]}
    )
    fig = charts.muscles(muscle)
    assert_count_axis(fig.layout.xaxis, 11)  # the stacked total, not the largest piece
    assert fig.layout.xaxis.dtick == 2
    relief = pd.DataFrame({"relief": ["stretch", "rest"], "times_used": [33, 2], "share": [0.5, 0.1]})
    fig = charts.relief(relief)
    assert_count_axis(fig.layout.xaxis, 33)
    assert fig.layout.xaxis.dtick == 10
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-03-01", "2025-04-01"]),
            "episodes": [25, 9],
            "median_severity": [5.0, 6.0],
            "median_duration_min": [1.5, 0.9],
        }
    )
    fig = charts.monthly(monthly)
    assert fig.layout.yaxis.dtick == 10 and fig.layout.yaxis.tickformat == ",d"  # a short panel
    assert fig.layout.yaxis2.dtick == 2  # severity 0-10


def test_calendar_colour_bar_counts_in_whole_numbers():
    t = table().assign(episodes=[0, 1, 2, 3, 14] * 4)
    bar = charts.calendar(t).data[0].colorbar
    assert bar.tickmode == "linear" and bar.tick0 == 0 and bar.dtick == 5
    assert bar.tickformat == ",d"


# --------------------------------------------------------------------------- rate ratios


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0.26, 2.7, [0.3, 0.5, 0.7, 1, 1.5, 2]),
        (0.06, 12.0, [0.1, 0.2, 0.5, 1, 2, 5, 10]),
        (0.82, 1.3, [0.9, 1, 1.2]),
        (1.01, 1.6, [1, 1.2, 1.5]),
        (0.99, 1.01, []),  # too narrow for round values: plotly's own
    ],
)
def test_ratio_ticks_are_round_and_include_one(low, high, ticks):
    assert charts.ratio_ticks(low, high) == ticks


def test_ratio_ticks_thin_a_wide_range_but_keep_one():
    ticks = charts.ratio_ticks(0.001, 1000)
    assert 3 <= len(ticks) <= 9 and 1.0 in ticks
    assert ticks == sorted(ticks) and ticks[0] <= 0.01 and ticks[-1] >= 100
    assert charts.ratio_ticks(float("nan"), 2.0) == []


def test_forest_labels_its_log_axis_with_round_ratios():
    terms = pd.DataFrame(
        {
            "factor": ["temp_c", "water_l", "warmup"],
            "irr": [1.3, 0.7, 0.45],
            "ci_low": [1.1, 0.4, 0.26],
            "ci_high": [1.6, 1.2, 0.8],
        }
    )
    axis = charts.forest(terms).layout.xaxis
    assert axis.type == "log"
    assert list(axis.tickvals) == [0.3, 0.5, 0.7, 1, 1.5]
    assert list(axis.ticktext) == ["0.3", "0.5", "0.7", "1", "1.5"]
    low, high = axis.range  # log10 units: every interval is inside
    assert low < math.log10(0.26) and high > math.log10(1.6)


# --------------------------------------------------------------------------- drawn
