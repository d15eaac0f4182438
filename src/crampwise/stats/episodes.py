"""Descriptive tallies of the episode log: by hour, night, muscle, relief and month.

Counts only, no statistics, so no minimums apply.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crampwise import schema
from crampwise.errors import AnalysisInputError

NIGHT_START_HOUR = 22  # same night as the guide's patterns: 22:00 to 06:59
NIGHT_END_HOUR = 7


def episode_patterns(episodes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Descriptive tallies of the episode log (no statistics, so no minimums).

    Frames: ``hour`` (hour 0-23, episodes; every hour listed), ``night``
    (night True/False, episodes, share; night = 22:00-06:59, as in the
    guide), ``muscle`` (muscle, side, episodes; a blank side reads
    "unspecified"), ``relief`` (relief, times_used, share = share of episodes
    where it was used), ``monthly`` (month as the month's first day,
    episodes, median_severity, median_duration_min; months without episodes
    between the first and last are listed with 0). Empty input gives empty
    frames with these columns.
    """
    columns = {
        "hour": ["hour", "episodes"],
        "night": ["night", "episodes", "share"],
        "muscle": ["muscle", "side", "episodes"],
        "relief": ["relief", "times_used", "share"],
        "monthly": ["month", "episodes", "median_severity", "median_duration_min"],
    }
    if not isinstance(episodes, pd.DataFrame):
        raise AnalysisInputError("The episode log must be a table (a pandas DataFrame).")
    if "start" not in episodes.columns:
        raise AnalysisInputError("The episode log has no start column.")
    try:
        start = pd.to_datetime(episodes["start"], errors="raise")
    except (ValueError, TypeError) as exc:
        raise AnalysisInputError("The episode start column holds values that are not dates.") from exc
    eps = episodes.assign(start=start)[start.notna()].reset_index(drop=True)
    empty = {name: pd.DataFrame({c: [] for c in cols}) for name, cols in columns.items()}
    total = len(eps)
    if total == 0:
        return empty
    out: dict[str, pd.DataFrame] = {}

    hours = eps["start"].dt.hour
    out["hour"] = (
        hours.value_counts()
        .reindex(range(24), fill_value=0)
        .rename_axis("hour")
        .rename("episodes")
        .reset_index()
        .astype("int64")
    )
    night = (hours >= NIGHT_START_HOUR) | (hours < NIGHT_END_HOUR)
    counts = night.value_counts().reindex([True, False], fill_value=0)
    out["night"] = pd.DataFrame(
        {
            "night": [True, False],
            "episodes": counts.to_numpy(dtype="int64"),
            "share": counts.to_numpy(dtype="float64") / total,
        }
    )

    if "muscle" in eps.columns:
        side = (
            eps["side"].astype("object")
            if "side" in eps.columns
            else pd.Series(None, index=eps.index, dtype="object")
        )
        frame = pd.DataFrame(
            {
                "muscle": eps["muscle"].astype("object").fillna("unspecified"),
                "side": side.fillna("unspecified"),
            }
        )
        out["muscle"] = (
            frame.groupby(["muscle", "side"])
            .size()
            .rename("episodes")
            .reset_index()
            .sort_values(["episodes", "muscle", "side"], ascending=[False, True, True], kind="stable")
            .reset_index(drop=True)
        )
    else:
        out["muscle"] = empty["muscle"]

    if "relief" in eps.columns:
        items = (
            eps["relief"]
            .astype("object")
            .dropna()
            .astype(str)
            .str.split(schema.RELIEF_SEPARATOR)
            .explode()
            .str.strip()
        )
        items = items[items != ""]
        # An item written twice for one episode counts once for that episode.
        used = items.rename("relief").rename_axis("episode").reset_index().drop_duplicates()
        tally = used["relief"].value_counts()
        out["relief"] = pd.DataFrame(
            {
                "relief": tally.index.astype(str),
                "times_used": tally.to_numpy(dtype="int64"),
                "share": tally.to_numpy(dtype="float64") / total,
            }
        )
        out["relief"] = (
            out["relief"]
            .sort_values(["times_used", "relief"], ascending=[False, True], kind="stable")
            .reset_index(drop=True)
        )
    else:
        out["relief"] = empty["relief"]

    month = eps["start"].dt.to_period("M")
    monthly = (
        pd.DataFrame(
            {
                "month": month,
                "severity": (
                    pd.to_numeric(eps["severity"], errors="coerce") if "severity" in eps else np.nan
                ),
                "duration": (
                    pd.to_numeric(eps["duration_min"], errors="coerce") if "duration_min" in eps else np.nan
                ),
            }
        )
        .groupby("month")
        .agg(
            episodes=("month", "size"),
            median_severity=("severity", "median"),
            median_duration_min=("duration", "median"),
        )
    )
    every = pd.period_range(month.min(), month.max(), freq="M")
    monthly = monthly.reindex(every)
    monthly["episodes"] = monthly["episodes"].fillna(0).astype("int64")
    monthly.index = every.to_timestamp().astype("datetime64[us]")
    out["monthly"] = monthly.rename_axis("month").reset_index()
    return out


__all__ = ["NIGHT_END_HOUR", "NIGHT_START_HOUR", "episode_patterns"]
