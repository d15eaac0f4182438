"""How fast, and in how much memory, an Apple Health export.xml is read (a measurement, not a test).

Generates an export.xml of about ``--mb`` megabytes shaped like a heavy user's
(mostly step and heart-rate records with metadata, some water, workouts with
statistics and sleep), then reads it in a fresh process each way and prints the
figures side by side:

* ``floor``: expat over the same 1 MiB chunks with an empty start-element handler
  (no reader can stream the file faster in Python);
* ``reader``: :func:`crampwise.io.apps.apple_health.read` on export.xml;
* ``reader (zip)``: the same on export.zip as the Health app shares it.

Peak memory is each child process's own maximum resident set size (ru_maxrss). Each
way runs ``--repeat`` times, interleaved, and the median time is printed beside every
run's, since a shared VM's speed drifts within minutes.

    .venv/bin/python benchmarks/apple_health_scale.py --mb 1024
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record type CDATA #REQUIRED unit CDATA #IMPLIED value CDATA #IMPLIED sourceName CDATA #REQUIRED
  startDate CDATA #REQUIRED endDate CDATA #REQUIRED>
]>
<HealthData locale="en_US">
 <ExportDate value="2025-03-22 09:00:00 -0600"/>
"""


def _when(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S -0600")


def generate(path: Path, megabytes: int, seed: int = 7) -> int:
    """Write an export.xml of about ``megabytes`` MB; returns its size in bytes."""
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    t = datetime(2015, 1, 1)
    written = 0
    with path.open("w", encoding="utf-8") as f:
        f.write(HEAD)
        while written < target:
            block = []
            for _ in range(2000):
                t += timedelta(minutes=rng.randint(1, 6))
                kind = rng.random()
                if kind < 0.55:
                    block.append(
                        f' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Apple Watch" '
                        f'sourceVersion="10.1" device="&lt;&lt;HKDevice: 0x2&gt;, name:Apple Watch&gt;" '
                        f'unit="count/min" creationDate="{_when(t)}" startDate="{_when(t)}" '
                        f'endDate="{_when(t)}" value="{rng.randint(55, 150)}">\n'
                        '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n'
                    )
                elif kind < 0.95:
                    block.append(
                        f' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" '
                        f'creationDate="{_when(t)}" startDate="{_when(t)}" '
                        f'endDate="{_when(t + timedelta(minutes=5))}" value="{rng.randint(10, 900)}"/>\n'
                    )
                elif kind < 0.98:
                    block.append(
                        f' <Record type="HKQuantityTypeIdentifierDietaryWater" sourceName="WaterMinder" '
                        f'unit="mL" startDate="{_when(t)}" endDate="{_when(t)}" '
                        f'value="{rng.randint(100, 500)}"/>\n'
                    )
                elif kind < 0.99:
                    block.append(
                        f' <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Apple Watch" '
                        f'startDate="{_when(t)}" endDate="{_when(t + timedelta(minutes=50))}" '
                        'value="HKCategoryValueSleepAnalysisAsleepCore"/>\n'
                    )
                else:
                    block.append(
                        f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.5" '
                        f'durationUnit="min" sourceName="Apple Watch" startDate="{_when(t)}" '
                        f'endDate="{_when(t + timedelta(minutes=31))}">\n'
                        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
                        f'startDate="{_when(t)}" endDate="{_when(t)}" sum="5.2" unit="km"/>\n </Workout>\n'
                    )
            text = "".join(block)
            f.write(text)
            written += len(text)
        f.write("</HealthData>\n")
    return path.stat().st_size


FLOOR = """
import sys
from xml.parsers import expat
p = expat.ParserCreate()
p.buffer_text = True
p.StartElementHandler = lambda name, attrs: None
with open(sys.argv[1], "rb") as f:
    while chunk := f.read(1 << 20):
        p.Parse(chunk, False)
p.Parse(b"", True)
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

READER = """
import sys
from crampwise.io.apps import apple_health
export = apple_health.read(sys.argv[1])
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(code: str, path: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of ``code`` run on ``path`` in a fresh Python process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--mb", type=int, default=1024, help="size of the generated export.xml (default 1024)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each way, interleaved; the median time is printed (default 3: a shared "
        "VM's speed drifts by a fifth within minutes)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "export.xml"
        size = generate(xml, args.mb)
        zipped = Path(tmp) / "export.zip"
        with zipfile.ZipFile(zipped, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(xml, "apple_health_export/export.xml")
        print(f"export.xml: {size / 1e6:,.0f} MB; export.zip: {zipped.stat().st_size / 1e6:,.0f} MB")
        ways = (
            ("floor (expat)", FLOOR, xml),
            ("reader", READER, xml),
            ("reader (zip)", READER, zipped),
        )
        runs: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in ways}
        for _ in range(args.repeat):
            for label, code, path in ways:
                runs[label].append(measure(code, path))
        print(f"{'':<16}{'seconds':>9}{'MB/s':>8}{'peak MiB':>10}   (median of {args.repeat}; all seconds)")
        for label, _, _ in ways:
            seconds = statistics.median(s for s, _ in runs[label])
            peak = max(p for _, p in runs[label])
            every = ", ".join(f"{s:.1f}" for s, _ in runs[label])
            print(f"{label:<16}{seconds:>9.1f}{size / 1e6 / seconds:>8.0f}{peak:>10.0f}   ({every})")


if __name__ == "__main__":
    main()
