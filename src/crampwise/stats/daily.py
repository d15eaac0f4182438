"""One row per logged date: the daily log and the episode log joined, plus derived factors.

* :func:`daily_table` joins the daily log and the episode log into one row per
  logged date (the *window*), adding a few derived factors (:data:`DERIVED`).
* :func:`heat_index_c` is the one physical formula coded here (the US National
  Weather Service heat index); the statistics come from scipy and statsmodels
  in the other modules of :mod:`crampwise.stats`.

Warnings mention counts and column names only, never a person's values,
because they may be logged.
"""

from __future__ import annotations

import re
from datetime import time

import numpy as np
import pandas as pd

from crampwise import schema
from crampwise.errors import AnalysisInputError
from crampwise.stats.notes import plural
from crampwise.stats.thresholds import DAY_STARTS, HOT_HEAT_INDEX_C

#: Factors computed from the logged ones (name -> plain description).
DERIVED: dict[str, str] = {
    "heat_index_c": "Heat index in °C: how hot the day felt, from temperature and humidity "
    "(US National Weather Service formula).",
    "exercise_load": "Exercise minutes × effort (0-10): long, hard sessions score highest.",
    "hot_exercise_min": f"Exercise minutes on days with a heat index of {HOT_HEAT_INDEX_C:g} °C "
    "or more, else 0.",
    "no_warmup": "1 on days you exercised without a warm-up, 0 on days you exercised with one, "
    "blank on days without exercise.",
}

#: Outcome columns of :func:`daily_table` (never factors).
OUTCOMES: tuple[str, ...] = ("episodes", "max_severity", "total_minutes")


# --------------------------------------------------------------------------- heat index


def heat_index_c(temp_c: pd.Series, humidity_pct: pd.Series) -> pd.Series:
    """US National Weather Service heat index ("feels like" temperature) in °C.

    Follows the NWS Weather Prediction Center procedure
    (https://www.wpc.ncep.noaa.gov/html/heatindex_equation.shtml): Steadman's
    simple formula ``0.5 * (T + 61 + (T - 68) * 1.2 + 0.094 RH)`` in °F; when
    that, averaged with T, is 80 °F or more, the Rothfusz regression instead,
    minus the NWS adjustment for RH < 13 % at 80-112 °F and plus the one for
    RH > 85 % at 80-87 °F. NaN where either input is NaN. It is a physical
    formula, so it is coded here rather than taken from a statistics package.
    """
    t_c = pd.to_numeric(temp_c, errors="coerce").astype("float64")
    rh = pd.to_numeric(humidity_pct, errors="coerce").astype("float64").to_numpy()
    t = t_c.to_numpy() * 9 / 5 + 32
    simple = 0.5 * (t + 61.0 + (t - 68.0) * 1.2 + rh * 0.094)
    full = (
        -42.379
        + 2.04901523 * t
        + 10.14333127 * rh
        - 0.22475541 * t * rh
        - 6.83783e-3 * t * t
        - 5.481717e-2 * rh * rh
        + 1.22874e-3 * t * t * rh
        + 8.5282e-4 * t * rh * rh
        - 1.99e-6 * t * t * rh * rh
    )
    with np.errstate(invalid="ignore"):
        dry = (rh < 13) & (t >= 80) & (t <= 112)
        full = np.where(dry, full - (13 - rh) / 4 * np.sqrt(np.clip(17 - np.abs(t - 95), 0, None) / 17), full)
        humid = (rh > 85) & (t >= 80) & (t <= 87)
        full = np.where(humid, full + (rh - 85) / 10 * (87 - t) / 5, full)
        hi_f = np.where((simple + t) / 2 >= 80, full, simple)
    hi_f = np.where(np.isnan(t) | np.isnan(rh), np.nan, hi_f)
    return pd.Series((hi_f - 32) * 5 / 9, index=t_c.index, name="heat_index_c", dtype="float64")


# --------------------------------------------------------------------------- the day boundary

#: Latest accepted day boundary. A later one would move afternoon episodes to
#: the day before, against how the daily log's dates are read.
LATEST_DAY_START: time = time(12, 0)

_HH_MM = re.compile(r"(\d{1,2}):(\d{2})")


def check_day_starts(day_starts: object) -> time:
    """``day_starts`` if it is a usable day boundary, else :class:`AnalysisInputError`.

    A usable boundary is a :class:`datetime.time` without a time zone, on a
    whole minute, from 00:00 to :data:`LATEST_DAY_START` (12:00).
    """
    if not isinstance(day_starts, time):
        raise AnalysisInputError(
            "The time a day starts must be a time of day (for example datetime.time(6, 0) "
            "for 06:00), not " + type(day_starts).__name__ + "."
        )
    if day_starts.tzinfo is not None:
        raise AnalysisInputError(
            "The time a day starts must be a local clock time without a time zone (for example 06:00)."
        )
    if day_starts.second or day_starts.microsecond:
        raise AnalysisInputError("The time a day starts must be on a whole minute, such as 06:00 or 05:30.")
    if day_starts > LATEST_DAY_START:
        raise AnalysisInputError(
            f"A day can start at {LATEST_DAY_START:%H:%M} at the latest (you gave "
            f"{day_starts:%H:%M}); a later start would count afternoon episodes with "
            "the day before. Use an early-morning time such as 06:00, or 00:00 for "
            "calendar days."
        )
    return day_starts


def parse_day_starts(text: str) -> time:
    """A day boundary from 24-hour ``HH:MM`` text ("06:00", "5:30"); :class:`AnalysisInputError` if not."""
    found = _HH_MM.fullmatch(str(text).strip())
    if found is None or int(found[1]) > 23 or int(found[2]) > 59:
        raise AnalysisInputError(
            f"{str(text)[:20]!r} is not a time of day; give it as 24-hour HH:MM, "
            f"for example 06:00 (from 00:00 to {LATEST_DAY_START:%H:%M})."
        )
    return check_day_starts(time(int(found[1]), int(found[2])))


def day_starts_text(day_starts: time) -> str:
    """The boundary as ``HH:MM`` (what the JSON and the summaries show)."""
    return f"{day_starts:%H:%M}"


def _starts(values: pd.Series) -> pd.Series:
    """Episode starts as tz-naive datetimes."""
    try:
        at = pd.to_datetime(values, errors="raise")
    except (ValueError, TypeError) as exc:
        raise AnalysisInputError("The episode start column holds values that are not dates.") from exc
    if getattr(at.dt, "tz", None) is not None:
        at = at.dt.tz_localize(None)
    return at


def episode_days(starts: pd.Series, day_starts: time = DAY_STARTS) -> pd.Series:
    """The day each episode belongs to: its start's date, or the day before when it
    starts before ``day_starts`` (so with 06:00, 02:00 on 2 June belongs to 1 June).
    """
    check_day_starts(day_starts)
    offset = pd.Timedelta(hours=day_starts.hour, minutes=day_starts.minute)
    return (_starts(starts) - offset).dt.normalize().astype("datetime64[us]")


def has_times(starts: pd.Series) -> bool:
    """Whether any episode start has a time of day (the log reads a bare date as 00:00)."""
    at = _starts(starts)
    return bool((at.notna() & (at != at.dt.normalize())).any())


# --------------------------------------------------------------------------- the join


def _as_days(values: pd.Series, what: str) -> pd.Series:
    """Calendar dates (midnight, tz-naive datetime64) from dates, datetimes or ISO text."""
    try:
        out = pd.to_datetime(values, errors="raise")
    except (ValueError, TypeError) as exc:
        raise AnalysisInputError(f"The {what} column holds values that are not dates.") from exc
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out.dt.normalize().astype("datetime64[us]")


def prepared_daily(daily: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Daily rows with a normalised ``date``, undated rows dropped, duplicates refused."""
    if not isinstance(daily, pd.DataFrame):
        raise AnalysisInputError("The daily log must be a table (a pandas DataFrame).")
    if "date" not in daily.columns:
        raise AnalysisInputError("The daily log has no date column, so days cannot be matched to episodes.")
    notes: list[str] = []
    out = daily.copy()
    out["date"] = _as_days(out["date"], "daily date")
    undated = int(out["date"].isna().sum())
    if undated:
        notes.append(
            f"{plural(undated, 'daily row')} without a date {'is' if undated == 1 else 'are'} left out."
        )
        out = out[out["date"].notna()]
    dupes = int(out["date"].duplicated(keep=False).sum())
    if dupes:
        dates = int(out.loc[out["date"].duplicated(keep=False), "date"].nunique())
        raise AnalysisInputError(
            f"{plural(dates, 'date')} appear{'s' if dates == 1 else ''} "
            f"more than once in the daily log ({dupes} rows); keep one row "
            "per date."
        )
    return out, notes


def prepared_episodes(
    episodes: pd.DataFrame, *, day_starts: time = DAY_STARTS
) -> tuple[pd.DataFrame, list[str]]:
    """Episodes with a ``day`` column (the day they belong to, see :func:`episode_days`);
    undated ones dropped."""
    check_day_starts(day_starts)
    if not isinstance(episodes, pd.DataFrame):
        raise AnalysisInputError("The episode log must be a table (a pandas DataFrame).")
    if "start" not in episodes.columns:
        raise AnalysisInputError("The episode log has no start column, so episodes cannot be placed on days.")
    out = episodes.copy()
    out["day"] = episode_days(out["start"], day_starts)
    notes: list[str] = []
    undated = int(out["day"].isna().sum())
    if undated:
        notes.append(
            f"{plural(undated, 'episode')} without a start date {'is' if undated == 1 else 'are'} left out."
        )
        out = out[out["day"].notna()]
    return out, notes


def _factor_columns(daily: pd.DataFrame) -> list[str]:
    """Numeric and yes/no daily columns, canonical ones in schema order, then custom ones."""
    skip = {"date", "notes", "episodes"}
    usable = [
        c
        for c in daily.columns
        if c not in skip and (pd.api.types.is_bool_dtype(daily[c]) or pd.api.types.is_numeric_dtype(daily[c]))
    ]
    order = {name: i for i, name in enumerate(schema.DAILY.names)}
    return sorted(usable, key=lambda c: (order.get(c, len(order)), usable.index(c)))


def _derived(frame: pd.DataFrame) -> pd.DataFrame:
    """The :data:`DERIVED` columns (all NaN when their inputs were not logged)."""
    nan = pd.Series(np.nan, index=frame.index, dtype="float64")
    temp = frame.get("temp_c", nan)
    hum = frame.get("humidity_pct", nan)
    minutes = frame.get("exercise_min", nan)
    rpe = frame.get("exercise_rpe", nan)
    warm = frame.get("warmup", nan)
    hi = heat_index_c(temp, hum)
    rested = minutes == 0
    load = (minutes * rpe).mask(rested, 0.0)
    hot = minutes.where(hi >= HOT_HEAT_INDEX_C, 0.0).where(hi.notna() | rested, np.nan)
    no_warm = (1.0 - warm).where(minutes > 0, np.nan)
    return pd.DataFrame(
        {
            "heat_index_c": hi,
            "exercise_load": load,
            "hot_exercise_min": hot.mask(rested, 0.0),
            "no_warmup": no_warm,
        },
        index=frame.index,
    )


def daily_table(
    daily: pd.DataFrame, episodes: pd.DataFrame | None, *, day_starts: time = DAY_STARTS
) -> tuple[pd.DataFrame, list[str]]:
    """One row per logged date: outcomes, every numeric factor and the derived factors.

    The window is the set of dates in ``daily``: a day nobody logged is not a
    day without spasms, so it is left out rather than counted as 0. A day runs
    from ``day_starts`` (default :data:`~crampwise.stats.thresholds.DAY_STARTS`,
    06:00) to the same time the next day, so an episode starting before
    ``day_starts`` belongs to the day before (a 02:00 cramp goes with the
    evening before it); ``time(0, 0)`` gives calendar days. A date's
    ``episodes`` is the number of episodes belonging to it (0 when none),
    ``max_severity`` their worst severity (NaN when none) and
    ``total_minutes`` their summed logged duration (0 when none; missing when
    none of that day's episodes has a duration). Episodes on dates
    outside the window are counted in a warning, not in the statistics. With
    ``episodes=None`` the daily log's own ``episodes`` column is used (then
    severity and minutes are unknown, NaN).

    ``warmup`` becomes 0/1; ``exercise_rpe`` left blank on a day with 0
    exercise minutes is 0 (the schema's "0 = rest"). Lag-1 values are not
    columns here; :func:`factor_table` builds them from calendar dates.
    Returns ``(table, warnings)``.
    """
    check_day_starts(day_starts)
    days, notes = prepared_daily(daily)
    days = days.sort_values("date", kind="stable").reset_index(drop=True)
    factors = _factor_columns(days)
    clash = [c for c in factors if c in OUTCOMES]
    if clash:
        raise AnalysisInputError(
            f"The daily log has a column named {clash[0]!r}, which is the "
            "name of an outcome; rename that column."
        )

    table = pd.DataFrame({"date": days["date"]})
    if episodes is not None:
        if "episodes" in days.columns:
            notes.append("The daily log's episodes column is ignored because an episode log was given.")
        eps, more = prepared_episodes(episodes, day_starts=day_starts)
        notes += more
        inside = eps["day"].isin(days["date"])
        outside = int((~inside).sum())
        if outside:
            notes.append(
                f"{plural(outside, 'episode')} "
                f"{'falls' if outside == 1 else 'fall'} outside the logged days and "
                f"{'is' if outside == 1 else 'are'} not in the statistics."
            )
        eps = eps[inside]
        severity = (
            pd.to_numeric(eps["severity"], errors="coerce")
            if "severity" in eps
            else pd.Series(np.nan, index=eps.index)
        )
        minutes = (
            pd.to_numeric(eps["duration_min"], errors="coerce")
            if "duration_min" in eps
            else pd.Series(np.nan, index=eps.index)
        )
        per_day = (
            pd.DataFrame(
                {
                    "day": eps["day"],
                    "severity": severity.astype("float64"),
                    "minutes": minutes.astype("float64"),
                }
            )
            .groupby("day")
            .agg(
                episodes=("day", "size"),
                max_severity=("severity", "max"),
                total_minutes=("minutes", "sum"),
                timed=("minutes", "count"),
            )
        )
        per_day = per_day.reindex(days["date"])
        table["episodes"] = per_day["episodes"].fillna(0).astype("int64").to_numpy()
        table["max_severity"] = per_day["max_severity"].to_numpy(dtype="float64")
        # 0 on a day without episodes; missing on a day whose episodes have no duration logged.
        total = per_day["total_minutes"].where(per_day["timed"] > 0)
        total = total.where(per_day["episodes"].notna(), 0.0)
        table["total_minutes"] = total.to_numpy(dtype="float64")
    elif "episodes" in days.columns:
        counts = pd.to_numeric(days["episodes"], errors="coerce").astype("float64")
        blank = int(counts.isna().sum())
        if blank:
            notes.append(
                f"{plural(blank, 'day')} {'has' if blank == 1 else 'have'} no "
                "episode count and count as missing."
            )
            table["episodes"] = counts.to_numpy()
        else:
            table["episodes"] = counts.astype("int64").to_numpy()
        table["max_severity"] = np.nan
        table["total_minutes"] = np.nan
    else:
        notes.append(
            "No episode log was given and the daily log has no episodes column, so "
            "every day counts 0 episodes."
        )
        table["episodes"] = np.zeros(len(days), dtype="int64")
        table["max_severity"] = np.nan
        table["total_minutes"] = 0.0

    for col in factors:
        values = days[col]
        if pd.api.types.is_bool_dtype(values):
            values = values.astype("float64")  # boolean NA -> NaN
        table[col] = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    if "exercise_rpe" in table and "exercise_min" in table:
        table["exercise_rpe"] = table["exercise_rpe"].mask(
            table["exercise_rpe"].isna() & (table["exercise_min"] == 0), 0.0
        )

    derived = _derived(table)
    for name in DERIVED:
        if name in factors:
            notes.append(
                f"The daily log already has a {name} column; it is used as logged instead of being computed."
            )
        else:
            table[name] = derived[name].to_numpy()
    return table, notes


def table_factors(table: pd.DataFrame) -> list[str]:
    """Factor columns of a :func:`daily_table` (everything numeric but date and outcomes)."""
    return [
        c
        for c in table.columns
        if c not in ("date", *OUTCOMES)
        and (pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c]))
    ]


__all__ = [
    "DERIVED",
    "LATEST_DAY_START",
    "OUTCOMES",
    "check_day_starts",
    "daily_table",
    "day_starts_text",
    "episode_days",
    "has_times",
    "heat_index_c",
    "parse_day_starts",
    "prepared_daily",
    "prepared_episodes",
    "table_factors",
]
