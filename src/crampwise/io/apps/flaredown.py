"""Flaredown's exports: the in-app CSV (one column per trackable) and the long public-data format.

Why 0 is not an episode: Flaredown asks every day for a 0-4 rating of each
symptom a person tracks, and 0 means it was not there. A rating of 1-4 of a
symptom named as a cramp, spasm or twitch is one episode that day, at 12:00
(Flaredown keeps no time; said in a note), severity ``rating x 2.5``.

Weather: Flaredown added weather from a forecast service; its humidity is read
(a fraction 0-1, or percent), its temperatures are left out because the export
does not say their unit, and Crampwise does not guess between °F and °C.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime, time

import pandas as pd

from crampwise.errors import FileRefused
from crampwise.io.apps.base import AppExport, Problems, read_rows, read_text, workouts_frame
from crampwise.io.apps.symptoms import is_cramp, muscle
from crampwise.io.result import Source

APP = "Flaredown"

#: The in-app export's last columns, after the trackables.
WIDE_TAIL = (
    "Tags",
    "Foods",
    "Weather summary",
    "Weather max temperature",
    "Weather min temperature",
    "Weather pressure",
    "Weather precipitation intensity",
    "Weather humidity",
)
#: The public data set's header.
LONG = (
    "user_id",
    "age",
    "sex",
    "country",
    "checkin_date",
    "trackable_id",
    "trackable_type",
    "trackable_name",
    "trackable_value",
)
#: A rating of 0-4 onto the 0-10 severity.
SEVERITY_PER_POINT = 2.5
#: The start time of an episode (Flaredown keeps the day only).
START = time(12, 0)
HUMIDITY = "Weather humidity"
LEFT_OUT = (
    "conditions",
    "other symptoms",
    "treatments",
    "tags",
    "foods",
    "weather temperatures and pressure",
)


class FlaredownPeopleError(FileRefused):
    """The long file holds the check-ins of more than one person."""


def _header(head: bytes) -> list[str]:
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    try:
        return [c.strip() for c in next(csv.reader([first.rstrip("\r")]), [])]
    except csv.Error:  # not CSV text (a UTF-16 file, a binary file): not Flaredown's
        return []


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """The in-app export (Date ... Weather humidity) or the public long format."""
    if names is not None:
        return False
    cells = _header(head)
    wide = bool(cells) and cells[0] == "Date" and tuple(cells[-len(WIDE_TAIL) :]) == WIDE_TAIL
    return wide or tuple(cells) == LONG


def _episode(day: pd.Timestamp, name: str, rating: float) -> dict[str, object]:
    return {
        "start": datetime.combine(day.date(), START),
        "muscle": muscle(name),
        "severity": rating * SEVERITY_PER_POINT,
        "notes": f"From Flaredown: {name} ({rating:g} of 4)",
    }


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Episodes from cramp ratings of 1-4; days with humidity (in-app export)."""
    del timezone
    rows = read_rows(read_text(source))
    header = [h.strip() for h in rows[0]]
    problems = Problems()
    episodes: list[dict[str, object]] = []
    humidity: dict[pd.Timestamp, float] = {}

    problem = problems.add

    def rating(row: int, column: str, text: str) -> float | None:
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 4:
            problem(row, column, text, "is not a rating from 0 to 4")
            return None
        return value

    if tuple(header) == LONG:
        people = {r[0] for r in rows[1:] if r}
        if len(people) > 1:
            raise FlaredownPeopleError(
                f"this file holds the check-ins of {len(people):,} people (user_id). Keep only the rows "
                "with your own user_id and import that file."
            )
        at = {name: header.index(name) for name in LONG}
        for number, cells in enumerate(rows[1:], start=2):
            if len(cells) < len(LONG):
                continue
            kind, name = cells[at["trackable_type"]].strip(), cells[at["trackable_name"]].strip()
            if kind != "Symptom" or not is_cramp(name):
                continue
            day = pd.to_datetime(cells[at["checkin_date"]].strip(), format="%Y-%m-%d", errors="coerce")
            if pd.isna(day):
                problem(number, "checkin_date", cells[at["checkin_date"]], "is not a date such as 2025-03-05")
                continue
            value = rating(number, "trackable_value", cells[at["trackable_value"]].strip())
            if value:
                episodes.append(_episode(day, name, value))
    else:
        trackables = header[1 : len(header) - len(WIDE_TAIL)]
        cramps = [(header.index(t), t) for t in trackables if is_cramp(t)]
        at_humidity = header.index(HUMIDITY)
        for number, cells in enumerate(rows[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            day = pd.to_datetime(cells[0].strip(), format="%Y-%m-%d", errors="coerce")
            if pd.isna(day):
                problem(number, "Date", cells[0], "is not a date such as 2025-03-05")
                continue
            for pos, name in cramps:
                value = rating(number, name, cells[pos].strip() if pos < len(cells) else "")
                if value:
                    episodes.append(_episode(day, name, value))
            text = cells[at_humidity].strip() if at_humidity < len(cells) else ""
            if text:
                try:
                    humidity[day] = float(text)
                except ValueError:
                    problem(number, HUMIDITY, text, "is not a number")
    frame = pd.DataFrame(episodes, columns=["start", "muscle", "severity", "notes"])
    frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[us]")
    frame["severity"] = frame["severity"].astype("float64")
    values = pd.Series(humidity, dtype="float64")
    if not values.empty and values.max() <= 1:
        values = values * 100  # a fraction, as the forecast service gave it
    daily = pd.DataFrame({"date": list(values.index), "humidity_pct": values.round(1).tolist()})
    daily["date"] = pd.to_datetime(daily["date"]).astype("datetime64[us]")
    if daily.empty:
        daily = pd.DataFrame({"date": pd.Series(dtype="datetime64[us]")})
    notes = [
        f"Episodes are cramp, spasm or twitch symptoms rated 1 to 4 (0 means not there), at "
        f"{START:%H:%M} on their day because Flaredown keeps no time; severity is the rating times "
        f"{SEVERITY_PER_POINT:g}."
    ]
    return AppExport(
        app=APP,
        daily=daily,
        episodes=frame,
        workouts=workouts_frame([]),
        problems=problems.frame(),
        notes=notes,
        left_out=list(LEFT_OUT),
    )


def document() -> str:
    """The Flaredown section of docs/data-format.md, from this module's constants."""
    return "\n".join(
        [
            "### Flaredown",
            "",
            "**Recognised by**: the in-app export, a CSV whose header begins `Date` and ends "
            + ", ".join(f"`{c}`" for c in WIDE_TAIL)
            + " (one column per condition, symptom and treatment in between); or the long format of "
            "its public data set: " + ", ".join(f"`{c}`" for c in LONG) + ".",
            "",
            "| Crampwise column | from | how |",
            "|---|---|---|",
            f"| episode `start` | the day | at {START:%H:%M} (Flaredown keeps no time) |",
            f"| episode `severity` | a cramp symptom's rating 1-4 | × {SEVERITY_PER_POINT:g}; a rating of 0 "
            "means not there and is no episode |",
            "| episode `muscle` | the symptom's name | as for Bearable: the name's muscle, else `other` |",
            f"| `humidity_pct` | `{HUMIDITY}` | × 100 when every value is a fraction (0-1) |",
            "",
            "A symptom is a cramp when its name says so (the words listed under Bearable). The long "
            "format must hold one person's check-ins (one `user_id`); the public data set holds "
            "thousands and is refused. Weather temperatures are left out: the export does not say whether "
            "they are °F or °C, and Crampwise does not guess.",
            "",
            "**Left out**: " + ", ".join(LEFT_OUT) + ".",
        ]
    )
