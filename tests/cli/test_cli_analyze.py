"""``python -m crampwise analyze``: the statistics on the command line.

Same contract as ``convert``: exit 0 when every row was accepted, exit 2 when a
file cannot be read or a row was refused (one line per problem on stderr, each
starting with the file it is about), never a traceback. With refused rows the
accepted rows are still analysed and printed. ``--json`` prints exactly
``json.dumps(summary.to_json(result), indent=2)`` (crampwise.words.summary).
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import textwrap
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from cli_helpers import BLOCK_UI, UNREADABLE, err_lines, run

from crampwise.io import read_file
from crampwise.stats import analysis, thresholds
from crampwise.stats.daily import DERIVED
from crampwise.words import contrasts, summary

ROOT = Path(__file__).resolve().parents[2]
DAILY = ROOT / "data" / "sample_daily.csv"
EPISODES = ROOT / "data" / "sample_episodes.csv"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def strict_json(text: str):
    """Parse JSON refusing NaN and Infinity, which are not JSON."""

    def refuse(name: str):
        raise AssertionError(f"{name} in the JSON output")

    return json.loads(text, parse_constant=refuse)


def expected(daily: Path, episodes: Path | None, day_starts: time | None = None, **kwargs) -> dict:
    """What the library says, through the same JSON round trip."""
    d = read_file(daily, "daily", **kwargs).data
    e = read_file(episodes, "episodes", **kwargs).data if episodes is not None else None
    options = {} if day_starts is None else {"day_starts": day_starts}
    return json.loads(json.dumps(summary.to_json(analysis.analyze(d, e, **options))))


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], message: str) -> None:
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"Traceback" not in proc.stderr
    assert err_lines(proc) == [f"crampwise: error: {message}"]


def is_float(value) -> bool:
    # JSON has one number type: json.loads gives int for "1" and float for "1.0".
    # json.dumps writes a Python float with a point or exponent, so a float field
    # must come back as float.
    return isinstance(value, float) and math.isfinite(value)


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def assert_shape(doc: dict) -> None:
    """The JSON contract: required keys with their types (extra keys are allowed)."""
    assert isinstance(doc, dict)
    assert {"window", "episodes", "enough_data", "warnings", "factors", "model"} <= set(doc)

    window = doc["window"]
    assert {"first", "last", "days"} <= set(window)
    for key in ("first", "last"):
        assert isinstance(window[key], str) and ISO_DATE.fullmatch(window[key]), window
        date.fromisoformat(window[key])
    assert window["first"] <= window["last"]
    assert is_int(window["days"]) and window["days"] >= 1

    assert is_int(doc["episodes"]) and doc["episodes"] >= 0
    assert isinstance(doc["enough_data"], bool)
    assert isinstance(doc["warnings"], list)
    assert all(isinstance(w, str) and w for w in doc["warnings"])

    assert isinstance(doc["factors"], list)
    for row in doc["factors"]:
        assert {"factor", "lag", "n", "rho", "p", "q", "ci_low", "ci_high"} <= set(row), row
        assert isinstance(row["factor"], str) and row["factor"]
        assert is_int(row["lag"]) and row["lag"] in (0, 1)
        assert is_int(row["n"]) and row["n"] >= thresholds.MIN_PAIRS
        for key in ("rho", "p", "q", "ci_low", "ci_high"):
            assert is_float(row[key]), (key, row)
        # The CI belongs to the detrended, dependence-aware rank correlation (docs/analysis.md).
        assert -1 <= row["ci_low"] <= row["rho_detrended"] <= row["ci_high"] <= 1
        assert -1 <= row["rho"] <= 1 and thresholds.MIN_N_EFF <= row["n_eff"] <= row["n"]
        assert 0 <= row["p"] <= row["q"] <= 1
    assert len({(r["factor"], r["lag"]) for r in doc["factors"]}) == len(doc["factors"])

    model = doc["model"]
    if model is not None:
        assert isinstance(model, dict)
        assert {"method", "terms"} <= set(model)
        assert isinstance(model["method"], str) and model["method"]
        assert isinstance(model["terms"], list) and model["terms"]
        for term in model["terms"]:
            assert {"factor", "irr", "ci_low", "ci_high", "p"} <= set(term), term
            assert isinstance(term["factor"], str) and term["factor"]
            for key in ("irr", "ci_low", "ci_high", "p"):
                assert is_float(term[key]), (key, term)
            assert 0 < term["ci_low"] <= term["irr"] <= term["ci_high"]
            assert 0 <= term["p"] <= 1


def write_daily(path: Path, days: int, *, start: date = date(2025, 3, 1)) -> Path:
    rows = ["date,water_l,exercise_min,temp_c,episodes"]
    for i in range(days):
        rows.append(
            f"{start + timedelta(days=i)},{1.5 + (i % 4) * 0.25},{(i * 7) % 60},{15 + i % 9},{i % 3 == 0:d}"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- JSON


@pytest.fixture(scope="module")
def sample_json() -> tuple[subprocess.CompletedProcess[bytes], dict]:
    proc = run("analyze", "--daily", DAILY, "--episodes", EPISODES, "--json")
    return proc, strict_json(proc.stdout.decode("utf-8"))


def test_sample_json_exit_0_and_strict_shape(sample_json):
    proc, doc = sample_json
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert_shape(doc)
    assert doc["enough_data"] is True
    assert doc["window"] == {**doc["window"], "first": "2025-03-01", "last": "2025-08-30", "days": 179}
    assert doc["factors"] and doc["model"] is not None


def test_sample_json_equals_the_library(sample_json):
    proc, doc = sample_json
    assert doc == expected(DAILY, EPISODES)


def test_json_is_exactly_json_dumps_indent_2(sample_json):
    proc, doc = sample_json
    assert proc.stdout.decode("utf-8") == json.dumps(doc, indent=2) + "\n"


def test_sample_json_factor_rows_cover_both_lags(sample_json):
    _, doc = sample_json
    lags = {r["lag"] for r in doc["factors"]}
    assert lags == {0, 1}
    names = {r["factor"] for r in doc["factors"]}
    assert {"water_l", "temp_c", "heat_index_c"} <= names


def test_daily_only_json(tmp_path):
    src = write_daily(tmp_path / "daily.csv", 40)
    proc = run("analyze", "--daily", src, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = strict_json(proc.stdout.decode("utf-8"))
    assert_shape(doc)
    assert doc == expected(src, None)
    assert doc["window"]["days"] == 40
    assert doc["episodes"] == 14  # the daily episodes column: every third day, 1


# --------------------------------------------------------------------------- text summary


def test_text_summary_has_window_caveat_and_tables():
    proc = run("analyze", "--daily", DAILY, "--episodes", EPISODES)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    text = proc.stdout.decode("utf-8")
    assert "Window: 2025-03-01 to 2025-08-30 (179 days logged)" in text
    # 86: the sample's 01:59 episode on 21 May (a date missing from the daily log) now
    # belongs to 20 May, which is logged.
    assert "Days start at 06:00: an episode before 06:00 counts with the day before." in text
    assert "Episodes in the window: 85" in text
    assert "Enough data: yes" in text
    assert summary.CAVEAT in text
    assert "docs/analysis.md" in text

    d = read_file(DAILY, "daily").data
    e = read_file(EPISODES, "episodes").data
    a = analysis.analyze(d, e)
    lines = text.splitlines()
    # One line per factor row, with its lag, n, rho and CI as printed.
    for r in a.factors.itertuples(index=False):
        name = r.factor + ("*" if r.derived else "")
        match = [ln for ln in lines if ln.split()[:3] == [name, str(r.lag), str(r.n)]]
        assert len(match) == 1, (r.factor, r.lag)
        assert f"{r.rho:.2f}" in match[0] and f"[{r.ci_low:.2f}, {r.ci_high:.2f}]" in match[0]
    # The model: its method, and one line per term.
    assert a.model is not None
    assert a.model.method.lower() in text.lower()
    assert a.model.covariance in text
    for t in a.model.terms.itertuples(index=False):
        assert (
            sum(1 for ln in lines if ln.split()[:1] == [t.factor] and "[" in ln and len(ln.split()) == 5) == 1
        ), t.factor
    for c in a.contrasts:
        assert contrasts.sentence(c) in text
    for w in a.warnings:
        assert w in text
    # The findings: exactly what the app tells a person, one line each, after their heading.
    start = lines.index(
        "Findings (what the app tells you; q corrected over every row and model term together):"
    )
    block = lines[start + 1 : lines.index("", start)]
    listed = [ln for ln in block if ln.startswith("  - ")]
    assert len(listed) == len(a.findings.findings)
    for f, ln in zip(a.findings.findings, listed, strict=True):
        assert ln.startswith(f"  - {f.factor} (") and f"{f.direction} episodes" in ln
    if not a.findings.findings:
        assert block[0] == "  none: no factor passed the family-wide test"
    for u in a.findings.unsupported:
        assert any(ln.startswith(f"  not a finding: {u.factor} on its own") for ln in block)


def test_short_data_is_not_enough(tmp_path):
    src = write_daily(tmp_path / "short.csv", 10)
    text_proc = run("analyze", "--daily", src)
    assert text_proc.returncode == 0, text_proc.stderr
    text = text_proc.stdout.decode("utf-8")
    assert "Enough data: not yet" in text
    more = thresholds.MIN_DAYS - 10
    assert re.search(rf"^\s*- log {more} more days$", text, re.M), text
    assert "Window: 2025-03-01 to 2025-03-10 (10 days logged)" in text
    assert summary.CAVEAT in text

    json_proc = run("analyze", "--daily", src, "--json")
    assert json_proc.returncode == 0
    doc = strict_json(json_proc.stdout.decode("utf-8"))
    assert_shape(doc)
    assert doc["enough_data"] is False
    assert doc["factors"] == [] and doc["model"] is None
    assert doc == expected(src, None)


# --------------------------------------------------------------------------- problems


@pytest.mark.parametrize(("content", "message"), UNREADABLE, ids=["empty", "header-only", "xlsx"])
def test_unreadable_daily_file_exit_2_one_line(tmp_path, content, message):
    src = tmp_path / "daily.csv"
    src.write_bytes(content)
    assert_one_line_error(run("analyze", "--daily", src, "--json"), f"{src}: {message}")


def test_unreadable_episodes_file_exit_2_one_line(tmp_path):
    src = tmp_path / "episodes.csv"
    src.write_bytes(b"<!DOCTYPE html><html></html>")
    assert_one_line_error(
        run("analyze", "--daily", DAILY, "--episodes", src),
        (
            f"{src}: this is a web page (HTML), not CSV. If you downloaded it from a website or "
            "Google Sheets, choose File > Download > CSV instead."
        ),
    )


def test_wrong_kind_of_file_exit_2_one_line():
    proc = run("analyze", "--daily", EPISODES)
    assert_one_line_error(
        proc,
        (
            f"{EPISODES}: the daily file needs the column date; found 'start', 'muscle', 'side', "
            "'severity', 'duration_min', 'activity', 'relief', 'notes'. Rename your column to "
            "match (see the template) or map it in the import step."
        ),
    )


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.csv"
    assert_one_line_error(run("analyze", "--daily", missing), f"{missing}: no such file")
    assert_one_line_error(run("analyze", "--daily", DAILY, "--episodes", missing), f"{missing}: no such file")


def test_refused_rows_exit_2_problem_lines_and_the_accepted_rows_are_analysed(tmp_path, data_path):
    bad = data_path("daily_bad.csv")
    proc = run("analyze", "--daily", bad, "--json")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    problems = data_path("daily_bad.expected.txt").read_text("utf-8").splitlines()
    assert err_lines(proc) == [f"{bad}: {line}" for line in problems]
    doc = strict_json(proc.stdout.decode("utf-8"))
    assert_shape(doc)
    assert doc == expected(bad, None)
    assert doc["window"]["days"] == 2  # 2025-03-01 and 2025-03-11 were accepted

    text = run("analyze", "--daily", bad)
    assert text.returncode == 2
    assert err_lines(text) == err_lines(proc)
    assert f"Refused: 10 rows of {bad} (listed on stderr)" in text.stdout.decode("utf-8")


def test_refused_episode_rows_exit_2(tmp_path):
    episodes = tmp_path / "episodes.csv"
    good = EPISODES.read_text("utf-8").splitlines()
    episodes.write_text(
        "\n".join([*good, "2025-08-31 25:00,calf,left,5,2,,,", "2025-06-01 10:00,calf,left,11,2,,,"]) + "\n",
        "utf-8",
    )
    proc = run("analyze", "--daily", DAILY, "--episodes", episodes, "--json")
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    lines = err_lines(proc)
    assert len(lines) == 2
    assert all(line.startswith(f"{episodes}: row ") for line in lines)
    assert lines[1] == f"{episodes}: row {len(good) + 2}, severity: 11 is above 10"
    assert strict_json(proc.stdout.decode("utf-8")) == expected(DAILY, episodes)


def test_no_accepted_daily_row_is_an_error(tmp_path):
    src = tmp_path / "daily.csv"
    src.write_bytes(b"date,water_l\n2025-02-30,1\n")
    proc = run("analyze", "--daily", src)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"Traceback" not in proc.stderr
    assert err_lines(proc) == [
        f"{src}: row 2, date: 2025-02-30 is not a real date",
        f"crampwise: error: {src}: no daily row was accepted, so there is nothing to analyse; "
        "fix the rows listed above and try again",
    ]


def test_date_order_options_apply_to_both_files(tmp_path):
    daily = tmp_path / "daily.csv"
    episodes = tmp_path / "episodes.csv"
    # Days 1-12 of March to May: every date reads both ways, so only the option decides.
    days = [date(2025, month, day) for month in (3, 4, 5) for day in range(1, 13)]
    daily.write_text(
        "date,water_l\n" + "".join(f"{d:%d/%m/%Y},{1 + i % 3}\n" for i, d in enumerate(days)), "utf-8"
    )
    episodes.write_text("start,muscle\n" + "".join(f"{d:%d/%m/%Y} 15:00,calf\n" for d in days[::3]), "utf-8")
    ambiguous = run("analyze", "--daily", daily, "--episodes", episodes)
    assert ambiguous.returncode == 2
    assert len(err_lines(ambiguous)) == 1 and b"--dayfirst" in ambiguous.stderr

    proc = run("analyze", "--daily", daily, "--episodes", episodes, "--dayfirst", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = strict_json(proc.stdout.decode("utf-8"))
    assert doc == expected(daily, episodes, date_order="dmy")
    assert doc["window"]["first"] == "2025-03-01" and doc["episodes"] == 12


def test_standard_input():
    proc = run("analyze", "--daily", "-", "--episodes", EPISODES, "--json", stdin=DAILY.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert strict_json(proc.stdout.decode("utf-8")) == expected(DAILY, EPISODES)
    both = run("analyze", "--daily", "-", "--episodes", "-", stdin=DAILY.read_bytes())
    assert_one_line_error(both, "only one of --daily and --episodes can be read from standard input (-)")


def test_usage_errors_do_not_trace():
    for args in (
        ("analyze",),
        ("analyze", "--episodes", EPISODES),
        ("analyze", "--daily", DAILY, "--dayfirst", "--monthfirst"),
    ):
        proc = run(*args)
        assert proc.returncode == 2
        assert b"usage:" in proc.stderr
        assert b"Traceback" not in proc.stderr


# --------------------------------------------------------------------------- imports


def test_analyze_never_imports_streamlit_or_plotly(tmp_path):
    script = BLOCK_UI + textwrap.dedent("""
        import crampwise.cli
        lazy = sorted(m for m in sys.modules if m.split(".")[0] in ("statsmodels", "scipy"))
        codes = [
            crampwise.cli.main(["analyze", "--daily", sys.argv[1], "--episodes", sys.argv[2],
                                "--json"]),
            crampwise.cli.main(["analyze", "--daily", sys.argv[1], "--episodes", sys.argv[2]]),
        ]
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "plotly"))
        stats = "statsmodels" in sys.modules
        print(codes, attempted, loaded, lazy, stats, file=sys.stderr)
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(DAILY), str(EPISODES)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": "src"},
        capture_output=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    # statsmodels is only imported by the analyze subcommand, not by importing the CLI.
    assert err_lines(proc)[-1] == "[0, 0] [] [] [] True"


# --------------------------------------------------------------------------- --day-starts


def test_json_reports_the_default_day_start(sample_json):
    _, doc = sample_json
    assert doc["window"]["day_starts"] == "06:00"


@pytest.mark.parametrize(("flag", "day_starts"), [("00:00", time(0, 0)), ("4:30", time(4, 30))])
def test_day_starts_flag_changes_the_join(flag, day_starts):
    proc = run("analyze", "--daily", DAILY, "--episodes", EPISODES, "--day-starts", flag, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = strict_json(proc.stdout.decode("utf-8"))
    assert doc == expected(DAILY, EPISODES, day_starts=day_starts)
    assert doc["window"]["day_starts"] == f"{day_starts:%H:%M}"
    assert doc != expected(DAILY, EPISODES)  # the sample has night episodes, so the numbers move


def test_day_starts_flag_in_the_text_summary():
    text = run("analyze", "--daily", DAILY, "--episodes", EPISODES, "--day-starts", "05:00").stdout.decode()
    assert "Days start at 05:00: an episode before 05:00 counts with the day before." in text
    calendar = run("analyze", "--daily", DAILY, "--episodes", EPISODES, "--day-starts", "00:00")
    assert "Days: calendar days" in calendar.stdout.decode()
    # With the 06:00 boundary the 01:59 episode of 22 May counts with 21 May, a day missing
    # from the daily log; on calendar days it lands on 22 May, which is logged.
    assert "Episodes in the window: 86" in calendar.stdout.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [("25:00", "HH:MM"), ("6am", "HH:MM"), ("06:60", "HH:MM"), ("13:00", "12:00 at the latest")],
)
def test_a_bad_day_starts_is_a_usage_error_with_exit_2(value, message):
    proc = run("analyze", "--daily", DAILY, "--episodes", EPISODES, "--day-starts", value)
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "usage:" in err
    last = err.splitlines()[-1]
    assert "argument --day-starts:" in last and message in last, last


# --------------------------------------------------------------------------- the doc


def test_docs_analysis_states_the_current_constants():
    """docs/analysis.md explains the numbers; it must quote the values the code uses."""
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    for phrase in (
        f"| `MIN_DAYS` | {thresholds.MIN_DAYS} logged days |",
        f"| `MIN_EPISODES` | {thresholds.MIN_EPISODES} episodes in the window |",
        f"| `MIN_PAIRS` | {thresholds.MIN_PAIRS} complete days per factor row |",
        f"{thresholds.HOT_HEAT_INDEX_C:g} °C or more (`HOT_HEAT_INDEX_C`",
        f"max({thresholds.MIN_DAYS}, {thresholds.MODEL_DAYS_PER_FACTOR} × p)",
        f"max({thresholds.MIN_EPISODES}, {thresholds.MODEL_EPISODES_PER_FACTOR} × p)",
        f"one degree of freedom per {thresholds.TIME_DAYS_PER_DF} days",
        f"max({thresholds.MIN_HAC_LAGS}, floor(4 × (n/100)^(2/9)))",
        f"capped at n and at least {thresholds.MIN_N_EFF:g}",
        f"missing on more than {thresholds.MODEL_MAX_MISSING:.0%} of days",
        f"up to {thresholds.SERIAL_LAG} days apart",
        f"more than {2 * thresholds.SERIAL_LAG} complete days",
        "python -m crampwise analyze",
        f"**A day starts at {thresholds.DAY_STARTS:%H:%M}, not at midnight** (`DAY_STARTS`",
        "`--day-starts HH:MM`",
        "`day_starts`",
    ):
        assert phrase in doc, phrase
    for name in DERIVED:
        assert f"`{name}`" in doc, name
    # It names the files the numbers and the words come from, and they exist.
    for room, stems in (
        ("stats", ("thresholds", "daily", "factors", "model", "contrasts", "episodes", "analysis")),
        ("words", ("contrasts", "summary", "takeaways")),
    ):
        for stem in stems:
            assert f"`{stem}.py`" in doc, (room, stem)
            assert (ROOT / "src" / "crampwise" / room / f"{stem}.py").is_file(), (room, stem)
    for path in re.findall(r"`((?:stats|words)/\w+\.py)`", doc):
        assert (ROOT / "src" / "crampwise" / path).is_file(), path
    assert thresholds.ALPHA == 0.05 and "95%" in doc
