"""Google Fit's Takeout ``Daily activity metrics/Daily Summaries.csv``: one row per day.

Why Heart Minutes: Google counts a Move Minute for any movement, a slow stroll
included, while a Heart Minute is a minute at moderate intensity or more (a
brisk walk or harder), which is what "exercise" means in the guide. Google Fit
records no single workouts here, so nothing is kept for the overlap rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from crampwise.io.apps.base import AppExport, Problems, no_episodes, read_rows, read_text, workouts_frame
from crampwise.io.result import Source

APP = "Google Fit"

#: The header begins like this.
SIGNATURE = ("Date", "Move Minutes count")
#: The column that becomes ``exercise_min``.
EXERCISE_COLUMN = "Heart Minutes"
DATE_FORMAT = "%Y-%m-%d"
LEFT_OUT = ("move minutes", "heart points", "steps", "calories", "distance", "speed", "weight")


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """A CSV whose header begins ``Date,Move Minutes count``."""
    if names is not None:
        return False
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    cells = [c.strip().strip('"') for c in first.split(",")]
    return tuple(cells[: len(SIGNATURE)]) == SIGNATURE and EXERCISE_COLUMN in cells


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Days with exercise minutes (Heart Minutes); days without a value are left blank."""
    del timezone  # Google writes the phone's own days
    rows = read_rows(read_text(source))
    header = [h.strip() for h in rows[0]]
    at_date, at_minutes = header.index("Date"), header.index(EXERCISE_COLUMN)
    days: list[dict[str, object]] = []
    problems = Problems()

    problem = problems.add

    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        date_text = cells[at_date].strip() if at_date < len(cells) else ""
        value_text = cells[at_minutes].strip() if at_minutes < len(cells) else ""
        day = pd.to_datetime(date_text, format=DATE_FORMAT, errors="coerce")
        if pd.isna(day):
            problem(number, "Date", date_text, "is not a date such as 2025-03-05")
            continue
        if not value_text:
            continue
        try:
            value = float(value_text)
        except ValueError:
            problem(number, EXERCISE_COLUMN, value_text, "is not a number")
            continue
        days.append({"date": day, "exercise_min": value})
    daily = pd.DataFrame(days, columns=["date", "exercise_min"])
    daily["date"] = pd.to_datetime(daily["date"]).astype("datetime64[us]")
    daily["exercise_min"] = daily["exercise_min"].astype("float64")
    return AppExport(
        app=APP,
        daily=daily,
        episodes=no_episodes(),
        workouts=workouts_frame([]),
        problems=problems.frame(),
        notes=[
            f"Exercise minutes are Google Fit's {EXERCISE_COLUMN} (minutes at moderate intensity or "
            "more), not its Move Minutes, which count any movement."
        ],
        left_out=list(LEFT_OUT),
    )


def document() -> str:
    """The Google Fit section of docs/data-format.md, from this module's constants."""
    return "\n".join(
        [
            "### Google Fit",
            "",
            "**Recognised by**: a CSV whose header begins "
            + ", ".join(f"`{c}`" for c in SIGNATURE)
            + " and has `"
            + EXERCISE_COLUMN
            + "` (Takeout's `Daily activity metrics/Daily Summaries.csv`).",
            "",
            "| Crampwise column | from | how |",
            "|---|---|---|",
            f"| `exercise_min` | `{EXERCISE_COLUMN}` | as it is, per `Date` (`{DATE_FORMAT}`) |",
            "",
            "Heart Minutes, not Move Minutes: Google counts a Move Minute for any movement, a slow stroll "
            "included, and a Heart Minute for a minute at moderate intensity or more. A day with no value "
            "stays blank. The file holds no single workouts, so a workout also recorded by another app "
            "cannot be matched: import one of the two for exercise.",
            "",
            "**Left out**: " + ", ".join(LEFT_OUT) + ".",
        ]
    )
