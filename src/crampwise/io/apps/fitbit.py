"""Fitbit's legacy data export: one CSV of titled sections (Body, Foods, Activities, Sleep...).

Why its own reader: the file is several tables one after another, each under a
line holding only its title; numbers are quoted with thousands separators
(``"1,234"``); dates are written in the account's own order (``01-03-2025`` may
be 1 March or 3 January), so the order is read from the data and, when the data
cannot tell, the file is refused rather than guessed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd

from crampwise.errors import FileRefused
from crampwise.io.apps.base import AppExport, Problems, no_episodes, read_text, workouts_frame
from crampwise.io.result import Source

APP = "Fitbit"

#: The Activities section's header begins like this.
ACTIVITIES = ("Date", "Calories Burned", "Steps")
#: Fitbit's "active minutes": the two upper intensity levels.
EXERCISE_COLUMNS = ("Minutes Fairly Active", "Minutes Very Active")
#: The Sleep section: when it ended and minutes asleep (not in bed).
SLEEP_END, SLEEP_MINUTES = "End Time", "Minutes Asleep"
#: Sections that open the export, with how their header begins.
_FIRST_SECTIONS = {"Body": "Date,Weight,BMI", "Foods": "Date,Calories In"}
LEFT_OUT = (
    "steps",
    "calories",
    "distance",
    "floors",
    "sedentary and lightly active minutes",
    "weight",
    "food",
)


class FitbitDateOrderError(FileRefused):
    """Every date of the export could be day-first or month-first; Crampwise will not guess."""


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """A file with a line ``Activities`` followed by Fitbit's Activities header."""
    if names is not None:
        return False
    lines = [line.strip().strip('"') for line in head.decode("utf-8", errors="replace").splitlines()]
    for title, nxt in zip(lines, lines[1:], strict=False):
        header = nxt.replace('"', "")
        if title == "Activities" and header.startswith(",".join(ACTIVITIES)):
            return True
        # A long Body or Foods section can push Activities past the first 64 KiB.
        if (
            lines
            and title == lines[0]
            and title in _FIRST_SECTIONS
            and header.startswith(_FIRST_SECTIONS[title])
        ):
            return True
    return False


def _sections(text: str) -> dict[str, list[list[str]]]:
    """Title -> rows (header first) of each section."""
    out: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for row in csv.reader(io.StringIO(text)):
        cells = [c.strip() for c in row]
        if not any(cells):
            current = None
            continue
        if len([c for c in cells if c]) == 1 and cells[0] and current is None:
            current = out.setdefault(cells[0], [])
            continue
        if current is not None:
            current.append(cells)
    return out


def _order(dates: list[str]) -> str:
    """The strptime order of ``dates``: ISO, day-first or month-first, read from the data."""
    if all(len(d) >= 10 and d[4] == "-" for d in dates):
        return "%Y-%m-%d"
    parts = [d[:10].replace("/", "-").split("-") for d in dates]
    firsts = [int(p[0]) for p in parts if len(p) == 3 and p[0].isdigit()]
    seconds = [int(p[1]) for p in parts if len(p) == 3 and p[1].isdigit()]
    sep = "/" if "/" in dates[0] else "-"
    if any(f > 12 for f in firsts):
        return f"%d{sep}%m{sep}%Y"
    if any(s > 12 for s in seconds):
        return f"%m{sep}%d{sep}%Y"
    raise FitbitDateOrderError(
        f"every date in this Fitbit export, such as {dates[0] if dates else '(none)'}, could be "
        "day-first or month-first, and Crampwise will not guess. Set the Fitbit account's date format "
        "(Settings > Personal info > Date format) and export again, or wait until the export holds a "
        "day above the 12th."
    )


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Days with exercise minutes (fairly + very active) and, when present, sleep."""
    del timezone
    sections = _sections(read_text(source))
    problems = Problems()

    def problem(section: str, row: int, column: str, value: str, reason: str) -> None:
        problems.add(row, column, value, reason, where=f"{section} row")

    activity = sections.get("Activities", [])
    header, rows = (activity[0], activity[1:]) if activity else ([], [])
    dates = [r[0] for r in rows if r and r[0]]
    sleep = sections.get("Sleep", [])
    sleep_header, sleep_rows = (sleep[0], sleep[1:]) if sleep else ([], [])
    fmt = _order(
        dates + [r[sleep_header.index(SLEEP_END)][:10] for r in sleep_rows if SLEEP_END in sleep_header]
    )
    days: dict[pd.Timestamp, dict[str, float]] = {}
    at = [header.index(c) for c in EXERCISE_COLUMNS if c in header]
    for number, cells in enumerate(rows, start=2):
        when = pd.to_datetime(cells[0], format=fmt, errors="coerce")
        if pd.isna(when):
            problem("Activities", number, "Date", cells[0], "is not a date")
            continue
        value = 0.0
        for i in at:
            text = cells[i] if i < len(cells) else ""
            try:
                value += _number(text)
            except ValueError:
                problem("Activities", number, header[i], text, "is not a number")
                break
        else:
            days.setdefault(when, {})["exercise_min"] = value
    if SLEEP_END in sleep_header and SLEEP_MINUTES in sleep_header:
        end_at, asleep_at = sleep_header.index(SLEEP_END), sleep_header.index(SLEEP_MINUTES)
        for number, cells in enumerate(sleep_rows, start=2):
            when = pd.to_datetime(cells[end_at][:10], format=fmt, errors="coerce")
            try:
                hours = _number(cells[asleep_at]) / 60
            except (ValueError, IndexError):
                problem(
                    "Sleep",
                    number,
                    SLEEP_MINUTES,
                    cells[asleep_at] if asleep_at < len(cells) else "",
                    "is not a number",
                )
                continue
            if pd.isna(when):
                problem("Sleep", number, SLEEP_END, cells[end_at], "is not a date")
                continue
            day = days.setdefault(when, {})
            day["sleep_h"] = round(day.get("sleep_h", 0.0) + hours, 2)
    daily = pd.DataFrame([{"date": d, **v} for d, v in sorted(days.items())])
    if daily.empty:
        daily = pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")})
    daily["date"] = pd.to_datetime(daily["date"]).astype("datetime64[us]")
    notes = ["Exercise minutes are Fitbit's active minutes: fairly active plus very active."]
    if "sleep_h" in daily:
        notes.append("Sleep is minutes asleep (not time in bed), counted on the morning it ends.")
    return AppExport(
        app=APP,
        daily=daily,
        episodes=no_episodes(),
        workouts=workouts_frame([]),
        problems=problems.frame(),
        notes=notes,
        left_out=list(LEFT_OUT),
    )


def document() -> str:
    """The Fitbit section of docs/data-format.md, from this module's constants."""
    return "\n".join(
        [
            "### Fitbit",
            "",
            "**Recognised by**: a line `Activities` followed by a header beginning "
            + ", ".join(f"`{c}`" for c in ACTIVITIES)
            + " (the legacy export: titled sections one after another).",
            "",
            "| Crampwise column | from | how |",
            "|---|---|---|",
            "| `exercise_min` | Activities: "
            + " + ".join(f"`{c}`" for c in EXERCISE_COLUMNS)
            + " | per day |",
            f"| `sleep_h` | Sleep: `{SLEEP_MINUTES}` ÷ 60 | on the day of `{SLEEP_END}` (the morning) |",
            "",
            'Numbers may be quoted with thousands separators (`"1,234"`). Dates are in the account\'s '
            "order: year-first, or day- or month-first as the data show (a day above 12); when every date "
            "could be either, the file is refused rather than guessed.",
            "",
            "**Left out**: " + ", ".join(LEFT_OUT) + ".",
        ]
    )
