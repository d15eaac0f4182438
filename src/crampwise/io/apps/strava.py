"""Strava's bulk export ``activities.csv``: each activity a workout, summed per day.

Why by position: Strava's header repeats names (``Elapsed Time`` and
``Distance`` appear twice, the second block in seconds and metres), so the
columns are found by where they first occur rather than by name alone.
Strava writes ``Activity Date`` in UTC; with a time zone the activities land on
the person's own days, without one on UTC days (said in a note).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from crampwise.errors import FileRefused
from crampwise.io.apps.base import AppExport, Problems, no_episodes, read_rows, read_text, workouts_frame
from crampwise.io.result import Source

APP = "Strava"

#: The header begins like this (Strava's documented bulk export).
SIGNATURE = ("Activity ID", "Activity Date", "Activity Name", "Activity Type")
#: Strava's date format (UTC), e.g. ``Mar 5, 2025, 7:00:00 AM``.
DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"
#: Minutes come from the first of these columns that has a value (seconds):
#: moving time leaves out stops at lights and cafés, so it is the exercise itself.
MINUTE_COLUMNS = ("Moving Time", "Elapsed Time")
#: Every activity type counts as exercise (walks and yoga included): Strava only
#: holds what a person chose to record as an activity.
EXERCISE_TYPES = "all"
#: What the export has that Crampwise does not read.
LEFT_OUT = ("distance", "elevation", "heart rate", "calories", "names and descriptions", "gear")


class TimeZoneError(FileRefused):
    """The time zone given for an export in UTC is not a known zone name."""


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """A CSV whose header starts with Strava's four activity columns."""
    if names is not None:
        return False
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", errors="replace")
    cells = [c.strip().strip('"') for c in first.split(",")]
    return tuple(cells[: len(SIGNATURE)]) == SIGNATURE


def _zone(timezone: str | None) -> ZoneInfo | None:
    if timezone is None:
        return None
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimeZoneError(
            f"{timezone!r} is not a time zone name; use one such as Europe/London, America/Chicago or UTC."
        ) from None


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Days with exercise minutes, and the single activities behind them."""
    zone = _zone(timezone)
    rows = read_rows(read_text(source))
    header = [h.strip() for h in rows[0]]
    where = {name: header.index(name) for name in {*SIGNATURE, *MINUTE_COLUMNS} if name in header}
    workouts: list[dict[str, object]] = []
    problems = Problems()

    problem = problems.add

    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            pos = where.get(name)
            return cells[pos].strip() if pos is not None and pos < len(cells) else ""

        when_text = cell("Activity Date")
        try:
            utc = datetime.strptime(when_text, DATE_FORMAT)
        except ValueError:
            problem(number, "Activity Date", when_text, "is not a date such as Mar 5, 2025, 7:00:00 AM")
            continue
        seconds: float | None = None
        for name in MINUTE_COLUMNS:
            value = cell(name)
            if value:
                try:
                    seconds = float(value)
                except ValueError:
                    problem(number, name, value, "is not a number of seconds")
                    seconds = -1.0
                break
        if seconds is None or seconds < 0 or seconds > 24 * 3600:
            if seconds is None:
                problem(number, "Moving Time", "", "is empty, and so is Elapsed Time")
            elif seconds > 24 * 3600:
                problem(number, MINUTE_COLUMNS[0], f"{seconds:g}", "is more than 24 hours")
            continue
        start = (
            utc
            if zone is None
            else pd.Timestamp(utc, tz="UTC").tz_convert(zone).tz_localize(None).to_pydatetime()
        )
        minutes = round(seconds / 60, 2)
        activity_id = cell("Activity ID") or hashlib.sha1(when_text.encode()).hexdigest()[:12]
        workouts.append(
            {
                "source_id": activity_id,
                "start": start,
                "end": start + pd.Timedelta(seconds=seconds),
                "start_utc": utc,
                "minutes": minutes,
                "activity": cell("Activity Type") or "Activity",
                "device": None,
                "date": start.replace(hour=0, minute=0, second=0, microsecond=0),
            }
        )
    frame = workouts_frame(workouts)
    daily = frame.groupby("date", as_index=False)["minutes"].sum().rename(columns={"minutes": "exercise_min"})
    daily["exercise_min"] = daily["exercise_min"].round(1)
    notes = [
        "Exercise minutes are each activity's moving time (elapsed time when there is none), summed per day; "
        "days without an activity are left blank, not 0."
    ]
    if zone is None:
        notes.append(
            "Strava keeps times in UTC, so activities were put on UTC days; give your time zone "
            "(the Import page's time zone, or --timezone) to put them on your own days."
        )
    else:
        notes.append(f"Strava's UTC times were put on days in {timezone}.")
    return AppExport(
        app=APP,
        daily=daily,
        episodes=no_episodes(),
        workouts=frame,
        problems=problems.frame(),
        notes=notes,
        left_out=list(LEFT_OUT),
    )


def document() -> str:
    """The Strava section of docs/data-format.md, from this module's constants."""
    return "\n".join(
        [
            "### Strava",
            "",
            "**Recognised by**: a CSV whose header begins "
            + ", ".join(f"`{c}`" for c in SIGNATURE)
            + " (the bulk export's `activities.csv`). Names that repeat later in the header (a second "
            "`Elapsed Time`, a second `Distance` in metres) are read by their first position.",
            "",
            "| Crampwise column | from | how |",
            "|---|---|---|",
            "| `exercise_min` | "
            + " or ".join(f"`{c}`" for c in MINUTE_COLUMNS)
            + " (seconds; the first with a value) | divided by 60, summed per day; every activity type "
            "counts as exercise |",
            "",
            f"Dates such as `Mar 5, 2025, 7:00:00 AM` are UTC (format `{DATE_FORMAT}`): with a time zone "
            "(`--timezone Europe/Berlin`, or the Import page's choice) activities land on the person's own "
            "days, without one on UTC days. Each activity is also kept on its own (id, start, minutes, type) "
            "so that a run also recorded by a watch in Apple Health counts once in the journal.",
            "",
            "**Left out**: " + ", ".join(LEFT_OUT) + ".",
        ]
    )
