"""Bearable's CSV export: cramp, spasm and twitch symptoms become episodes; sleep becomes days.

Why a mapping, stated once: Bearable rates a symptom Mild, Moderate or Severe
and times an entry by part of day (``am``, ``pm``...), where Crampwise wants a
0-10 severity and a start time. :data:`SEVERITY` and :data:`TIMES` are those
mappings; the times are approximate and the import says so. Only symptoms whose
name says cramp, spasm or twitch (:data:`CRAMP_WORDS`) become episodes; the
muscle is read from the name with the same synonyms as a person's own file, and
is "other" when the name names none (never guessed from "leg").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time

import pandas as pd

from crampwise.io.apps.base import AppExport, Problems, read_rows, read_text, workouts_frame
from crampwise.io.apps.symptoms import CRAMP_WORDS, is_cramp, muscle
from crampwise.io.result import Source

APP = "Bearable"

#: The header begins like this (newer exports add ``date formatted``).
SIGNATURE = ("date", "weekday", "time of day", "category", "rating/amount", "detail")
#: Bearable's severity words onto the 0-10 scale, inside the usual pain-scale bands
#: (mild 1-3, moderate 4-6, severe 7-10).
SEVERITY: dict[str, float] = {"mild": 2.0, "moderate": 5.0, "severe": 8.0, "extreme": 10.0}
#: Bearable's parts of the day onto a start time (approximate).
TIMES: dict[str, time] = {
    "pre": time(4, 0),
    "am": time(9, 0),
    "mid": time(13, 0),
    "pm": time(19, 0),
    "all day": time(12, 0),
}
LEFT_OUT = (
    "mood",
    "energy",
    "other symptoms",
    "factors",
    "medication and supplements",
    "health measurements",
)

_ITEM = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<level>[^)]*)\))?\s*$")


def _header(head: bytes) -> list[str]:
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    return [c.strip().strip('"').lower() for c in first.split(",")]


def recognise(head: bytes, names: Sequence[str] | None) -> bool:
    """A CSV whose header begins date, weekday, time of day, category, rating/amount, detail."""
    return names is None and tuple(_header(head)[: len(SIGNATURE)]) == SIGNATURE


def _start(day: datetime, when: str) -> tuple[datetime, bool] | None:
    """(start, exact) of an entry at ``when`` ("am", "21:30"...) on ``day``; None when unreadable."""
    when = when.strip().lower()
    if when in TIMES:
        return datetime.combine(day.date(), TIMES[when]), False
    try:
        return datetime.combine(day.date(), datetime.strptime(when, "%H:%M").time()), True
    except ValueError:
        return None


def read(source: Source, *, timezone: str | None = None) -> AppExport:
    """Episodes from cramp, spasm and twitch symptoms; days with sleep hours."""
    del timezone
    rows = read_rows(read_text(source))
    header = [h.strip().lower() for h in rows[0]]
    col = {name: header.index(name) for name in (*SIGNATURE, "notes", "date formatted") if name in header}
    episodes: list[dict[str, object]] = []
    sleep: dict[pd.Timestamp, float] = {}
    problems = Problems()
    approximate = 0

    problem = problems.add

    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            pos = col.get(name)
            return cells[pos].strip() if pos is not None and pos < len(cells) else ""

        date_column = "date formatted" if cell("date formatted") else "date"
        day = pd.to_datetime(cell(date_column)[:10], format="%Y-%m-%d", errors="coerce")
        if pd.isna(day):
            problem(number, date_column, cell(date_column), "is not a date such as 2025-03-05")
            continue
        category = cell("category").lower()
        if category == "sleep":
            try:
                text = cell("rating/amount")
                hours = (
                    float(text) if ":" not in text else int(text.split(":")[0]) + int(text.split(":")[1]) / 60
                )
            except ValueError:
                problem(number, "rating/amount", cell("rating/amount"), "is not a number of hours")
                continue
            sleep[day] = sleep.get(day, 0.0) + hours
            continue
        if category != "symptom":
            continue
        for item in cell("detail").split(" | "):
            found = _ITEM.match(item.strip())
            name = found.group("name") if found else item
            if not is_cramp(name):
                continue
            level = ((found.group("level") if found else None) or "").strip().lower()
            if level and level not in SEVERITY:
                problem(number, "detail", item, f"has a severity other than {', '.join(SEVERITY)}")
                continue
            start = _start(day.to_pydatetime(), cell("time of day"))
            if start is None:
                problem(
                    number, "time of day", cell("time of day"), "is not pre, am, mid, pm, all day or HH:MM"
                )
                continue
            approximate += not start[1]
            note = f"From Bearable: {item.strip()}"
            if cell("notes"):
                note += f". {cell('notes')}"
            episodes.append(
                {
                    "start": start[0],
                    "muscle": muscle(name),
                    "severity": SEVERITY.get(level),
                    "notes": note,
                }
            )
    frame = pd.DataFrame(episodes, columns=["start", "muscle", "severity", "notes"])
    frame["start"] = pd.to_datetime(frame["start"]).astype("datetime64[us]")
    frame["severity"] = frame["severity"].astype("float64")
    daily = pd.DataFrame({"date": list(sleep), "sleep_h": [round(v, 2) for v in sleep.values()]})
    daily["date"] = pd.to_datetime(daily["date"]).astype("datetime64[us]")
    notes = [
        "Episodes are the symptoms named as cramps, spasms or twitches; severity Mild, Moderate, Severe "
        "became " + ", ".join(f"{v:g}" for v in list(SEVERITY.values())[:3]) + " out of 10."
    ]
    if approximate:
        notes.append(
            f"{approximate} episode{'s' if approximate != 1 else ''} had only a part of the day "
            "(am, pm...); their start times are approximate."
        )
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
    """The Bearable section of docs/data-format.md, from this module's constants."""
    return "\n".join(
        [
            "### Bearable",
            "",
            "**Recognised by**: a CSV whose header begins "
            + ", ".join(f"`{c}`" for c in SIGNATURE)
            + " (newer exports add `date formatted`, which is used when present).",
            "",
            "| Crampwise column | from | how |",
            "|---|---|---|",
            "| episode `start` | `date` + `time of day` | `HH:MM` as written; "
            + ", ".join(f"`{k}` → {v:%H:%M}" for k, v in TIMES.items())
            + " (approximate, and said so) |",
            "| episode `muscle` | the symptom's name | read with the same synonyms as a person's own file "
            '("Calf cramp" → calf); `other` when the name names no muscle ("Leg cramps") |',
            "| episode `severity` | the symptom's `(Mild)`… | "
            + ", ".join(f"{k.capitalize()} → {v:g}" for k, v in SEVERITY.items())
            + " out of 10; blank when unrated |",
            "| episode `notes` | | `From Bearable:` and the symptom as written, then the entry's notes |",
            "| `sleep_h` | category `Sleep`, `rating/amount` | hours (`7.5` or `7:30`), summed per day |",
            "",
            "Only symptoms whose name contains one of these words become episodes: "
            + ", ".join(f"`{w}`" for w in CRAMP_WORDS)
            + ". Several symptoms in one cell are split at ` | `. Side, duration and relief stay blank.",
            "",
            "**Left out**: " + ", ".join(LEFT_OUT) + ".",
        ]
    )
