"""``python -m crampwise weather``: says what it will send, sends only after a yes, fills blanks.

The weather service is played back on loopback (``weather_server``, ``tests/data/weather/``).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from cli_helpers import err_lines, run
from weather_server import closed_port_url

from crampwise import cli

GAPS = "tests/data/daily_weather_gaps.csv"


def test_without_yes_or_a_terminal_it_shows_what_would_leave_and_sends_nothing(weather_server):
    proc = run("weather", GAPS, "--place", "52.52, 13.41")
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert "Crampwise will send this to 127.0.0.1, and nothing else:" in err
    assert "latitude 52.5, longitude 13.4" in err
    assert "the days 3 Jun 2024 to 12 Jun 2024 (10 days)" in err
    assert "start_date=2024-06-03&end_date=2024-06-12" in err
    assert "nothing was sent: add --yes" in err
    assert weather_server.seen == []


def test_with_yes_only_the_blank_cells_are_filled_and_the_rest_is_kept(weather_server, tmp_path):
    out = tmp_path / "filled.csv"
    proc = run("weather", GAPS, "--place", "Berlin", "--yes", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert len(weather_server.seen) == 1
    assert weather_server.seen[0]["latitude"] == "52.5" and "Berlin" not in str(weather_server.seen)
    filled = pd.read_csv(out)
    before = pd.read_csv(GAPS)
    assert filled["temp_c"].tolist() == [21.4, 31.0, 30.0, 25.1, 22.7]
    assert filled["humidity_pct"].tolist() == [71.0, 66.0, 40.0, 55.0, 68.0]
    pd.testing.assert_frame_equal(
        filled[["date", "water_l", "stress"]], before[["date", "water_l", "stress"]]
    )
    assert (
        err_lines(proc)[-1]
        == "Filled 3 temperatures and 3 humidity values on 4 days from Open-Meteo weather."
    )


def test_a_second_run_is_answered_from_the_cache(weather_server):
    first = run("weather", GAPS, "--place", "Berlin", "--yes")
    second = run("weather", GAPS, "--place", "Berlin", "--yes")
    assert first.stdout == second.stdout and first.returncode == second.returncode == 0
    assert "a saved answer: nothing was sent" in err_lines(second)[-1]
    assert len(weather_server.seen) == 1


def test_no_cache_asks_again(weather_server):
    for _ in range(2):
        assert run("weather", GAPS, "--place", "Berlin", "--yes", "--no-cache").returncode == 0
    assert len(weather_server.seen) == 2


def test_offline_is_one_clear_line_and_no_output(monkeypatch, tmp_path):
    monkeypatch.setenv("CRAMPWISE_WEATHER_URL", closed_port_url())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    proc = run("weather", GAPS, "--place", "Berlin", "--yes")
    assert proc.returncode == 2 and proc.stdout == b""
    last = err_lines(proc)[-1]
    assert last.startswith("crampwise: error: could not reach 127.0.0.1") and "nothing was changed" in last
    assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--place", "Qqqqzzzz"), "no town called 'Qqqqzzzz'"),
        (("--place", "95, 13"), "latitude 95 is outside -90 to 90"),
    ],
)
def test_a_place_or_range_that_cannot_be_used_says_why(weather_server, args, words):
    proc = run("weather", GAPS, *args, "--yes")
    assert proc.returncode == 2 and words in err_lines(proc)[-1]
    assert weather_server.seen == []


def test_nothing_to_fill_sends_nothing_and_writes_the_log_as_it_was(weather_server):
    proc = run("weather", GAPS, "--place", "Berlin", "--from", "2024-06-13", "--yes")
    assert proc.returncode == 0
    assert "already has its temperature and humidity; nothing was sent" in proc.stderr.decode()
    assert pd.read_csv(io.BytesIO(proc.stdout)).equals(pd.read_csv(GAPS))
    assert weather_server.seen == []


def test_a_town_with_several_matches_names_the_one_used():
    proc = run("weather", GAPS, "--place", "Springfield")
    assert "towns match 'Springfield'; using" in proc.stderr.decode()
    assert "using Springfield, Missouri, United States" in proc.stderr.decode()
    assert "latitude 37.2, longitude -93.3" in proc.stderr.decode()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "sent"), [("y\n", 1), ("yes\n", 1), ("n\n", 0), ("\n", 0), ("", 0)])
def test_at_a_terminal_only_y_sends(weather_server, monkeypatch, capsys, typed, sent):
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    code = cli.main(["weather", GAPS, "--place", "Berlin", "-o", "/dev/null"])
    assert len(weather_server.seen) == sent
    assert code == (0 if sent else 2)
    assert ("nothing was sent" in capsys.readouterr().err) is (not sent)
