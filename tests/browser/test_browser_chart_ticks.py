"""Chart ticks as plotly.js draws them in Chromium (issue 12): whole-number counts, No/Yes
for yes/no factors and round ratios, for every sample figure.

The figure dict alone can look right while plotly.js draws something else (an overlaid
axis copies the left axis's tick positions by default), so these read the drawn labels.
They use the browser journeys' one Chromium (``browser`` in conftest.py); the page reaches
nothing but its own file. The figure settings are tested in tests/words/test_charts_axes.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from crampwise.words import charts


@pytest.fixture(scope="module")
def draw(browser, tmp_path_factory) -> Iterator:
    """``draw(fig)`` -> {axis class ("ytick", "y2tick", "xtick", "colorbar"...): labels}, as
    plotly.js drew them in Chromium (the page reaches nothing but its own file)."""
    import plotly.offline

    folder = tmp_path_factory.mktemp("charts")
    (folder / "plotly.min.js").write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    (folder / "page.html").write_text(
        '<html><body><script src="plotly.min.js"></script>'
        '<div id="g" style="width:900px;height:500px"></div></body></html>',
        encoding="utf-8",
    )
    context = browser.new_context()
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto((folder / "page.html").as_uri())

    def _draw(fig: go.Figure) -> dict[str, list[str]]:
        spec = json.loads(fig.to_json())
        return page.evaluate(
            """async (spec) => {
              await Plotly.newPlot('g', spec.data, spec.layout);
              const found = {};
              for (const t of document.querySelectorAll('g[class$="tick"] text')) {
                let k = t.parentNode.getAttribute('class');
                if (t.closest('.colorbar')) k = 'colorbar';
                (found[k] = found[k] || []).push(t.textContent);
              }
              return found;
            }""",
            spec,
        )

    try:
        yield _draw
    finally:
        context.close()


def _numbers(labels: list[str]) -> list[float]:
    return [float(x.replace(",", "").replace("\u2212", "-")) for x in labels]


def assert_whole(labels: list[str]) -> None:
    """Counts: 0, then whole numbers, each once."""
    values = _numbers(labels)
    assert values[0] == 0 and all(v == int(v) for v in values), labels
    assert len(set(labels)) == len(labels), labels


def assert_round(labels: list[str]) -> None:
    """Evenly spaced by a round step (1, 2, 2.5 or 5 × a power of ten): not 0, 0.167, 0.333."""
    values = _numbers(labels)
    assert len(set(labels)) == len(labels), labels
    if len(values) < 2:
        return
    steps = np.diff(values)
    assert np.allclose(steps, steps[0]), labels
    mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5)), labels
    assert all(math.isclose(v / steps[0], round(v / steps[0]), abs_tol=1e-9) for v in values), labels


@pytest.fixture(scope="module")
def sample() -> Any:
    from types import SimpleNamespace

    from crampwise.io.sample import load_sample
    from crampwise.stats import analysis
    from crampwise.stats.episodes import episode_patterns

    daily, episodes = load_sample()
    a = analysis.analyze(daily.data, episodes.data)
    return SimpleNamespace(a=a, p=episode_patterns(episodes.data))


def test_drawn_timelines_have_whole_episode_ticks_and_honest_factor_ticks(draw, sample):
    """The sample's timeline with every factor, as the Insights page offers them."""
    t = sample.a.table
    for factor in [None, *sample.a.factors["factor"].unique()]:
        ticks = draw(charts.timeline(t, factor))
        assert_whole(ticks["ytick"])
        if factor in ("warmup", "no_warmup"):
            assert ticks["y2tick"] == ["No", "Yes"], factor
        elif factor:
            assert_round(ticks["y2tick"])
    for factor in ("temp_c", "water_l", "heat_index_c"):
        assert_round(draw(charts.timeline(t, factor, system="us"))["y2tick"])


def test_drawn_scatters_have_whole_episode_ticks(draw, sample):
    t = sample.a.table
    for factor in sample.a.factors["factor"].unique():
        ticks = draw(charts.factor_scatter(t, factor))
        assert_whole(ticks["ytick"])
        if factor in ("warmup", "no_warmup"):
            assert ticks["xtick"] == ["No", "Yes"]
        else:
            assert_round(ticks["xtick"])


def test_drawn_pattern_charts_count_in_whole_numbers(draw, sample):
    p = sample.p
    assert_whole(draw(charts.hours(p["hour"]))["ytick"])
    assert_whole(draw(charts.muscles(p["muscle"]))["xtick"])
    assert_whole(draw(charts.relief(p["relief"]))["xtick"])
    monthly = draw(charts.monthly(p["monthly"]))
    assert_whole(monthly["ytick"])
    assert_round(monthly["y2tick"])
    assert_round(monthly["y3tick"])
    assert_whole(draw(charts.calendar(sample.a.table))["colorbar"])
    # A short log: plotly alone would tick 0, 0.5, 1, 1.5...
    few = pd.DataFrame({"hour": range(24), "episodes": [0] * 20 + [1, 3, 2, 0]})
    assert draw(charts.hours(few))["ytick"] == ["0", "1", "2", "3"]
    muscle = pd.DataFrame({"muscle": ["calf", "foot"], "side": ["left", "left"], "episodes": [2, 1]})
    assert draw(charts.muscles(muscle))["xtick"] == ["0", "1", "2"]
    relief = pd.DataFrame({"relief": ["stretch"], "times_used": [1], "share": [1.0]})
    assert draw(charts.relief(relief))["xtick"] == ["0", "1"]
    months = p["monthly"].head(2).assign(episodes=[3, 1])
    assert draw(charts.monthly(months))["ytick"] == ["0", "1", "2", "3"]
    days = pd.DataFrame({"date": pd.date_range("2025-03-03", periods=14), "episodes": [0, 1] * 7})
    assert draw(charts.calendar(days))["colorbar"] == ["0", "1"]
    assert draw(charts.timeline(days.assign(episodes=0)))["ytick"] == ["0", "1"]  # nothing yet


def test_drawn_forest_reads_round_ratios(draw, sample):
    from crampwise.words import takeaways

    labels = draw(charts.forest(takeaways.model_terms(sample.a.model, sample.a.table)))["xtick"]
    assert "1" in labels and len(labels) >= 3
    values = _numbers(labels)
    assert values == sorted(values) and len(set(values)) == len(values)  # not "3 4 ... 9 1 2 3"
    for v in values:
        mantissa = v / 10 ** math.floor(math.log10(v))
        assert any(math.isclose(mantissa, m) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)), labels
