"""What goes with more (or fewer) spasms in one person's own log, for a window.

Why it exists: people who track cramps want to know whether heat, fluids,
exercise, stress or sleep go with their bad days. :func:`analyze` answers with
honest statistics and their uncertainty, never with a verdict, for a date range
and muscles, and refuses to show statistics until there is enough data
(:data:`~crampwise.stats.thresholds.MIN_DAYS`,
:data:`~crampwise.stats.thresholds.MIN_EPISODES`). It puts together the rooms of
:mod:`crampwise.stats`:

* :mod:`crampwise.stats.daily`: the daily log and the episode log joined into
  one row per logged date (the *window*), with the derived factors.
* :mod:`crampwise.stats.factors`: one factor at a time (Spearman's rho with a
  confidence interval, Benjamini-Hochberg q-values, rate ratios), the same day
  and the day before.
* :mod:`crampwise.stats.model`: every logged factor in one count regression, so
  a factor that only *looks* related because it travels with another (water
  rises on hot, active days) can be told apart.
* :mod:`crampwise.stats.contrasts`: where the two views disagree.
* :mod:`crampwise.stats.thresholds`: the minimums and levels, with their reasons.

The result holds numbers only; every sentence about them (the contrast
sentences, the caveat, the JSON summary) is in :mod:`crampwise.words`. Nothing
here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import numpy as np
import pandas as pd

from crampwise.errors import AnalysisInputError
from crampwise.stats.contrasts import Contrast, find_contrasts
from crampwise.stats.daily import (
    check_day_starts,
    daily_table,
    has_times,
    prepared_daily,
    prepared_episodes,
)
from crampwise.stats.factors import empty_factors, factor_rows
from crampwise.stats.findings import Findings, assess
from crampwise.stats.model import Model, fit_model_and_notes, model_data
from crampwise.stats.notes import plural
from crampwise.stats.thresholds import DAY_STARTS, MIN_DAYS, MIN_EPISODES


@dataclass(frozen=True)
class Analysis:
    """The numbers the Insights page and the CLI show for one window.

    Their words (the contrast sentences, the caveat, the JSON summary) come
    from :mod:`crampwise.words.contrasts` and :mod:`crampwise.words.summary`;
    ``missing`` and ``warnings`` are short status notes in plain words.
    """

    first: date | None
    last: date | None
    days: int
    episodes: int
    enough_data: bool
    missing: list[str]
    warnings: list[str]
    table: pd.DataFrame
    factors: pd.DataFrame
    model: Model | None
    contrasts: list[Contrast]
    #: Muscles the episodes were filtered to (empty: all).
    muscles: tuple[str, ...] = field(default=())
    #: Every link a person is told about, and the candidates that were not (see
    #: :mod:`crampwise.stats.findings`).
    findings: Findings = field(default_factory=Findings)
    #: When a day starts: an episode before this time counts with the day before.
    day_starts: time = field(default=DAY_STARTS)


def analyze(
    daily: pd.DataFrame,
    episodes: pd.DataFrame | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    muscles: list[str] | None = None,
    day_starts: time = DAY_STARTS,
) -> Analysis:
    """Join, check there is enough data, then the one-at-a-time table, the model and contrasts.

    ``day_starts`` is when a day starts (default
    :data:`~crampwise.stats.thresholds.DAY_STARTS`, 06:00): an episode starting
    before it belongs to the day before, ``time(0, 0)`` gives calendar days.
    When no episode in the log has a time of day (every start is a bare date,
    read as 00:00), calendar days are used and a note says so; the result's
    ``day_starts`` is the boundary actually used.
    ``start``/``end`` (inclusive dates, None = open) cut the window and the
    episodes by the day each episode belongs to; ``muscles`` (None or empty =
    all) filters episodes before they are counted. Statistics appear only with
    :data:`~crampwise.stats.thresholds.MIN_DAYS` logged days and
    :data:`~crampwise.stats.thresholds.MIN_EPISODES` episodes in the window;
    ``missing`` says how many more are needed.
    """
    check_day_starts(day_starts)
    days, _ = prepared_daily(daily)  # validate early; daily_table repeats its notes
    chosen = [str(m) for m in muscles] if muscles else []
    untimed = False
    if episodes is not None:
        timed = (
            not isinstance(episodes, pd.DataFrame)
            or "start" not in episodes.columns
            or episodes.empty
            or has_times(episodes["start"])
        )
        if not timed:
            # A log of dates only (read as 00:00): the boundary would move every episode
            # to the day before, so each stays on its date (decided on the whole log).
            untimed = day_starts != time(0, 0)
            day_starts = time(0, 0)
        eps, _ = prepared_episodes(episodes, day_starts=day_starts)
        if chosen:
            if "muscle" not in eps.columns:
                raise AnalysisInputError("The episode log has no muscle column to filter on.")
            eps = eps[eps["muscle"].astype("object").isin(chosen)]
    elif chosen:
        raise AnalysisInputError(
            "Filtering by muscle needs the episode log; the daily episodes column counts every muscle."
        )
    else:
        eps = None
    lo = pd.Timestamp(start).normalize() if start is not None else None
    hi = pd.Timestamp(end).normalize() if end is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise AnalysisInputError("The start date is after the end date.")

    def within(values: pd.Series) -> pd.Series:
        keep = values.notna()
        if lo is not None:
            keep &= values >= lo
        if hi is not None:
            keep &= values <= hi
        return keep

    days = days[within(days["date"])]
    if eps is not None:
        eps = eps[within(eps["day"])].drop(columns="day")
    table, notes = daily_table(days, eps, day_starts=day_starts)
    if untimed:
        notes.append(
            "No episode has a time of day, so each counts on the date it was logged (days are calendar days)."
        )
    n_days = len(table)
    n_episodes = int(np.nansum(table["episodes"].to_numpy(dtype="float64"))) if n_days else 0
    first = table["date"].iloc[0].date() if n_days else None
    last = table["date"].iloc[-1].date() if n_days else None
    missing: list[str] = []
    if n_days < MIN_DAYS:
        missing.append(f"log {plural(MIN_DAYS - n_days, 'more day')}")
    if n_episodes < MIN_EPISODES:
        missing.append(f"log {plural(MIN_EPISODES - n_episodes, 'more episode')}")
    enough = not missing
    factors, model, contrasts = empty_factors(), None, []
    findings = Findings()
    if enough:
        factors, more = factor_rows(table, "episodes")
        notes += more
        prepared = model_data(table)  # once, for the model, the overlap check and the contrasts
        model, more = fit_model_and_notes(table, prepared=prepared)
        notes += more
        factors, model, findings = assess(table, factors, model, prepared=prepared)
        contrasts = find_contrasts(table, factors, model, prepared=prepared)
    return Analysis(
        first=first,
        last=last,
        days=n_days,
        episodes=n_episodes,
        enough_data=enough,
        missing=missing,
        warnings=notes,
        table=table,
        factors=factors,
        model=model,
        contrasts=contrasts,
        muscles=tuple(chosen),
        findings=findings,
        day_starts=day_starts,
    )


__all__ = ["Analysis", "analyze"]
