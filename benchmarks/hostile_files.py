"""Hostile files under the upload limit: how long does the importer take to answer each?

Builds files of up to ``--mb`` megabytes (the app's limit, 20 MB) in the shapes
an attacker or an unlucky export produces, and times ``read_file`` on each
(median of ``--repeat`` runs, each in a fresh subprocess so caches and memory
do not carry over). Prints one line per file.

    make bench            # or: .venv/bin/python benchmarks/hostile_files.py [--mb 20] [--repeat 3]

Goal (issue 10): every file under the upload limit is answered in under 2 s.
``benchmarks/hostile_viewers.py`` measures what a second viewer feels meanwhile.
Figures are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from crampwise.io import MAX_COLUMNS  # noqa: E402

RUNNER = r"""
import json, sys, time, warnings
sys.path.insert(0, {src!r})
from crampwise.io import read_file
from crampwise.errors import CrampwiseError
warnings.simplefilter("error")
t0 = time.perf_counter()
try:
    result = read_file({path!r}, {kind!r})
    answer = f"{{len(result.data)}} kept, {{len(result.problems)}} problems"
except CrampwiseError as exc:
    answer = type(exc).__name__
print(json.dumps({{"seconds": time.perf_counter() - t0, "answer": answer}}))
"""


def _fill(path: Path, header: str, row, budget: int) -> None:
    """Write ``header`` then rows from ``row(i)`` until the file is ``budget`` bytes."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        size, i = len(header) + 1, 0
        while True:
            line = row(i) + "\n"
            if size + len(line) > budget:
                break
            fh.write(line)
            size += len(line)
            i += 1


def build(folder: Path, mb: float) -> dict[str, tuple[Path, str | None]]:
    """name -> (file, kind passed to read_file)."""
    budget = int(mb * 1_000_000) - 1
    files: dict[str, tuple[Path, str | None]] = {}
    start = dt.datetime(2000, 1, 1)

    def when(i: int) -> str:
        return (start + dt.timedelta(minutes=7 * i)).strftime("%Y-%m-%d %H:%M")

    def add(name, kind, header, row):
        path = folder / f"{name.replace(' ', '_')}.csv"
        _fill(path, header, row, budget)
        files[name] = (path, kind)

    add(
        "ordinary episodes",
        None,
        "start,muscle,side,severity,duration_min,notes",
        lambda i: f"{when(i)},calf,left,{i % 11},{1 + i % 9},woke me up",
    )
    wide = ["date"] + [f"factor_{c}" for c in range(MAX_COLUMNS - 1)]
    add(
        f"{MAX_COLUMNS} columns (the most allowed)",
        "daily",
        ",".join(wide),
        lambda i: ",".join(
            [(dt.date(1900, 1, 1) + dt.timedelta(days=i % 73_000)).isoformat()]
            + [str((i + c) % 10) for c in range(MAX_COLUMNS - 1)]
        ),
    )
    add("every row refused", "episodes", "start,muscle,severity", lambda i: f"{when(i)},elbow,{11 + i % 5}")
    add("every row ragged", "episodes", "start,muscle", lambda i: f"{when(i)},calf,extra,cells")
    add("notes at the limit", "episodes", "start,muscle,notes", lambda i: f"{when(i)},calf,{'n' * 2000}")
    add("notes over the limit", "episodes", "start,muscle,notes", lambda i: f"{when(i)},calf,{'n' * 2001}")
    add(
        "ambiguous slash dates",
        "episodes",
        "start,muscle",
        lambda i: f"{1 + i % 12:02d}/{1 + i % 12:02d}/2024 03:00,calf",
    )
    add(
        "custom text in a number column",
        "daily",
        "date,water_l,caffeine_mg",
        lambda i: f"{(dt.date(1900, 1, 1) + dt.timedelta(days=i % 70000)).isoformat()},x,y",
    )
    one = folder / "one_huge_cell.csv"
    one.write_text("start,muscle,notes\n2025-06-01 03:00,calf," + "x" * (budget - 40) + "\n")
    files["one huge cell"] = (one, None)
    quote = folder / "quote_never_closed.csv"
    _fill(quote, 'start,muscle,notes\n2025-06-01 03:00,calf,"open', lambda i: f"{when(i)},calf,x", budget)
    files["a quote never closed"] = (quote, None)
    blank = folder / "blank_lines.csv"
    blank.write_text("date,water_l\n" + "\n" * (budget - 40) + "2025-06-01,1.5\n")
    files["blank lines"] = (blank, None)
    json_file = folder / "json.csv"
    _fill(json_file, "[", lambda i: '{"date": "2025-06-01", "water_l": 1.5},', budget)
    files["JSON renamed .csv"] = (json_file, None)
    return files


def measure(path: Path, kind: str | None, repeat: int) -> tuple[float, str]:
    runs = []
    answer = ""
    for _ in range(repeat):
        proc = subprocess.run(
            [sys.executable, "-c", RUNNER.format(src=str(ROOT / "src"), path=str(path), kind=kind)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if proc.returncode != 0:
            return float("nan"), "failed: " + proc.stderr.strip().splitlines()[-1][:120]
        out = json.loads(proc.stdout)
        runs.append(out["seconds"])
        answer = out["answer"]
    return statistics.median(runs), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of each file (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per file (median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp), args.mb)
        print(
            f"read_file on hostile files of up to {args.mb:g} MB, median of {args.repeat} "
            "(goal: under 2 s each)"
        )
        print(f"{'file':38} {'MB':>5} {'seconds':>8}  answer")
        worst = 0.0
        for name, (path, kind) in files.items():
            seconds, answer = measure(path, kind, args.repeat)
            worst = max(worst, seconds)
            flag = "" if seconds < 2 else "  <-- over 2 s"
            print(f"{name:38} {path.stat().st_size / 1e6:5.1f} {seconds:8.2f}  {answer}{flag}")
        print(f"slowest: {worst:.2f} s")


if __name__ == "__main__":
    main()
