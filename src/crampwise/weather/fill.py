"""Which days need the weather, and the weather laid onto only their blank cells.

Works on a daily table in canonical columns (a journal's ``Journal.daily`` or a read
CSV), so the app, the command line and a notebook share one rule: a value the day
already has is never replaced, and a day the service has no value for stays blank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from crampwise.errors import WeatherError
from crampwise.weather.openmeteo import VARIABLES, WeatherReport, WeatherRequest
from crampwise.weather.places import Place

#: The daily columns the weather fills.
COLUMNS: tuple[str, ...] = tuple(VARIABLES.values())


def _dates(daily: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(daily["date"]).dt.normalize()


def _blank(daily: pd.DataFrame) -> pd.DataFrame:
    """One boolean column per :data:`COLUMNS`: whether the day lacks it."""
    return pd.DataFrame(
        {c: daily[c].isna() if c in daily.columns else True for c in COLUMNS}, index=daily.index
    )


def blank_days(
    daily: pd.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> list[dt.date]:
    """The days of ``daily`` from ``start`` to ``end`` (and not after ``today``) that lack a
    temperature or a humidity, in order."""
    if daily.empty:
        return []
    dates = _dates(daily)
    keep = _blank(daily).any(axis=1) & dates.notna()
    last = min(d for d in (end, today or dt.date.today()) if d is not None)
    keep &= dates <= pd.Timestamp(last)
    if start is not None:
        keep &= dates >= pd.Timestamp(start)
    return sorted({d.date() for d in dates[keep]})


def plan(
    daily: pd.DataFrame,
    place: Place,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
    service: str | None = None,
) -> WeatherRequest:
    """The one request that covers every blank day from ``start`` to ``end``: the first to the
    last such day, at ``place`` rounded (:meth:`WeatherRequest.for_days`)."""
    days = blank_days(daily, start=start, end=end, today=today)
    if not days:
        raise WeatherError(
            "every day in that range already has its temperature and humidity: there is nothing to fill in."
        )
    return WeatherRequest.for_days(place, days[0], days[-1], service=service)


@dataclass(frozen=True)
class FillCounts:
    """What laying one answer onto a daily table filled."""

    #: Cells filled, per column.
    filled: dict[str, int]
    #: Days with at least one cell filled.
    days: int
    #: Blank days the service has no value for yet (the archive is a few days behind today).
    not_yet: int

    @property
    def cells(self) -> int:
        return sum(self.filled.values())


def values_to_fill(daily: pd.DataFrame, report: WeatherReport) -> pd.DataFrame:
    """``date`` plus :data:`COLUMNS` for the blank cells of ``daily``'s days in the answer,
    NaN where the day has its own value or the service has none. Days with nothing to fill
    are left out (this is what :meth:`crampwise.journal.Journal.fill_blanks` takes)."""
    weather = report.days.assign(date=_dates(report.days)).drop_duplicates("date").set_index("date")
    dates = _dates(daily)
    blank = _blank(daily)
    out = pd.DataFrame({"date": dates.values})
    for column in COLUMNS:
        theirs = weather[column].reindex(dates.values).to_numpy()
        out[column] = pd.Series(theirs, dtype="float64").where(blank[column].to_numpy())
    out = out[out[list(COLUMNS)].notna().any(axis=1)]
    return out.astype({"date": "datetime64[us]"}).reset_index(drop=True)


def counts(daily: pd.DataFrame, values: pd.DataFrame, report: WeatherReport) -> FillCounts:
    """How many cells :func:`values_to_fill` fills, and how many blank days stay blank."""
    asked = pd.Timestamp(report.request.start), pd.Timestamp(report.request.end)
    dates = _dates(daily)
    in_range = (dates >= asked[0]) & (dates <= asked[1])
    blank_in_range = set(dates[_blank(daily).any(axis=1) & in_range])
    filled_days = set(_dates(values))
    return FillCounts(
        filled={c: int(values[c].notna().sum()) for c in COLUMNS},
        days=len(filled_days),
        not_yet=len(blank_in_range - filled_days),
    )


def fill_frame(daily: pd.DataFrame, report: WeatherReport) -> tuple[pd.DataFrame, FillCounts]:
    """``daily`` with its blank temperatures and humidities filled from ``report`` (for a CSV:
    the journal fills through ``fill_blanks`` instead, which also marks where values came from)."""
    values = values_to_fill(daily, report)
    out = daily.copy()
    for column in COLUMNS:
        if column not in out.columns:
            out[column] = pd.Series(float("nan"), index=out.index, dtype="float64")
        by_day = values.set_index("date")[column].dropna()
        fill = _dates(out).map(by_day)
        out[column] = out[column].astype("float64").fillna(pd.Series(fill.to_numpy(), index=out.index))
    return out, counts(daily, values, report)
