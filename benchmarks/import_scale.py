"""Import at scale: `convert` against a bare `pandas.read_csv` of the same file.

Writes a 1,000,000-row episodes CSV (seeded), then runs each contender in a
fresh subprocess (so one cannot warm or bloat the other) and prints wall time
and peak memory side by side. Peak memory is the process's peak resident set
size minus its resident size after imports, i.e. what the work itself needed.

    make bench            # or: .venv/bin/python benchmarks/import_scale.py [--rows N] [--repeat K]

Goal from the issue: convert at most 2x the bare read in time and 3x in memory.
Figures are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each contender runs in its own interpreter: imports first, then measure.
RUNNER = r"""
import json, os, resource, sys, time
sys.path.insert(0, {src!r})
import pandas as pd
import pyarrow
from crampwise import cli
from crampwise.io import export, reader  # noqa: F401  (imports are not part of the timing)

def rss_kib():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

before = rss_kib()
t0 = time.perf_counter()
if {which!r} == "bare":
    frame = pd.read_csv({path!r})
    rows = len(frame)
    code = 0
elif {which!r} == "read":
    result = reader.read_file({path!r})
    rows = len(result.data)
    code = 0 if result.ok else 2
else:
    code = cli.main(["convert", {path!r}, "-o", {out!r}])
    rows = None
elapsed = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "peak_mib": (peak - before) / 1024, "code": code, "rows": rows}}))
"""


def write_episodes(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic canonical episodes CSV with ``rows`` rows, written fast with pyarrow."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    sys.path.insert(0, str(ROOT / "src"))
    from crampwise import schema

    rng = np.random.default_rng(seed)
    minutes = np.sort(rng.integers(0, 60 * 24 * 365 * 20, rows))  # ~20 years of minutes
    start = pa.array(np.datetime64("2006-01-01T00:00") + (minutes * 60).astype("timedelta64[s]"))
    muscles = np.array(schema.MUSCLES)
    reliefs = np.array(["stretch", "massage", "stretch;massage", "water", "heat", "rest", ""])
    activities = np.array(["sleeping", "running", "sitting at desk", "swimming", "walking", ""])
    notes = np.array(["", "", "", "woke me up", "after a long run", "hot day, little water"])
    table = pa.table(
        {
            "start": pc.strftime(start, format="%Y-%m-%d %H:%M"),
            "muscle": muscles[rng.integers(0, len(muscles), rows)],
            "side": np.array(["left", "right", "both", ""])[rng.integers(0, 4, rows)],
            "severity": rng.integers(0, 11, rows),
            "duration_min": np.round(rng.gamma(2.0, 1.5, rows) + 0.1, 1),
            "activity": activities[rng.integers(0, len(activities), rows)],
            "relief": reliefs[rng.integers(0, len(reliefs), rows)],
            "notes": notes[rng.integers(0, len(notes), rows)],
        }
    )
    pacsv.write_csv(table, str(path), write_options=pacsv.WriteOptions(quoting_style="needed"))


def run(which: str, path: Path, out: Path) -> dict:
    code = RUNNER.format(src=str(ROOT / "src"), which=which, path=str(path), out=str(out))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{which} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per contender (median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crampwise-bench-") as tmp:
        path = Path(tmp) / "episodes.csv"
        out = Path(tmp) / "canonical.csv"
        write_episodes(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        results: dict[str, list[dict]] = {"bare": [], "read": [], "convert": []}
        for _ in range(args.repeat):  # interleave so drift affects all alike
            for which in results:
                results[which].append(run(which, path, out))
        if any(r["code"] != 0 for r in results["convert"] + results["read"]):
            raise SystemExit("convert refused rows of the generated file; the benchmark is invalid")
        med = {
            k: {m: statistics.median(r[m] for r in v) for m in ("seconds", "peak_mib")}
            for k, v in results.items()
        }
        print(
            f"file: {args.rows:,} episodes rows, {size_mb:.1f} MB; median of {args.repeat} runs; "
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
        )
        print(f"{'':28}{'wall time (s)':>14}{'peak memory (MiB)':>20}")
        print(f"{'pandas.read_csv (bare)':28}{med['bare']['seconds']:>14.2f}{med['bare']['peak_mib']:>20.0f}")
        print(f"{'read_file (no write)':28}{med['read']['seconds']:>14.2f}{med['read']['peak_mib']:>20.0f}")
        print(
            f"{'crampwise convert':28}{med['convert']['seconds']:>14.2f}{med['convert']['peak_mib']:>20.0f}"
        )
        t_ratio = med["convert"]["seconds"] / med["bare"]["seconds"]
        m_ratio = med["convert"]["peak_mib"] / med["bare"]["peak_mib"]
        print(f"{'convert / bare (goal <=2x, <=3x)':28}{t_ratio:>9.2f}x{m_ratio:>19.2f}x")
        print(f"output: {out.stat().st_size / 1e6:.1f} MB canonical CSV")


if __name__ == "__main__":
    main()
