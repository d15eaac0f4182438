"""What stands out in a log, in plain words (crampwise.words.standout, issue 12 item 7)."""

from __future__ import annotations

import re

import pytest

from crampwise.io.sample import load_sample
from crampwise.stats import simulate
from crampwise.stats.analysis import analyze
from crampwise.words.standout import standout

#: Words that belong in the details, never in the plain text.
JARGON = re.compile(r"\brho\b|\bq\s*[=<]|\bp\s*[=<]|\bCI\b|HAC|Newey|Ljung|LOWESS|dispersion|spasm")


def _plain_text(s) -> list[str]:
    return [s.headline, *s.findings, *s.described, *s.would_help]


@pytest.fixture(scope="module")
def null_log():
    daily, episodes, _ = simulate.null(days=365, seed=5)
    return analyze(daily, episodes)


@pytest.fixture(scope="module")
def planted_log():
    daily, episodes, _ = simulate.planted(days=730, seed=2)
    return analyze(daily, episodes)


def test_nothing_stands_out_says_so_and_what_would_help(null_log) -> None:
    assert not null_log.findings.findings  # this seed's null log passes nothing
    s = standout(null_log)
    assert s.headline.startswith("Nothing stands out in your log yet")
    assert not s.findings
    assert any("a 30% change in episodes with each extra litre of fluids" in t for t in s.would_help)
    for text in s.would_help[:-1]:
        assert re.search(r"about \d+ (days|months|years)|already long enough", text), text
    assert any(t.startswith("Days to show a rate ratio of 1.3") for t in s.details)


def test_each_finding_is_said_with_its_size_its_range_and_how_sure(planted_log) -> None:
    s = standout(planted_log)
    shown = {(f.factor, f.view) for f in planted_log.findings.findings}
    assert ("warmup", "adjusted") in shown
    assert s.headline.startswith(f"{len(s.findings)} link")
    assert len(s.findings) >= 1
    for text in s.findings:
        assert re.search(r"about \d+% (more|fewer)|(more|fewer) episodes", text), text
        assert re.search(r"over \d+ days", text), text
        assert "evidence" in text.lower()
    warm = next(t for t in s.findings if "warming up" in t)
    assert "fewer episodes" in warm and "between" in warm
    # The figures are in the details, one line per finding at least.
    assert sum("q " in d or "q=" in d or "q <" in d for d in s.details) >= len(s.findings)


def test_no_jargon_in_the_plain_text(null_log, planted_log) -> None:
    daily, episodes = load_sample()
    for a in (null_log, planted_log, analyze(daily.data, episodes.data)):
        for text in _plain_text(standout(a)):
            assert not JARGON.search(text), text


def test_the_sample_describes_what_did_not_pass_and_why() -> None:
    daily, episodes = load_sample()
    a = analyze(daily.data, episodes.data)
    s = standout(a)
    assert not s.findings
    # warm-up passed on its own but not in the adjusted view: described once (not twice as
    # warmup and its mirror no_warmup), never claimed.
    warm = [t for t in s.described if "warming up" in t]
    assert len(warm) == 1 and "is not a finding" in warm[0]
    assert any("cannot be told apart" in t for t in s.described)  # exercise time and effort


def test_too_little_data() -> None:
    daily, episodes, _ = simulate.null(days=10, seed=1)
    s = standout(analyze(daily, episodes))
    assert s.headline.startswith("Nothing can stand out yet")
    assert not (s.findings or s.described or s.would_help)
