"""How fast the statistics are: ``analyze`` on long logs, and an Insights rerun after a filter change.

Prints, for simulated logs of 1, 10, 30 and 100 years (``crampwise.stats.simulate.planted``:
the calibration's planted-effect person, so the one-extreme-day check and the overlap
check have real findings to re-test), the median seconds of ``analyze`` in process and
the seconds per 1,000 days (about flat means about linear). Then, unless ``--no-app``,
the Insights page in Streamlit's AppTest on the sample data: the seconds of a rerun after
the date filter changes to a range not seen before (the session cache misses, so the
analysis, the words and every chart are made again) and of a rerun with the same filter.

    make bench     # or: .venv/bin/python benchmarks/analysis_speed.py [--years 1 10] [--no-app]

Goals (issue 12, item 10): ten years with about 3,000 episodes under 0.5 s, about
linear to 100 years; an Insights rerun after a filter change under 0.3 s. A measurement,
not a test: figures depend on the machine (``os.cpu_count()`` is printed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crampwise.stats import simulate  # noqa: E402
from crampwise.stats.analysis import analyze  # noqa: E402

#: A rerun of Insights after a filter change should take less than this (seconds).
RERUN_GOAL = 0.3
#: ``analyze`` on ten years should take less than this (seconds).
TEN_YEARS_GOAL = 0.5


def _median_seconds(run, repeat: int) -> float:
    run()  # warm up: imports, caches
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def analysis_speed(years: list[int], repeat: int) -> list[str]:
    lines = [f"{'years':>5}  {'days':>6}  {'episodes':>8}  {'median s':>8}  {'s per 1,000 days':>16}  goal"]
    for y in years:
        daily, episodes, _ = simulate.planted(days=365 * y, seed=100 + y)
        seconds = _median_seconds(lambda d=daily, e=episodes: analyze(d, e), repeat)
        goal = ""
        if y == 10:
            goal = f"< {TEN_YEARS_GOAL} s: {'met' if seconds < TEN_YEARS_GOAL else 'NOT met'}"
        lines.append(
            f"{y:>5}  {len(daily):>6}  {len(episodes):>8}  {seconds:>8.3f}  "
            f"{seconds / len(daily) * 1000:>16.3f}  {goal}"
        )
    return lines


def insights_rerun(changes: int) -> list[str]:
    import logging

    from streamlit.testing.v1 import AppTest

    from crampwise.ui import navigation

    # AppTest runs the app without a server: Streamlit logs that it is in "bare mode"
    # (no ScriptRunContext, memory cache); true here and no news, so not printed.
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CRAMPWISE_DB_URL"] = f"sqlite:///{Path(tmp) / 'journal.sqlite3'}"
        os.environ["CRAMPWISE_MODE"] = "personal"
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        [sample] = [b for b in at.button if b.label == "Try it with sample data"]
        sample.click().run()
        at.switch_page(navigation.INSIGHTS.path).run()
        [dates] = [d for d in at.date_input if str(d.key).startswith("insights_dates_")]
        first, last = dates.value
        changed, same = [], []
        for i in range(changes):
            # A new range each time (the session cache misses): drop i + 1 weeks at the start.
            dates = next(d for d in at.date_input if str(d.key).startswith("insights_dates_"))
            dates.set_value((first + timedelta(days=7 * (i + 1)), last))
            began = time.perf_counter()
            at.run()
            changed.append(time.perf_counter() - began)
            began = time.perf_counter()
            at.run()
            same.append(time.perf_counter() - began)
        errors = [str(e.value) for e in at.exception]
    verdict = "met" if statistics.median(changed) < RERUN_GOAL else "NOT met"
    return [
        f"Insights rerun after a date-filter change ({changes} new ranges on the sample): "
        f"median {statistics.median(changed):.3f} s, max {max(changed):.3f} s "
        f"(goal < {RERUN_GOAL} s: {verdict})",
        f"Insights rerun with the same filter (cached analysis): median {statistics.median(same):.3f} s",
        f"exceptions on the page: {len(errors)}" + (f" ({errors[0][:120]})" if errors else ""),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per log (median; default 3)")
    parser.add_argument("--changes", type=int, default=5, help="filter changes on Insights (default 5)")
    parser.add_argument("--no-app", action="store_true", help="skip the Insights rerun")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.changes < 1 or min(args.years) < 1:
        parser.error("--years, --repeat and --changes must be at least 1")
    print(f"Analysis speed on {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    for line in analysis_speed(args.years, args.repeat):
        print(line)
    if not args.no_app:
        for line in insights_rerun(args.changes):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
