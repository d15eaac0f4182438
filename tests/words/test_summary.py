"""The caveat and the JSON summary of an analysis (crampwise.words.summary)."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from test_analysis import days, eps, planted

from crampwise.io.sample import generate
from crampwise.stats.analysis import Analysis, analyze
from crampwise.words import contrasts, summary

FACTOR_KEYS = {"factor", "lag", "n", "rho", "p", "q", "ci_low", "ci_high"}
TERM_KEYS = {"factor", "irr", "ci_low", "ci_high", "p"}


@pytest.fixture(scope="module")
def planted_analysis() -> Analysis:
    return analyze(*planted())


def test_to_json_is_plain_and_has_exactly_the_keys(planted_analysis: Analysis) -> None:
    out = summary.to_json(planted_analysis)
    json.dumps(out, allow_nan=False)
    assert set(out) == {
        "window",
        "episodes",
        "enough_data",
        "warnings",
        "factors",
        "model",
        "findings",
        "not_findings",
    }
    assert set(out["window"]) == {"first", "last", "days", "day_starts"}
    assert out["window"]["day_starts"] == "06:00"
    assert out["window"]["first"] == "2024-04-01" and out["window"]["days"] == 180
    assert all(FACTOR_KEYS <= set(f) for f in out["factors"])
    assert {"method", "terms"} <= set(out["model"])
    assert all(TERM_KEYS <= set(t) for t in out["model"]["terms"])
    short = summary.to_json(analyze(days("2025-05-01", 3), eps()))
    json.dumps(short, allow_nan=False)
    assert short["model"] is None and short["factors"] == [] and short["enough_data"] is False


def test_the_json_carries_the_metric_contrast_sentences(planted_analysis: Analysis) -> None:
    assert planted_analysis.contrasts  # the planted water effect gives one
    assert summary.to_json(planted_analysis)["model"]["contrasts"] == [
        {"factor": c.factor, "sentence": contrasts.sentence(c)} for c in planted_analysis.contrasts
    ]


def test_values_that_are_not_finite_become_null_and_dates_iso_text() -> None:
    a = analyze(*generate())
    out = summary.to_json(a)
    json.dumps(out, allow_nan=False)
    assert (out["window"]["first"], out["window"]["last"]) == (a.first.isoformat(), a.last.isoformat())
    # A row whose one side had no episodes has an unbounded interval end; JSON says null.
    frame = a.factors.assign(rr_ci_high=np.inf, rho=np.nan)
    plain = summary.to_json(dataclasses.replace(a, factors=frame))
    assert all(r["rr_ci_high"] is None and r["rho"] is None for r in plain["factors"])
    assert all(isinstance(r["n"], int) and isinstance(r["derived"], bool) for r in plain["factors"])


def test_the_caveat_says_patterns_not_proof() -> None:
    assert "not proof of cause" in summary.CAVEAT
    assert "discuss with a doctor" in summary.CAVEAT
