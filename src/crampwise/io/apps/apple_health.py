"""Apple Health's ``export.zip`` (or its ``export.xml``), read as a stream.

Why a stream: a heavy user's ``export.xml`` is 1 GB or more, mostly heart-rate
and step records Crampwise does not read. The file is fed to expat in 1 MiB
chunks; a record of a type Crampwise does not read costs one dictionary lookup
and a count, and only the day totals (water, workouts, sleep) are kept, so
memory stays flat whatever the file's size.

The day of a record is the wall-clock date written in it (``2025-03-05 23:30:00
-0600`` counts on 5 March), as the Health app itself shows it.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import pandas as pd

from crampwise.errors import FileRefused, FileTooLargeError
from crampwise.io.apps.base import AppExport, Problems, no_episodes, workouts_frame
from crampwise.io.result import Source

APP = "Apple Health"

#: Largest zipped export the app accepts, in megabytes. Apple's export.zip holds
#: export.xml compressed about 10 to 20 times (plus ECG and route files); 500 MB
#: covers an export.xml of several gigabytes, years of a watch worn every day,
#: while keeping an upload to a shared server bounded.
MAX_ZIPPED_EXPORT_MB = 500
#: Largest export.xml a zip may unpack to (a zip bomb is refused before reading).
MAX_XML_BYTES = 8 * 1024**3
#: Most an export.xml may be compressed; Apple's XML compresses about 15:1.
MAX_RATIO = 100
#: Bytes fed to the parser at a time.
CHUNK = 1 << 20

#: Where export.xml sits inside export.zip (older exports: at the top).
XML_MEMBERS = ("apple_health_export/export.xml", "export.xml")

WATER = "HKQuantityTypeIdentifierDietaryWater"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
#: Litres per unit of a water record.
WATER_UNITS: dict[str, float] = {"mL": 0.001, "cL": 0.01, "dL": 0.1, "L": 1.0, "fl_oz_us": 0.0295735295625}
#: Minutes per unit of a workout's ``durationUnit``.
DURATION_UNITS: dict[str, float] = {"min": 1.0, "s": 1 / 60, "hr": 60.0, "h": 60.0}
#: Sleep values that mean asleep (iOS 16 and later split sleep into stages).
ASLEEP: tuple[str, ...] = (
    "HKCategoryValueSleepAnalysisAsleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
)
#: Sleep values that are not sleep: time in bed, awake in the night.
NOT_ASLEEP: tuple[str, ...] = ("HKCategoryValueSleepAnalysisInBed", "HKCategoryValueSleepAnalysisAwake")

#: Plain words for the record types people most often have, for "what was left out".
_TYPE_WORDS = {
    "HKQuantityTypeIdentifierStepCount": "steps",
    "HKQuantityTypeIdentifierHeartRate": "heart rate",
    "HKQuantityTypeIdentifierActiveEnergyBurned": "active energy",
    "HKQuantityTypeIdentifierBasalEnergyBurned": "resting energy",
    "HKQuantityTypeIdentifierDistanceWalkingRunning": "walking and running distance",
    "HKQuantityTypeIdentifierFlightsClimbed": "flights climbed",
    "HKQuantityTypeIdentifierBodyMass": "weight",
    "HKQuantityTypeIdentifierAppleExerciseTime": "Apple exercise minutes (the ring)",
    "HKQuantityTypeIdentifierHeartRateVariabilitySDNN": "heart rate variability",
    "HKQuantityTypeIdentifierDietaryCaffeine": "caffeine",
}
_LEFT_OUT_SHOWN = 5


class AppleHealthError(FileRefused):
    """The Apple Health export cannot be read as a whole (not XML, unsafe, damaged)."""


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """An export.xml (its root is ``<HealthData``), or a zip holding one."""
    if names is not None:
        return any(n in names for n in XML_MEMBERS)
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<?xml") and b"<HealthData" in head


def _local(text: str) -> tuple[datetime, datetime]:
    """(wall clock as written, UTC) of ``2025-03-05 07:00:00 -0600``; raises ValueError."""
    when = datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    naive = when.replace(tzinfo=None)
    return naive, naive - (when.utcoffset() or timedelta(0))


class _Totals:
    """What is kept while the file streams past: day totals, workouts, sleep spans."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.water: dict[datetime, float] = {}
        self.workouts: list[dict[str, Any]] = []
        self.sleep: list[tuple[datetime, datetime, datetime]] = []  # (start utc, end utc, end local)
        self.other: dict[str, int] = {}
        self.problems = Problems()

    def problem(self, column: str, value: str, reason: str) -> None:
        self.problems.add(self.parser.CurrentLineNumber, column, value, reason, where="line")

    def handler(self) -> Callable[[str, dict[str, str]], None]:
        """The start-element handler: a closure over locals, since it runs once per element.

        A workout is taken whole from its own attributes when it starts (its
        ``WorkoutStatistics`` children add nothing Crampwise reads), so no end-element
        handler is needed: that would be a second Python call for each of millions of
        elements.
        """
        other = self.other
        water, sleep, workout = self._water, self._sleep, self._add_workout

        def start(name: str, attrs: dict[str, str]) -> None:
            if name == "Record":
                kind = attrs.get("type", "")
                if kind == WATER:
                    water(attrs)
                elif kind == SLEEP:
                    sleep(attrs)
                else:
                    other[kind] = other.get(kind, 0) + 1
            elif name == "Workout":
                workout(attrs)

        return start

    def _dates(self, attrs: dict[str, str]) -> tuple[datetime, datetime, datetime, datetime] | None:
        try:
            start, start_utc = _local(attrs.get("startDate", ""))
        except ValueError:
            self.problem(
                "startDate", attrs.get("startDate", ""), "is not a date such as 2025-03-05 07:00:00 -0600"
            )
            return None
        try:
            end, end_utc = _local(attrs.get("endDate", "") or attrs.get("startDate", ""))
        except ValueError:
            self.problem(
                "endDate", attrs.get("endDate", ""), "is not a date such as 2025-03-05 07:40:00 -0600"
            )
            return None
        return start, start_utc, end, end_utc

    def _water(self, attrs: dict[str, str]) -> None:
        unit, text = attrs.get("unit", ""), attrs.get("value", "")
        if unit not in WATER_UNITS:
            self.problem("unit", unit, f"is not a unit of water Crampwise reads ({', '.join(WATER_UNITS)})")
            return
        try:
            value = float(text)
        except ValueError:
            self.problem("value", text, "is not a number")
            return
        if not value >= 0:
            self.problem("value", text, "is below 0")
            return
        dates = self._dates(attrs)
        if dates is None:
            return
        day = dates[0].replace(hour=0, minute=0, second=0, microsecond=0)
        self.water[day] = self.water.get(day, 0.0) + value * WATER_UNITS[unit]

    def _sleep(self, attrs: dict[str, str]) -> None:
        value = attrs.get("value", "")
        if value in NOT_ASLEEP:
            return
        if value not in ASLEEP:
            self.other[SLEEP + ":" + value] = self.other.get(SLEEP + ":" + value, 0) + 1
            return
        dates = self._dates(attrs)
        if dates is None:
            return
        _, start_utc, end, end_utc = dates
        if end_utc > start_utc:
            self.sleep.append((start_utc, end_utc, end))

    def _add_workout(self, attrs: dict[str, str]) -> None:
        dates = self._dates(attrs)
        if dates is None:
            return
        start, start_utc, end, end_utc = dates
        text = attrs.get("duration")
        if text:
            unit = attrs.get("durationUnit", "min")
            if unit not in DURATION_UNITS:
                self.problem(
                    "durationUnit",
                    unit,
                    f"is not a unit of time Crampwise reads ({', '.join(DURATION_UNITS)})",
                )
                return
            try:
                minutes = float(text) * DURATION_UNITS[unit]
            except ValueError:
                self.problem("duration", text, "is not a number")
                return
        else:
            minutes = (end_utc - start_utc).total_seconds() / 60
        if not 0 <= minutes <= 24 * 60:
            self.problem("duration", str(text or minutes), "is not between 0 and 24 hours")
            return
        activity = (
            str(attrs.get("workoutActivityType", "")).removeprefix("HKWorkoutActivityType") or "Workout"
        )
        device = attrs.get("sourceName") or None
        self.workouts.append(
            {
                "source_id": "|".join(
                    (str(attrs.get("startDate")), str(attrs.get("workoutActivityType", "")), device or "")
                ),
                "start": start,
                "end": end,
                "start_utc": start_utc,
                "minutes": round(minutes, 2),
                "activity": activity,
                "device": device,
                "date": start.replace(hour=0, minute=0, second=0, microsecond=0),
            }
        )


def _sleep_by_day(spans: list[tuple[datetime, datetime, datetime]]) -> dict[datetime, float]:
    """Hours asleep per day, overlapping spans (iPhone and Watch) merged; a night counts on its morning."""
    out: dict[datetime, float] = {}
    merged: list[list[Any]] = []
    for start, end, end_local in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1], merged[-1][2] = end, end_local
        else:
            merged.append([start, end, end_local])
    for start, end, end_local in merged:
        day = end_local.replace(hour=0, minute=0, second=0, microsecond=0)
        out[day] = out.get(day, 0.0) + (end - start).total_seconds() / 3600
    return out


@contextmanager
def _xml_stream(source: Source) -> Iterator[IO[bytes]]:
    """The export.xml bytes as a stream: the bare file, or the member of the zip."""
    if isinstance(source, bytes | bytearray | memoryview):
        handle: IO[bytes] = io.BytesIO(bytes(source))
        close = True
    elif isinstance(source, str | os.PathLike):
        handle = Path(source).open("rb")
        close = True
    else:
        handle, close = source, False
    try:
        start = handle.read(4)
        handle.seek(-len(start), os.SEEK_CUR)
        if start != b"PK\x03\x04":
            yield handle
            return
        size = handle.seek(0, os.SEEK_END)
        handle.seek(0)
        if size > MAX_ZIPPED_EXPORT_MB * 1_000_000:
            raise FileTooLargeError(
                f"the zipped export is {size / 1e6:,.0f} MB; Crampwise reads zipped Apple Health exports of "
                f"up to {MAX_ZIPPED_EXPORT_MB} MB. Unzip it and import the export.xml inside with "
                "`python -m crampwise convert export.xml`, which has no limit."
            )
        with zipfile.ZipFile(handle) as archive:
            member = next(n for n in XML_MEMBERS if n in archive.namelist())
            info = archive.getinfo(member)
            if info.file_size > MAX_XML_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise FileTooLargeError(
                    f"export.xml in this zip would unpack to {info.file_size / 1e9:,.1f} GB from "
                    f"{info.compress_size / 1e6:,.1f} MB; Crampwise refuses more than "
                    f"{MAX_XML_BYTES / 1024**3:.0f} GB or {MAX_RATIO}:1 compression (Apple's exports are "
                    "about 15:1). Export again from the Health app."
                )
            with archive.open(info) as xml:
                yield xml
    finally:
        if close:
            handle.close()


def _refuse_entities(*_args: object) -> None:
    raise AppleHealthError(
        "this export.xml declares XML entities, which Apple's exports never do; it is not read, "
        "because entities can make a small file expand without end. Export again from the Health app."
    )


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Days (water, workout minutes, sleep) and single workouts of an Apple Health export.

    ``timezone`` is not needed: Apple writes each record's own UTC offset.
    """
    del timezone
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entities
    totals = _Totals(parser)
    parser.StartElementHandler = totals.handler()
    with _xml_stream(source) as stream:
        try:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise AppleHealthError(
                f"export.xml is damaged at line {exc.lineno}: {expat.ErrorString(exc.code)}. "
                "Export again from the Health app (the export may have been cut short)."
            ) from None
        except zipfile.BadZipFile:
            raise AppleHealthError("the zip file is damaged; export again from the Health app.") from None
    return _export(totals)


def _export(totals: _Totals) -> AppExport:
    workouts = workouts_frame(totals.workouts)
    columns: dict[str, pd.Series] = {}
    if totals.water:
        columns["water_l"] = pd.Series(totals.water).round(3)
    if not workouts.empty:
        columns["exercise_min"] = workouts.groupby("date")["minutes"].sum().round(1)
    sleep = _sleep_by_day(totals.sleep)
    if sleep:
        columns["sleep_h"] = pd.Series(sleep).round(2)
    daily = pd.DataFrame(columns)
    daily.index = pd.to_datetime(daily.index).astype("datetime64[us]")
    daily = daily.sort_index().rename_axis("date").reset_index()
    if "date" not in daily:
        daily = pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")})
    notes = [
        "Days are the dates written in each record (the Health app's own days).",
        "Exercise minutes are the sum of the day's workouts; days without a workout are left blank, not 0.",
    ]
    if "sleep_h" in daily:
        notes.append("Sleep is time asleep (not time in bed), counted on the morning it ends.")
    left = [(_TYPE_WORDS.get(k, _plain(k)), n) for k, n in Counter(totals.other).most_common()]
    left_out = [f"{words} ({n:,} record{'s' if n != 1 else ''})" for words, n in left[:_LEFT_OUT_SHOWN]]
    if len(left) > _LEFT_OUT_SHOWN:
        left_out.append(f"{len(left) - _LEFT_OUT_SHOWN} other kinds of record")
    return AppExport(
        app=APP,
        daily=daily,
        episodes=no_episodes(),
        workouts=workouts,
        problems=totals.problems.frame(),
        notes=notes,
        left_out=left_out,
    )


def _plain(kind: str) -> str:
    """``HKQuantityTypeIdentifierRespiratoryRate`` -> ``respiratory rate``."""
    import re

    name = re.sub(r"^HK(Quantity|Category|Correlation)TypeIdentifier", "", kind) or kind
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def document() -> str:
    """The Apple Health section of docs/data-format.md, from this module's constants."""
    units = ", ".join(f"`{u}` (× {f:g} L)" for u, f in WATER_UNITS.items())
    lines = [
        "### Apple Health",
        "",
        "**Recognised by**: an XML file whose root is `<HealthData>` (`export.xml`), or a zip holding "
        f"{' or '.join(f'`{m}`' for m in XML_MEMBERS)} (`export.zip` as the Health app shares it). "
        "The file is read as a stream, so its size does not matter to memory (see docs/performance.md).",
        "",
        "| Crampwise column | from | how |",
        "|---|---|---|",
        f"| `water_l` | `Record` of type `{WATER}` | summed per day; units {units} |",
        "| `exercise_min` | every `Workout` (all activity types count as exercise) | its `duration` in "
        f"`durationUnit` ({', '.join(DURATION_UNITS)}), or end minus start when there is none; "
        "summed per day |",
        f"| `sleep_h` | `Record` of type `{SLEEP}` with value "
        + ", ".join(f"`{v.removeprefix('HKCategoryValueSleepAnalysis')}`" for v in ASLEEP)
        + " | time asleep; overlapping records of two devices (iPhone and Watch) are merged, not added; "
        "a night counts on the day it ends |",
        "",
        "The day of a record is the wall-clock date written in it (`2025-03-05 23:30:00 -0600` counts on "
        "5 March). "
        + ", ".join(f"`{v.removeprefix('HKCategoryValueSleepAnalysis')}`" for v in NOT_ASLEEP)
        + " are not sleep. A day with no workout has no exercise value (blank, not 0). Each workout is "
        "also kept on its own (start, end, minutes, activity, the device that recorded it) so that the "
        "same run uploaded to another app is counted once in the journal.",
        "",
        f"**Limits**: a zipped export of up to {MAX_ZIPPED_EXPORT_MB} MB in the app (about 10 to 20 times "
        "that of XML: years of a watch worn every day); an export.xml inside a zip may unpack to at most "
        f"{MAX_XML_BYTES // 1024**3} GB at no more than {MAX_RATIO}:1 compression. The bare export.xml and "
        "`convert` have no size limit. An XML file that declares entities is refused.",
        "",
        "**Left out**: every other record type (steps, heart rate, energy, weight, ...); the import says "
        "which and how many. A record with a bad date, value or unit is refused with its line number.",
    ]
    return "\n".join(lines)
