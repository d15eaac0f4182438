"""When two apps recorded the same workout: the overlap rule, stated once.

An Apple Watch run also uploaded to Strava arrives twice. Two workouts from
DIFFERENT sources are the same workout when their time spans overlap by at
least half of the shorter one (:data:`OVERLAP_SHARE`). The spans are compared
in UTC when both workouts know their UTC start (the span keeps its local
length), else by local wall clock. Of the same workout only the longer
recording counts (ties: the one stored first, then by source name), so a day's
imported exercise minutes are the sum of its counted workouts. Two workouts
from the SAME source are never merged: an app lists each of its sessions once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

#: Share of the shorter workout's span the overlap must reach.
OVERLAP_SHARE = 0.5


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _span(w: Mapping[str, Any], utc: bool) -> tuple[dt.datetime, dt.datetime]:
    start, end = pd.Timestamp(w["start"]).to_pydatetime(), pd.Timestamp(w["end"]).to_pydatetime()
    if utc:
        first = pd.Timestamp(w["start_utc"]).to_pydatetime()
        return first, first + (end - start)
    return start, end


def same_workout(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether ``a`` and ``b`` (``source``, ``start``, ``end``, ``start_utc``) are one workout."""
    if a["source"] == b["source"]:
        return False
    utc = not _missing(a.get("start_utc")) and not _missing(b.get("start_utc"))
    a0, a1 = _span(a, utc)
    b0, b1 = _span(b, utc)
    shorter = min(a1 - a0, b1 - b0)
    overlap = min(a1, b1) - max(a0, b0)
    if shorter <= dt.timedelta(0):
        return a0 == b0 and overlap >= dt.timedelta(0)
    return overlap > dt.timedelta(0) and overlap >= shorter * OVERLAP_SHARE


def pairs(workouts: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of ``workouts`` that are the same workout.

    Only workouts whose wall-clock or UTC spans come within a day of each
    other are compared, so thousands of workouts stay quick.
    """
    day = dt.timedelta(days=1)
    keys = [pd.Timestamp(w["start"]).to_pydatetime() for w in workouts]
    order = sorted(range(len(workouts)), key=lambda i: keys[i])
    found: list[tuple[int, int]] = []
    for pos, i in enumerate(order):
        for j in order[pos + 1 :]:
            if keys[j] - keys[i] > day + dt.timedelta(hours=14):  # farther apart than any time zone
                break
            if same_workout(workouts[i], workouts[j]):
                found.append((min(i, j), max(i, j)))
    return sorted(found)


def counted(workouts: Sequence[Mapping[str, Any]]) -> tuple[list[int], dict[int, int]]:
    """(indexes counted, {index not counted: the counted index it duplicates}).

    Longer recordings are counted first; a workout that is the same as one
    already counted is not.
    """
    partners: dict[int, set[int]] = {}
    for i, j in pairs(workouts):
        partners.setdefault(i, set()).add(j)
        partners.setdefault(j, set()).add(i)
    order = sorted(range(len(workouts)), key=lambda i: (-float(workouts[i]["minutes"]), i))
    kept: list[int] = []
    dropped: dict[int, int] = {}
    kept_set: set[int] = set()
    for i in order:
        twin = next((k for k in kept if k in partners.get(i, ())), None)
        if twin is None:
            kept.append(i)
            kept_set.add(i)
        else:
            dropped[i] = twin
    return sorted(kept_set), dropped


def day_totals(workouts: Sequence[Mapping[str, Any]]) -> dict[dt.date, tuple[float, list[str]]]:
    """{day: (minutes of its counted workouts, the sources behind them)}."""
    kept, _ = counted(workouts)
    totals: dict[dt.date, tuple[float, list[str]]] = {}
    for i in kept:
        w = workouts[i]
        day = pd.Timestamp(w["date"]).date()
        minutes, sources = totals.get(day, (0.0, []))
        totals[day] = (minutes + float(w["minutes"]), sorted({*sources, str(w["source"])}))
    return totals


def describe(sources: Iterable[str]) -> str:
    """The sources behind a day's exercise minutes, as stored and shown ("Apple Health, Strava")."""
    return ", ".join(sorted(set(sources)))
