"""crampwise.words.charts: the Insights figures hold the right data on the right axes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crampwise.words import charts


def table(days: int = 20) -> pd.DataFrame:
    """A daily table as crampwise.stats.analysis.analyze returns it, starting on a Wednesday."""
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "date": pd.date_range("2025-03-05", periods=days, freq="D"),
            "episodes": rng.integers(0, 3, days),
            "temp_c": np.linspace(5.0, 25.0, days),
            "warmup": np.tile([0.0, 1.0], days // 2 + 1)[:days],
        }
    )


def test_timeline_has_episode_bars_and_the_factor_on_a_second_axis():
    t = table()
    fig = charts.timeline(t, "temp_c")
    bars, line = fig.data
    assert bars.type == "bar" and list(bars.y) == t["episodes"].tolist()
    assert line.yaxis == "y2" and list(line.y) == t["temp_c"].tolist()
    assert fig.layout.yaxis2.overlaying == "y" and fig.layout.yaxis2.side == "right"
    assert fig.layout.yaxis2.title.text == "Temperature (°C)"
    assert len(charts.timeline(t).data) == 1


def test_calendar_places_each_day_by_week_and_weekday():
    t = table()
    t = t[t["date"] != pd.Timestamp("2025-03-12")]  # one day not logged
    fig = charts.calendar(t)
    heat = fig.data[0]
    z = np.asarray(heat.z, dtype=float)
    assert z.shape == (7, 4)  # Monday 3 March to Monday 24 March: four weeks
    assert [pd.Timestamp(x).weekday() for x in heat.x] == [0, 0, 0, 0]
    assert list(heat.y) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert np.isnan(z[0, 0]) and np.isnan(z[1, 0])  # 3 and 4 March: before the log
    assert z[2, 0] == t["episodes"].iloc[0]  # Wednesday 5 March, the first day
    assert np.isnan(z[2, 1])  # Wednesday 12 March, not logged: blank, not 0
    last = t.iloc[-1]  # Monday 24 March
    assert z[0, 3] == last["episodes"]
    assert np.nansum(z) == t["episodes"].sum()


def test_factor_scatter_draws_points_and_a_lowess_trend():
    from statsmodels.nonparametric.smoothers_lowess import lowess

    t = table()
    fig = charts.factor_scatter(t, "temp_c")
    points, trend = fig.data
    assert list(points.x) == t["temp_c"].tolist() and list(points.y) == t["episodes"].tolist()
    expected = lowess(t["episodes"].to_numpy(float), t["temp_c"].to_numpy(float), frac=2 / 3, it=0)
    assert np.allclose(trend.y, expected[:, 1]) and np.allclose(trend.x, expected[:, 0])
    assert fig.layout.xaxis.title.text == "Temperature (°C)"


def test_factor_scatter_skips_the_trend_with_few_days():
    fig = charts.factor_scatter(table(8), "temp_c")
    assert [tr.mode for tr in fig.data] == ["markers"]


def test_factor_scatter_falls_back_to_group_means_when_ties_break_lowess():
    t = table(30).assign(hot_exercise_min=[0.0] * 25 + [20.0, 30.0, 45.0, 60.0, 90.0])
    fig = charts.factor_scatter(t, "hot_exercise_min")
    trend = fig.data[1]
    assert trend.name == "Trend (average per group of days)"
    assert np.isfinite(np.asarray(trend.y, dtype=float)).all()
    zero_days = t.loc[t["hot_exercise_min"] == 0, "episodes"].mean()
    assert trend.y[0] == pytest.approx(zero_days)


def test_a_yes_no_factor_gets_a_box_per_answer():
    t = table()
    fig = charts.factor_scatter(t, "warmup")
    assert [tr.type for tr in fig.data] == ["box", "box"]
    assert [tr.name for tr in fig.data] == ["No", "Yes"]
    assert list(fig.data[1].y) == t.loc[t["warmup"] == 1, "episodes"].tolist()


def test_forest_has_one_marker_per_term_and_error_bars_matching_the_cis():
    terms = pd.DataFrame(
        {
            "factor": ["temp_c", "water_l", "stress"],
            "irr": [1.3, 0.7, 1.0],
            "ci_low": [1.1, 0.4, 0.8],
            "ci_high": [1.6, 1.2, 1.25],
        }
    )
    fig = charts.forest(terms)
    markers, reference = fig.data
    assert list(markers.x) == [1.3, 0.7, 1.0] and len(markers.y) == 3
    upper = np.asarray(markers.x) + np.asarray(markers.error_x.array)
    lower = np.asarray(markers.x) - np.asarray(markers.error_x.arrayminus)
    assert np.allclose(upper, terms["ci_high"]) and np.allclose(lower, terms["ci_low"])
    assert fig.layout.xaxis.type == "log"
    assert list(reference.x) == [1, 1] and reference.mode == "lines"
    assert list(fig.layout.yaxis.ticktext) == ["Temperature (°C)", "Fluids (litres)", "Stress (0-10)"]
    # A clear ratio (CI excluding 1) is coloured, an unclear one grey.
    assert markers.marker.color[0] == charts.EPISODES_COLOUR
    assert markers.marker.color[1] == charts.NEUTRAL


def test_forest_uses_readable_labels_when_given():
    from types import SimpleNamespace

    from crampwise.words import takeaways

    model = SimpleNamespace(
        terms=pd.DataFrame(
            {
                "factor": ["exercise_min"],
                "irr": [1.013],
                "ci_low": [1.001],
                "ci_high": [1.025],
                "p": [0.03],
                "sd": [39.0],
            }
        )
    )
    fig = charts.forest(takeaways.model_terms(model))
    assert list(fig.layout.yaxis.ticktext) == ["Exercise, per 30 minutes more"]
    assert fig.data[0].x[0] == pytest.approx(1.013**30)


def test_hours_has_24_bars_with_the_night_darker():
    frame = pd.DataFrame({"hour": range(24), "episodes": range(24)})
    fig = charts.hours(frame)
    bars = fig.data[0]
    assert list(bars.y) == list(range(24))
    night = [c == charts.EPISODES_COLOUR for c in bars.marker.color]
    assert night == [h >= 22 or h < 7 for h in range(24)]


def test_muscles_stacks_sides_and_sorts_by_total():
    frame = pd.DataFrame(
        {
            "muscle": ["foot", "calf", "calf", "foot"],
            "side": ["left", "left", "right", "unspecified"],
            "episodes": [2, 3, 4, 1],
        }
    )
    fig = charts.muscles(frame)
    assert fig.layout.barmode == "stack"
    by_side = {tr.name: dict(zip(tr.y, tr.x, strict=True)) for tr in fig.data}
    assert list(fig.data[0].y) == ["calf", "foot"]
    assert by_side["left"] == {"calf": 3, "foot": 2}
    assert by_side["right"] == {"calf": 4, "foot": 0}
    assert by_side["side not noted"] == {"calf": 0, "foot": 1}


def test_relief_and_monthly():
    relief = pd.DataFrame({"relief": ["stretch", "rest"], "times_used": [5, 2], "share": [0.5, 0.2]})
    assert list(charts.relief(relief).data[0].x) == [5, 2]
    monthly = pd.DataFrame(
        {
            "month": pd.to_datetime(["2025-03-01", "2025-04-01"]),
            "episodes": [3, 0],
            "median_severity": [5.0, None],
            "median_duration_min": [1.5, None],
        }
    )
    fig = charts.monthly(monthly)
    assert [list(tr.y) for tr in fig.data][0] == [3, 0]
    assert fig.data[1].yaxis == "y2" and fig.data[2].yaxis == "y3"


def test_every_insights_figure_on_the_sample_serialises():
    from crampwise.io.sample import load_sample
    from crampwise.stats import analysis
    from crampwise.stats.episodes import episode_patterns
    from crampwise.words import takeaways

    daily, episodes = load_sample()
    a = analysis.analyze(daily.data, episodes.data)
    p = episode_patterns(episodes.data)
    figures = [
        charts.timeline(a.table, "temp_c"),
        charts.calendar(a.table),
        charts.forest(takeaways.model_terms(a.model, a.table)),
        charts.hours(p["hour"]),
        charts.muscles(p["muscle"]),
        charts.relief(p["relief"]),
        charts.monthly(p["monthly"]),
    ]
    figures += [charts.factor_scatter(a.table, f) for f in a.factors["factor"].unique()]
    for fig in figures:
        assert fig.to_json() and fig.layout.title.text


# --------------------------------------------------------------------------- US units


def test_timeline_in_us_units_plots_fahrenheit():
    t = table()
    line = charts.timeline(t, "temp_c", system="us").data[1]
    assert list(line.y) == pytest.approx((t["temp_c"] * 9 / 5 + 32).tolist())
    assert line.y[0] == pytest.approx(41.0) and line.y[-1] == pytest.approx(77.0)
    fig = charts.timeline(t, "temp_c", system="us")
    assert fig.layout.yaxis2.title.text == "Temperature (°F)"
    assert "°C" not in fig.layout.title.text and "°F" in line.hovertemplate


def test_factor_scatter_in_us_units_converts_x_and_its_axis_title():
    t = table().assign(water_l=np.linspace(1.0, 3.0, 20))
    fig = charts.factor_scatter(t, "water_l", system="us")
    points = fig.data[0]
    assert list(points.x) == pytest.approx((t["water_l"] / 0.0295735295625).tolist())
    assert fig.layout.xaxis.title.text == "Fluids (fl oz)"
    assert "fl oz" in points.hovertemplate
    assert max(fig.data[1].x) == pytest.approx(3.0 / 0.0295735295625)  # the trend too
    hot = charts.factor_scatter(table(), "temp_c", system="us")
    assert hot.layout.xaxis.title.text == "Temperature (°F)"
    assert min(hot.data[0].x) == pytest.approx(41.0)
    # Metric stays canonical.
    assert list(charts.factor_scatter(t, "water_l").data[0].x) == t["water_l"].tolist()


def test_forest_rows_follow_the_unit_system():
    from crampwise.words import takeaways

    terms = pd.DataFrame(
        {
            "factor": ["temp_c", "water_l"],
            "irr": [1.04, 0.8],
            "ci_low": [1.01, 0.6],
            "ci_high": [1.07, 1.1],
            "p": [0.01, 0.3],
            "sd": [6.0, 0.5],
        }
    )
    from types import SimpleNamespace

    shown = takeaways.model_terms(SimpleNamespace(terms=terms), system="us")
    fig = charts.forest(shown, system="us")
    assert list(fig.layout.yaxis.ticktext) == ["Temperature, per 9 °F more", "Fluids, per 32 fl oz more"]
    assert list(charts.forest(terms, system="us").layout.yaxis.ticktext) == [
        "Temperature (°F)",
        "Fluids (fl oz)",
    ]


def test_muscles_legend_sits_below_the_plot_with_no_axis_title_under_it():
    frame = pd.DataFrame({"muscle": ["calf", "foot"], "side": ["left", "right"], "episodes": [2, 1]})
    fig = charts.muscles(frame)
    assert fig.layout.xaxis.title.text is None  # the old "Episodes" sat under the legend
    assert fig.layout.legend.orientation == "h"
    assert fig.layout.legend.yanchor == "top" and fig.layout.legend.y < 0
    assert fig.layout.legend.title.text == "Side"
