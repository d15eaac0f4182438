"""Garmin Connect's ``Activities.csv``: each activity a workout, summed per day.

Why its own reader: Garmin writes durations as ``hh:mm:ss`` (``--`` when there is
none), dates with a time of day (``2025-03-05 07:00:12``, the watch's local
time), and, in some languages, its headers translated, semicolons between cells
and decimal commas (``00:48:30,5``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from crampwise.io.apps.base import AppExport, Problems, no_episodes, read_rows, read_text, workouts_frame
from crampwise.io.result import Source

APP = "Garmin Connect"

#: The columns read, and the names they have in the languages seen (English first).
COLUMNS: dict[str, tuple[str, ...]] = {
    "Activity Type": ("Activity Type", "Aktivitätstyp"),
    "Date": ("Date", "Datum"),
    "Title": ("Title", "Titel"),
    "Time": ("Time", "Zeit"),
    "Moving Time": ("Moving Time", "Bewegungszeit"),
    "Elapsed Time": ("Elapsed Time", "Verstrichene Zeit"),
}
#: Minutes come from the first of these with a value: moving time leaves out pauses.
MINUTE_COLUMNS = ("Moving Time", "Time", "Elapsed Time")
#: Garmin's blank.
BLANK = ("", "--")
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
LEFT_OUT = ("distance", "calories", "heart rate", "pace and cadence", "training effect", "laps")

_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d+))?$")


def _header(head: bytes) -> list[str]:
    lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
    text = lines[0] if lines else ""
    delimiter = ";" if text.count(";") > text.count(",") else ","
    return [c.strip().strip('"') for c in text.split(delimiter)]


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """A CSV whose header begins Activity Type, Date, Favorite (in English or German)."""
    if names is not None:
        return False
    cells = _header(head)
    return (
        len(cells) > 3
        and cells[0] in COLUMNS["Activity Type"]
        and cells[1] in COLUMNS["Date"]
        and cells[2] in ("Favorite", "Favorit")
    )


def minutes(text: str) -> float | None:
    """``01:05:00`` -> 65.0, ``48:30,5`` -> 48.51; None when blank; ValueError when not a duration."""
    text = text.strip()
    if text in BLANK:
        return None
    found = _DURATION.match(text)
    if found is None:
        raise ValueError(text)
    hours, mins, secs, frac = found.groups()
    seconds = int(hours or 0) * 3600 + int(mins) * 60 + int(secs) + float(f"0.{frac}" if frac else 0)
    return round(seconds / 60, 2)


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Days with exercise minutes, and the single activities behind them (local wall clock)."""
    del timezone  # Garmin writes the watch's local time
    rows = read_rows(read_text(source))
    header = [h.strip() for h in rows[0]]
    where = {
        name: next((header.index(n) for n in names if n in header), None) for name, names in COLUMNS.items()
    }
    titles = {name: header[pos] if pos is not None else name for name, pos in where.items()}
    workouts: list[dict[str, object]] = []
    problems = Problems()

    def problem(row: int, column: str, value: str, reason: str) -> None:
        problems.add(row, titles[column], value, reason)

    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            pos = where[name]
            return cells[pos].strip() if pos is not None and pos < len(cells) else ""

        try:
            start = datetime.strptime(cell("Date"), DATE_FORMAT)
        except ValueError:
            problem(number, "Date", cell("Date"), "is not a date such as 2025-03-05 07:00:12")
            continue
        value: float | None = None
        bad = False
        for name in MINUTE_COLUMNS:
            try:
                value = minutes(cell(name))
            except ValueError:
                problem(number, name, cell(name), "is not a duration such as 00:45:00")
                bad = True
                break
            if value is not None:
                break
        if bad:
            continue
        if value is None:
            problem(number, "Time", cell("Time"), "is empty, and so are Moving Time and Elapsed Time")
            continue
        key = "|".join((cell("Date"), cell("Activity Type"), cell("Title")))
        workouts.append(
            {
                "source_id": hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
                "start": start,
                "end": start + timedelta(minutes=value),
                "start_utc": None,
                "minutes": value,
                "activity": cell("Activity Type") or "Activity",
                "device": None,
                "date": start.replace(hour=0, minute=0, second=0),
            }
        )
    frame = workouts_frame(workouts)
    daily = frame.groupby("date", as_index=False)["minutes"].sum().rename(columns={"minutes": "exercise_min"})
    daily["exercise_min"] = daily["exercise_min"].round(1)
    return AppExport(
        app=APP,
        daily=daily,
        episodes=no_episodes(),
        workouts=frame,
        problems=problems.frame(),
        notes=[
            "Exercise minutes are each activity's moving time (else its time, else elapsed time), "
            "summed per day in the watch's local time; days without an activity are left blank, not 0."
        ],
        left_out=list(LEFT_OUT),
    )


def document() -> str:
    """The Garmin Connect section of docs/data-format.md, from this module's constants."""
    names = "; ".join(
        f"`{k}`" + (f" (also {', '.join(f'`{n}`' for n in v[1:])})" if v[1:] else "")
        for k, v in COLUMNS.items()
    )
    return "\n".join(
        [
            "### Garmin Connect",
            "",
            "**Recognised by**: a CSV (comma or semicolon) whose header begins `Activity Type`, `Date`, "
            "`Favorite` (or the German `Aktivitätstyp`, `Datum`, `Favorit`): the `Activities.csv` of "
            "Garmin Connect's activity list.",
            "",
            "| Crampwise column | from | how |",
            "|---|---|---|",
            "| `exercise_min` | "
            + " or ".join(f"`{c}`" for c in MINUTE_COLUMNS)
            + " (the first with a value; `hh:mm:ss` or `mm:ss`, fractions after `.` or `,`) | summed per "
            "day; every activity type counts as exercise |",
            "",
            f"Columns read: {names}. Dates (`{DATE_FORMAT}`) are the watch's local time, so an activity "
            "counts on the day it started there; `--` is a blank. Each activity is also kept on its own so "
            "that one also recorded by another app counts once in the journal (compared by local time).",
            "",
            "**Left out**: " + ", ".join(LEFT_OUT) + ".",
        ]
    )
