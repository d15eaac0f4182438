"""What goes with more (or fewer) spasms in one person's own log.

Why it exists: people who track cramps want to know whether heat, fluids,
exercise, stress or sleep go with their bad days. This module answers with
honest statistics and their uncertainty, never with a verdict:

* :func:`daily_table` joins the daily log and the episode log into one row per
  logged date (the *window*), adding a few derived factors (:data:`DERIVED`).
* :func:`factor_table` looks at one factor at a time (Spearman's rho with a
  confidence interval, Benjamini-Hochberg q-values, and a rate ratio of the
  high third of days against the low third), the same day (lag 0) and the day
  before (lag 1).
* :func:`fit_model` puts every logged factor into one count regression, so a
  factor that only *looks* related because it travels with another (water
  rises on hot, active days) can be told apart; :class:`Contrast` spells out
  where the two views disagree.
* :func:`analyze` does all of the above for a date range and muscles, and
  refuses to show statistics until there is enough data (:data:`MIN_DAYS`,
  :data:`MIN_EPISODES`).

Statistics come from scipy and statsmodels; only the heat index (a physical
formula) is coded here. Warnings mention counts and column names only, never
a person's values, because they may be logged. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import math
import warnings as _warnings
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.stats.rates import confint_poisson_2indep
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationWarning,
)

from crampwise import schema, units
from crampwise.errors import AnalysisInputError, CrampwiseError

#: Days logged before any statistic is shown. Four full weeks: every weekday
#: appears four times, so a weekly rhythm (exercise at weekends, work stress)
#: cannot masquerade as a factor's effect, and with 28 days a Spearman rho has
#: to reach about 0.37 to be told from chance -- with fewer days only huge
#: effects could show and every interval would span most of -1 to 1.
MIN_DAYS: int = 28

#: Episodes in the window before statistics are shown. With fewer events a rate
#: ratio's interval runs from "a quarter" to "four times", which says nothing,
#: and a count regression has too little information to estimate anything.
MIN_EPISODES: int = 10

#: Complete (factor, outcome) pairs a factor needs for its row: two weeks. At 14
#: pairs the 95% interval for rho is still about +/-0.5 wide; below that a row
#: would only add noise to the list (and to the multiple-testing correction).
MIN_PAIRS: int = 14

#: Heat index (°C) from which exercise counts as "hot": 80 °F, the start of the
#: NWS "caution" band (26.7 °C), rounded to a whole degree.
HOT_HEAT_INDEX_C: float = 27.0

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

#: Columns of :func:`factor_table`, in order.
FACTOR_COLUMNS: tuple[str, ...] = (
    "factor", "lag", "n", "rho", "p", "q", "ci_low", "ci_high", "derived",
    "rate_low", "rate_high", "rate_ratio", "rr_ci_low", "rr_ci_high", "low_cut", "high_cut",
    "days_low", "days_high", "episodes_low", "episodes_high",
)

#: Columns of :attr:`Model.terms`.
TERM_COLUMNS: tuple[str, ...] = ("factor", "irr", "ci_low", "ci_high", "p", "coef", "se", "sd")

#: Significance level for every interval and for choosing the count model.
ALPHA: float = 0.05

#: A factor missing on more than this share of days is left out of the model
#: (keeping it would throw away that many otherwise complete days).
MODEL_MAX_MISSING: float = 0.2

#: Model size rule: at least this many complete days per factor ...
MODEL_DAYS_PER_FACTOR: int = 10
#: ... and at least this many episodes per factor (Vittinghoff & McCulloch 2007
#: found 5-9 events per variable acceptable for Poisson-type regressions).
MODEL_EPISODES_PER_FACTOR: int = 5

#: Ljung-Box lag for the residual check: one week, the rhythm daily logs have.
SERIAL_LAG: int = 7

CAVEAT: str = (
    "These are patterns in your own log, not proof of cause. A factor can go with more spasms "
    "because something else changes with it (hot days also bring more exercise and more "
    "drinking), and when many factors are checked a few will look notable by chance. Use them "
    "as ideas to try and to discuss with a doctor, not as a diagnosis."
)

NIGHT_START_HOUR = 22  # same night as the guide's patterns: 22:00 to 06:59
NIGHT_END_HOUR = 7


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
    full = (-42.379 + 2.04901523 * t + 10.14333127 * rh - 0.22475541 * t * rh
            - 6.83783e-3 * t * t - 5.481717e-2 * rh * rh + 1.22874e-3 * t * t * rh
            + 8.5282e-4 * t * rh * rh - 1.99e-6 * t * t * rh * rh)
    with np.errstate(invalid="ignore"):
        dry = (rh < 13) & (t >= 80) & (t <= 112)
        full = np.where(dry, full - (13 - rh) / 4 * np.sqrt(np.clip(17 - np.abs(t - 95), 0, None) / 17),
                        full)
        humid = (rh > 85) & (t >= 80) & (t <= 87)
        full = np.where(humid, full + (rh - 85) / 10 * (87 - t) / 5, full)
        hi_f = np.where((simple + t) / 2 >= 80, full, simple)
    hi_f = np.where(np.isnan(t) | np.isnan(rh), np.nan, hi_f)
    return pd.Series((hi_f - 32) * 5 / 9, index=t_c.index, name="heat_index_c", dtype="float64")


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


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _prepared_daily(daily: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Daily rows with a normalised ``date``, undated rows dropped, duplicates refused."""
    if not isinstance(daily, pd.DataFrame):
        raise AnalysisInputError("The daily log must be a table (a pandas DataFrame).")
    if "date" not in daily.columns:
        raise AnalysisInputError("The daily log has no date column, so days cannot be matched "
                                 "to episodes.")
    notes: list[str] = []
    out = daily.copy()
    out["date"] = _as_days(out["date"], "daily date")
    undated = int(out["date"].isna().sum())
    if undated:
        notes.append(f"{_plural(undated, 'daily row')} without a date "
                     f"{'is' if undated == 1 else 'are'} left out.")
        out = out[out["date"].notna()]
    dupes = int(out["date"].duplicated(keep=False).sum())
    if dupes:
        dates = int(out.loc[out["date"].duplicated(keep=False), "date"].nunique())
        raise AnalysisInputError(f"{_plural(dates, 'date')} appear{'s' if dates == 1 else ''} "
                                 f"more than once in the daily log ({dupes} rows); keep one row "
                                 "per date.")
    return out, notes


def _prepared_episodes(episodes: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Episodes with a ``day`` column (start's calendar date); undated ones dropped."""
    if not isinstance(episodes, pd.DataFrame):
        raise AnalysisInputError("The episode log must be a table (a pandas DataFrame).")
    if "start" not in episodes.columns:
        raise AnalysisInputError("The episode log has no start column, so episodes cannot be "
                                 "placed on days.")
    out = episodes.copy()
    out["day"] = _as_days(out["start"], "episode start")
    notes: list[str] = []
    undated = int(out["day"].isna().sum())
    if undated:
        notes.append(f"{_plural(undated, 'episode')} without a start date "
                     f"{'is' if undated == 1 else 'are'} left out.")
        out = out[out["day"].notna()]
    return out, notes


def _factor_columns(daily: pd.DataFrame) -> list[str]:
    """Numeric and yes/no daily columns, canonical ones in schema order, then custom ones."""
    skip = {"date", "notes", "episodes"}
    usable = [c for c in daily.columns if c not in skip and (
        pd.api.types.is_bool_dtype(daily[c]) or pd.api.types.is_numeric_dtype(daily[c]))]
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
    return pd.DataFrame({"heat_index_c": hi, "exercise_load": load,
                         "hot_exercise_min": hot.mask(rested, 0.0), "no_warmup": no_warm},
                        index=frame.index)


def daily_table(daily: pd.DataFrame, episodes: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str]]:
    """One row per logged date: outcomes, every numeric factor and the derived factors.

    The window is the set of dates in ``daily``: a day nobody logged is not a
    day without spasms, so it is left out rather than counted as 0. A date's
    ``episodes`` is the number of episodes starting on it (0 when none),
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
    days, notes = _prepared_daily(daily)
    days = days.sort_values("date", kind="stable").reset_index(drop=True)
    factors = _factor_columns(days)
    clash = [c for c in factors if c in OUTCOMES]
    if clash:
        raise AnalysisInputError(f"The daily log has a column named {clash[0]!r}, which is the "
                                 "name of an outcome; rename that column.")

    table = pd.DataFrame({"date": days["date"]})
    if episodes is not None:
        if "episodes" in days.columns:
            notes.append("The daily log's episodes column is ignored because an episode log "
                         "was given.")
        eps, more = _prepared_episodes(episodes)
        notes += more
        inside = eps["day"].isin(days["date"])
        outside = int((~inside).sum())
        if outside:
            notes.append(f"{_plural(outside, 'episode')} "
                         f"{'falls' if outside == 1 else 'fall'} outside the logged days and "
                         f"{'is' if outside == 1 else 'are'} not in the statistics.")
        eps = eps[inside]
        severity = (pd.to_numeric(eps["severity"], errors="coerce") if "severity" in eps
                    else pd.Series(np.nan, index=eps.index))
        minutes = (pd.to_numeric(eps["duration_min"], errors="coerce") if "duration_min" in eps
                   else pd.Series(np.nan, index=eps.index))
        per_day = pd.DataFrame({"day": eps["day"], "severity": severity.astype("float64"),
                                "minutes": minutes.astype("float64")}).groupby("day").agg(
            episodes=("day", "size"), max_severity=("severity", "max"),
            total_minutes=("minutes", "sum"), timed=("minutes", "count"))
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
            notes.append(f"{_plural(blank, 'day')} {'has' if blank == 1 else 'have'} no "
                         "episode count and count as missing.")
            table["episodes"] = counts.to_numpy()
        else:
            table["episodes"] = counts.astype("int64").to_numpy()
        table["max_severity"] = np.nan
        table["total_minutes"] = np.nan
    else:
        notes.append("No episode log was given and the daily log has no episodes column, so "
                     "every day counts 0 episodes.")
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
            table["exercise_rpe"].isna() & (table["exercise_min"] == 0), 0.0)

    derived = _derived(table)
    for name in DERIVED:
        if name in factors:
            notes.append(f"The daily log already has a {name} column; it is used as logged "
                         "instead of being computed.")
        else:
            table[name] = derived[name].to_numpy()
    return table, notes


# --------------------------------------------------------------------------- one factor at a time


def _previous_day(table: pd.DataFrame, column: str) -> np.ndarray:
    """Each date's value of ``column`` on the previous calendar date (NaN if it was not logged)."""
    by_date = pd.Series(table[column].to_numpy(dtype="float64"), index=table["date"])
    return by_date.reindex(table["date"] - pd.Timedelta(days=1)).to_numpy()


def spearman_ci(rho: float, n: int, alpha: float = ALPHA) -> tuple[float, float]:
    """Confidence interval for Spearman's rho.

    Fisher z transform, ``atanh(rho) +/- z * se``, with the Bonett & Wright
    (2000) standard error ``sqrt((1 + rho**2 / 2) / (n - 3))``, which holds
    its coverage for Spearman's rho where Fisher's ``1/sqrt(n - 3)`` is too
    narrow; ``z = scipy.stats.norm.ppf(1 - alpha / 2)``. NaN when n <= 3.
    """
    if n <= 3 or not np.isfinite(rho):
        return math.nan, math.nan
    se = math.sqrt((1 + rho**2 / 2) / (n - 3))
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore"):
        centre = np.arctanh(np.clip(rho, -1.0, 1.0))
    return float(np.tanh(centre - z * se)), float(np.tanh(centre + z * se))


def _rate_ratio(x: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Episodes per day on the factor's high third of days against its low third.

    Thirds are cut at the factor's tertiles (values <= the 1/3 quantile are
    "low", >= the 2/3 quantile "high"; when ties make the two cuts meet, the
    cut value goes to "low" and "high" is everything above it). A factor with
    two values (0/1) compares the higher with the lower. ``high_cut`` is
    always the smallest value counted as high. The 95% CI is the
    score interval of statsmodels' ``confint_poisson_2indep``; when one third
    had no episodes that inversion breaks down, so the MOVER interval is used.
    """
    out = dict.fromkeys(("rate_low", "rate_high", "rate_ratio", "rr_ci_low", "rr_ci_high",
                         "low_cut", "high_cut", "days_low", "days_high", "episodes_low",
                         "episodes_high"), math.nan)
    values = np.unique(x)
    if len(values) == 2:
        low_cut, high_cut = float(values[0]), float(values[1])
        low, high = x == values[0], x == values[1]
    else:
        low_cut, high_cut = (float(v) for v in np.quantile(x, [1 / 3, 2 / 3]))
        low = x <= low_cut
        if high_cut > low_cut:
            high = x >= high_cut
        else:  # ties (e.g. many rest days at 0): "high" is everything above the cut
            high = x > low_cut
            high_cut = float(x[high].min()) if high.any() else math.nan
    out.update(low_cut=low_cut, high_cut=high_cut)
    days_low, days_high = int(low.sum()), int(high.sum())
    if days_low == 0 or days_high == 0:
        return out
    count_low, count_high = float(y[low].sum()), float(y[high].sum())
    rate_low, rate_high = count_low / days_low, count_high / days_high
    out.update(days_low=days_low, days_high=days_high, episodes_low=count_low,
               episodes_high=count_high, rate_low=rate_low, rate_high=rate_high)
    if count_low == 0 and count_high == 0:
        return out
    if count_low > 0 and count_high > 0:
        ci = confint_poisson_2indep(count_high, days_high, count_low, days_low,
                                    method="score", compare="ratio", alpha=ALPHA)
        ratio = rate_high / rate_low
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            ci = confint_poisson_2indep(count_high, days_high, count_low, days_low,
                                        method="mover", compare="ratio", alpha=ALPHA)
        ratio = math.inf if count_low == 0 else 0.0
        ci = (float(ci[0]), math.inf) if count_low == 0 else (0.0, float(ci[1]))
    out.update(rate_ratio=ratio, rr_ci_low=float(ci[0]), rr_ci_high=float(ci[1]))
    return out


def _factors(table: pd.DataFrame) -> list[str]:
    """Factor columns of a :func:`daily_table` (everything numeric but date and outcomes)."""
    return [c for c in table.columns if c not in ("date", *OUTCOMES)
            and (pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c]))]


def _factor_rows(table: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, list[str]]:
    """:func:`factor_table` plus warnings naming the rows left out (counts only)."""
    if "date" not in table.columns or outcome not in table.columns:
        raise AnalysisInputError(f"factor_table needs a daily_table with 'date' and {outcome!r} "
                                 "columns.")
    if outcome not in OUTCOMES:
        raise AnalysisInputError(f"Unknown outcome {outcome!r}: use one of {', '.join(OUTCOMES)}.")
    if table["date"].duplicated().any():
        raise AnalysisInputError("The table has a date more than once; use daily_table's output.")
    y_all = table[outcome].to_numpy(dtype="float64")
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for factor in _factors(table):
        logged = int(table[factor].notna().sum())
        if logged == 0:
            if factor not in DERIVED:
                notes.append(f"{factor} has no values in this period and is left out.")
            continue
        for lag in (0, 1):
            x_all = (table[factor].to_numpy(dtype="float64") if lag == 0
                     else _previous_day(table, factor))
            ok = ~(np.isnan(x_all) | np.isnan(y_all))
            x, y = x_all[ok], y_all[ok]
            n = int(ok.sum())
            when = "same day" if lag == 0 else "day before"
            if n < MIN_PAIRS:
                notes.append(f"{factor} ({when}) has only {_plural(n, 'complete day')}, fewer "
                             f"than {MIN_PAIRS}, and is left out.")
                continue
            if np.ptp(x) == 0 or np.ptp(y) == 0:
                which = factor if np.ptp(x) == 0 else outcome
                notes.append(f"{factor} ({when}) is left out: {which} has the same value on "
                             "every complete day.")
                continue
            res = stats.spearmanr(x, y)
            rho, p = float(res.statistic), float(res.pvalue)
            lo, hi = spearman_ci(rho, n)
            row = {"factor": factor, "lag": lag, "n": n, "rho": rho, "p": p, "q": math.nan,
                   "ci_low": lo, "ci_high": hi, "derived": factor in DERIVED}
            if outcome == "episodes":
                row.update(_rate_ratio(x, y))
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(FACTOR_COLUMNS))
    if frame.empty:
        return _empty_factors(), notes
    frame["q"] = stats.false_discovery_control(frame["p"].to_numpy(dtype="float64"), method="bh")
    frame = frame.sort_values(["q", "factor", "lag"], kind="stable").reset_index(drop=True)
    return _factor_dtypes(frame), notes


def _empty_factors() -> pd.DataFrame:
    return _factor_dtypes(pd.DataFrame({c: [] for c in FACTOR_COLUMNS}))


def _factor_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype({c: "float64" for c in FACTOR_COLUMNS
                        if c not in ("factor", "lag", "n", "derived")})
    return out.astype({"factor": "object", "lag": "int64", "n": "int64", "derived": "bool"})


def factor_table(table: pd.DataFrame, *, outcome: str = "episodes") -> pd.DataFrame:
    """One factor at a time: one row per (factor, lag), lag 0 (same day) and 1 (day before).

    Lag 1 pairs each date's outcome with the factor on the previous
    *calendar* date, missing when that date was not logged (not simply the
    previous row). Pairs with a missing value are dropped per factor and
    ``n`` says how many remained; factors with fewer than :data:`MIN_PAIRS`
    pairs or without variance are omitted (:func:`analyze` lists them in its
    warnings). ``rho``/``p`` from ``scipy.stats.spearmanr``; ``ci_low``/
    ``ci_high`` from :func:`spearman_ci` (Fisher z, Bonett-Wright SE, 95%);
    ``q`` is Benjamini-Hochberg (``scipy.stats.false_discovery_control``) over
    every row returned. For ``outcome="episodes"`` the rate columns compare
    episodes per day on the high third of days with the low third (see
    :func:`_rate_ratio`); for other outcomes they are NaN because those are
    not counts. Sorted by q, then factor, then lag.
    """
    return _factor_rows(table, outcome)[0]


# --------------------------------------------------------------------------- the combined model


@dataclass(frozen=True)
class Model:
    """Daily episodes regressed on every logged factor at once.

    ``method`` is "poisson" or "negative binomial", chosen by the one-sided
    Cameron-Trivedi (1990) auxiliary-regression test of Poisson variance
    against the NB2 alternative var = mu + alpha mu^2 (statsmodels
    ``test_dispersion``, row "CT nb2"; its two-sided p is halved towards
    overdispersion): negative binomial when ``dispersion_p`` < 0.05.
    ``dispersion`` is the Poisson fit's Pearson chi2 / residual df.
    ``covariance`` describes the HAC (Newey-West) standard errors, which allow
    for the serial correlation of daily data; ``serial_p`` is the Ljung-Box p
    of the Pearson residuals at lag 7 (None with too few days). ``terms``
    gives the incidence rate ratio per one unit of each factor.
    """

    method: str
    dispersion: float
    dispersion_p: float
    covariance: str
    serial_p: float | None
    n: int
    terms: pd.DataFrame
    #: Episodes on the ``n`` complete days.
    episodes: int = 0
    #: Negative binomial alpha (NB2), None for Poisson.
    alpha: float | None = None
    #: HAC lags: floor(4 (n/100)^(2/9)), the Newey-West (1994) plug-in rule.
    hac_lags: int = 0
    #: Logged factors left out (missing too often, no variance, or redundant).
    dropped: tuple[str, ...] = ()
    dispersion_test: str = "Cameron-Trivedi auxiliary regression (NB2), one-sided"


def _model_data(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Complete days of episodes + usable logged factors; returns (data, factors, notes)."""
    notes: list[str] = []
    logged = [c for c in _factors(table) if c not in DERIVED]
    data = table.loc[table["episodes"].notna(), ["date", "episodes", *logged]].copy()
    if "warmup" in data and "exercise_min" in data:
        # Warm-up is only asked on exercise days; a rest day has no un-warmed exercise.
        data["warmup"] = data["warmup"].mask(data["warmup"].isna() & (data["exercise_min"] == 0), 1.0)
    days = len(data)
    keep: list[str] = []
    for col in logged:
        missing = int(data[col].isna().sum())
        if days and missing > MODEL_MAX_MISSING * days:
            notes.append(f"{col} is missing on {missing} of {days} days and is left out of the "
                         "combined model.")
        else:
            keep.append(col)
    data = data.dropna(subset=keep)
    factors: list[str] = []
    for col in keep:
        if data[col].nunique() < 2:
            notes.append(f"{col} has the same value on every complete day and is left out of the "
                         "combined model.")
            continue
        trial = np.column_stack([np.ones(len(data)), data[[*factors, col]].to_numpy(dtype="float64")])
        if np.linalg.matrix_rank(trial) < trial.shape[1]:
            notes.append(f"{col} is fully determined by the other factors and is left out of the "
                         "combined model.")
            continue
        factors.append(col)
    return data.reset_index(drop=True), factors, notes


def _required(k: int) -> tuple[int, int]:
    """(complete days, episodes) a model with ``k`` factors needs."""
    return (max(MIN_DAYS, MODEL_DAYS_PER_FACTOR * k),
            max(MIN_EPISODES, MODEL_EPISODES_PER_FACTOR * k))


def _hac_lags(n: int) -> int:
    return max(1, int(math.floor(4 * (n / 100) ** (2 / 9))))


def _fit_model(table: pd.DataFrame) -> tuple[Model | None, list[str]]:
    """:func:`fit_model` plus warnings saying why a factor or the model was left out."""
    if "episodes" not in table.columns or "date" not in table.columns:
        raise AnalysisInputError("fit_model needs a daily_table with 'date' and 'episodes'.")
    data, factors, notes = _model_data(table)
    dropped = tuple(c for c in _factors(table) if c not in DERIVED and c not in factors)
    n, k = len(data), len(factors)
    need_days, need_episodes = _required(k)
    total = int(data["episodes"].sum()) if n else 0
    if k == 0:
        notes.append("No logged factor can go into the combined model.")
        return None, notes
    if n < need_days or total < need_episodes:
        notes.append(f"The combined model of {_plural(k, 'factor')} needs at least {need_days} "
                     f"complete days and {need_episodes} episodes; there are {n} and {total}.")
        return None, notes

    y = data["episodes"].to_numpy(dtype="float64")
    raw = data[factors].to_numpy(dtype="float64")
    centre, scale = raw.mean(axis=0), raw.std(axis=0, ddof=1)
    exog = sm.add_constant((raw - centre) / scale, has_constant="add")  # standardised: stable fits
    lags = _hac_lags(n)
    hac = {"maxlags": lags, "use_correction": True}
    with _warnings.catch_warnings():
        for category in (ConvergenceWarning, HessianInversionWarning, PerfectSeparationWarning,
                         RuntimeWarning):
            _warnings.simplefilter("ignore", category)
        poisson = sm.GLM(y, exog, family=sm.families.Poisson()).fit()
        dispersion = float(poisson.pearson_chi2 / poisson.df_resid)
        ct = sm.Poisson(y, exog).fit(disp=0).get_diagnostic().test_dispersion().summary_frame()
        ct = ct.set_index("method").loc["CT nb2"]
        stat, two_sided = float(ct["statistic"]), float(ct["pvalue"])
        dispersion_p = two_sided / 2 if stat > 0 else 1 - two_sided / 2
        method, alpha, fit = "poisson", None, None
        if dispersion_p < ALPHA:
            nb = sm.NegativeBinomial(y, exog, loglike_method="nb2")
            for solver in ("newton", "bfgs"):
                trial = nb.fit(disp=0, method=solver, maxiter=500, cov_type="HAC", cov_kwds=hac)
                if trial.mle_retvals.get("converged", False) and np.all(np.isfinite(trial.bse)):
                    fit, method = trial, "negative binomial"
                    alpha = float(trial.params[-1])
                    break
            if fit is None:
                notes.append("The negative binomial model did not converge; the Poisson model "
                             "is shown, with HAC standard errors.")
        if fit is None:
            fit = sm.GLM(y, exog, family=sm.families.Poisson()).fit(cov_type="HAC", cov_kwds=hac)
        mu = fit.predict(exog)
    if not (np.all(np.isfinite(fit.params)) and np.all(np.isfinite(fit.bse))):
        notes.append("The combined model could not be estimated (a factor separates days with and "
                     "without spasms perfectly).")
        return None, notes
    var = mu + (alpha or 0.0) * mu**2
    pearson = (y - mu) / np.sqrt(var)
    serial_p = (float(acorr_ljungbox(pearson, lags=[SERIAL_LAG], return_df=True)["lb_pvalue"].iloc[0])
                if n > 2 * SERIAL_LAG else None)

    params = np.asarray(fit.params, dtype="float64")[1:k + 1]
    bse = np.asarray(fit.bse, dtype="float64")[1:k + 1]
    ci = np.asarray(fit.conf_int(alpha=ALPHA), dtype="float64")[1:k + 1]
    pvalues = np.asarray(fit.pvalues, dtype="float64")[1:k + 1]
    coef = params / scale
    terms = pd.DataFrame({
        "factor": factors, "irr": np.exp(coef), "ci_low": np.exp(ci[:, 0] / scale),
        "ci_high": np.exp(ci[:, 1] / scale), "p": pvalues, "coef": coef, "se": bse / scale,
        "sd": scale,
    }, columns=list(TERM_COLUMNS))
    model = Model(method=method, dispersion=dispersion, dispersion_p=float(dispersion_p),
                  covariance=f"HAC (Newey-West, {_plural(lags, 'lag')})", serial_p=serial_p,
                  n=n, terms=terms, episodes=total, alpha=alpha, hac_lags=lags, dropped=dropped)
    if serial_p is not None and serial_p < ALPHA:
        notes.append("The model's residuals are still correlated from day to day; its intervals "
                     "may be too narrow.")
    return model, notes


def fit_model(table: pd.DataFrame) -> Model | None:
    """Count regression of daily episodes on all logged numeric factors together.

    Why: one factor at a time cannot tell "water helps" from "water rises on
    hot, active days". Derived factors are left out (they re-use the logged
    ones). ``warmup`` is only asked on exercise days, so on rest days it
    counts as 1 (no un-warmed exercise) and its rate ratio compares exercising
    without a warm-up with everything else at the same exercise minutes. A
    factor missing on more than 20% of days, without variance, or fully
    determined by the others is dropped; the rest are used on complete days.

    Returns None unless there are at least ``max(MIN_DAYS, 10 k)`` complete
    days and ``max(MIN_EPISODES, 5 k)`` episodes for ``k`` factors (ten days
    and five events per factor): six months of the sample (~175 days, ~85
    episodes) fit its nine factors. Poisson GLM first; the one-sided
    Cameron-Trivedi test (see :class:`Model`) picks negative binomial when
    p < 0.05. Standard errors are HAC (Newey-West) with floor(4 (n/100)^(2/9))
    lags, treating complete days as consecutive (a few unlogged days barely
    matter). Factors are standardised for fitting and reported per one unit.
    """
    return _fit_model(table)[0]


# --------------------------------------------------------------------------- contrasts


@dataclass(frozen=True)
class Contrast:
    """A factor whose adjusted effect disagrees with its one-at-a-time look.

    "Disagrees" means the direction differs while at least one of the two is
    clear, or one is clear and the other is not. Clear means its 95% interval
    excludes "no link" (rho's CI excludes 0; the model's IRR CI excludes 1).
    """

    factor: str
    sentence: str
    rho: float = math.nan
    irr: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    #: The factor's standard deviation (canonical units), for its step.
    sd: float = math.nan
    #: Whether rho's 95% CI excludes 0, and the factors the model accounted for, in words.
    rho_clear: bool = False
    accounting: str = "the other factors"

    def worded(self, system: str = "metric") -> str:
        """The sentence with its step in ``system`` ("each extra 9 °F"); metric is
        :attr:`sentence`. Only the words and the step change, never the statistics."""
        if system == "metric" or not math.isfinite(self.sd):
            return self.sentence
        return _contrast_sentence(self.factor, self.sd, self.rho, self.rho_clear, self.irr,
                                  self.ci_low, self.ci_high, self.accounting, system)


#: factor -> (noun, step, "each extra ..." wording) for contrast sentences.
_WORDS: dict[str, tuple[str, float, str]] = {
    "water_l": ("water", 1.0, "each extra litre"),
    "exercise_min": ("exercise", 30.0, "each extra 30 minutes of exercise"),
    "exercise_rpe": ("exercise effort", 1.0, "each extra point of effort"),
    "warmup": ("warming up", 1.0, "warming up (or not exercising)"),
    "temp_c": ("heat", 5.0, "each extra 5 °C"),
    "humidity_pct": ("humidity", 10.0, "each extra 10 points of humidity"),
    "stress": ("stress", 1.0, "each extra point of stress"),
    "sleep_h": ("sleep", 1.0, "each extra hour of sleep"),
}
_UNITS = {"mg": "mg", "g": "g", "mcg": "µg", "ug": "µg", "ml": "ml", "l": "litre", "min": "minute",
          "h": "hour", "km": "km", "kg": "kg", "pct": "%", "c": "°C", "count": "", "n": ""}


def nice_step(sd: float) -> float:
    """A round step (1, 2 or 5 × a power of ten) close to one standard deviation."""
    if not np.isfinite(sd) or sd <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(sd))
    return min((m * power for m in (1, 2, 5, 10)), key=lambda s: abs(math.log(s / sd)))


#: Factors shown like another converted column (a heat index is a temperature).
CONVERTS_LIKE: dict[str, str] = {"heat_index_c": "temp_c"}

#: Steps in display units for converted factors, per system; other converted
#: factors get a round step near one sd in display units.
_SHOWN_STEPS: dict[tuple[str, str], float] = {("water_l", "us"): 32.0, ("temp_c", "us"): 9.0}


def display_quantity(factor: str, system: str = "metric") -> units.Quantity | None:
    """How ``factor`` is shown in ``system`` (``heat_index_c`` like ``temp_c``); None for
    factors that are the same in every system."""
    base = CONVERTS_LIKE.get(factor, factor)
    if base not in schema.UNIT_SYMBOLS[units.check(system)]:
        return None
    return units.quantity(base, system)


def step_for(factor: str, sd: float, system: str = "metric") -> float:
    """The step a rate ratio is stated per, in canonical units: a declared step for standard
    factors, else a round sd. In another unit system a converted factor's step is round in
    that system's units (US: 32 fl oz = 0.946353 L, 9 °F = 5 °C)."""
    return step_shown(factor, sd, system)[0]


def step_shown(factor: str, sd: float, system: str = "metric") -> tuple[float, float]:
    """(step in canonical units, the same step in ``system``'s units)."""
    q = display_quantity(factor, system)
    if q is None or q.alias is None:
        step = _words(factor, sd)[1]
        return step, step
    shown = _SHOWN_STEPS.get((factor, system))
    if shown is None:
        shown = nice_step(sd / q.alias.scale)
    return shown * q.alias.scale, shown


def _words(factor: str, sd: float, system: str = "metric") -> tuple[str, float, str]:
    if system != "metric" and display_quantity(factor, system) is not None:
        noun = _words(factor, sd)[0]
        step, shown = step_shown(factor, sd, system)
        symbol = display_quantity(factor, system).symbol  # type: ignore[union-attr]
        amount = f"{shown:g} {symbol}"
        return noun, step, (f"each extra {amount}" if factor in _WORDS else
                            f"each extra {amount} of {noun}")
    if factor in _WORDS:
        return _WORDS[factor]
    head, _, tail = factor.rpartition("_")
    step = nice_step(sd)
    if head and tail in _UNITS:
        noun = head.replace("_", " ")
        unit = _UNITS[tail]
        amount = f"{step:g} {unit}".strip() + ("s" if unit in ("litre", "minute", "hour")
                                               and step != 1 else "")
        return noun, step, f"each extra {amount} of {noun}"
    noun = factor.replace("_", " ")
    return noun, step, f"each extra {step:g} of {noun}"


def _change(ratio: float) -> str:
    if ratio >= 1:
        return f"{(ratio - 1) * 100:.0f}% more"
    return f"{(1 - ratio) * 100:.0f}% fewer"


def _interval(lo: float, hi: float) -> str:
    if hi < 1:
        return f"95% CI {(1 - hi) * 100:.0f}% to {(1 - lo) * 100:.0f}% fewer"
    if lo > 1:
        return f"95% CI {(lo - 1) * 100:.0f}% to {(hi - 1) * 100:.0f}% more"
    return f"95% CI {(1 - lo) * 100:.0f}% fewer to {(hi - 1) * 100:.0f}% more"


def _contrasts(table: pd.DataFrame, factors: pd.DataFrame, model: Model | None) -> list[Contrast]:
    """Sentences for factors where the adjusted and one-at-a-time views disagree."""
    if model is None or factors.empty or model.terms.empty:
        return []
    lag0 = factors[factors["lag"] == 0].set_index("factor")
    data, used, _ = _model_data(table)
    used = [f for f in used if f in set(model.terms["factor"])]
    matrix = np.atleast_2d(stats.spearmanr(data[used].to_numpy(dtype="float64")).statistic
                           if len(used) > 1 else 1.0)
    if matrix.shape != (len(used), len(used)):  # two factors: scipy returns one rho
        matrix = np.array([[1.0, matrix.item()], [matrix.item(), 1.0]])
    corr = pd.DataFrame(matrix, index=used, columns=used)
    out: list[Contrast] = []
    for term in model.terms.itertuples(index=False):
        if term.factor not in lag0.index:
            continue
        row = lag0.loc[term.factor]
        one_clear = row["ci_low"] > 0 or row["ci_high"] < 0
        adj_clear = term.ci_low > 1 or term.ci_high < 1
        one_sign = np.sign(row["rho"])
        adj_sign = np.sign(math.log(term.irr)) if term.irr > 0 else -1.0
        if not (one_clear or adj_clear):
            continue
        if one_clear and adj_clear and one_sign == adj_sign:
            continue
        others = corr[term.factor].drop(term.factor).abs().sort_values(ascending=False)
        named = [_words(f, float(model.terms.set_index("factor").loc[f, "sd"]))[0]
                 for f in others[others >= 0.2].index[:2]]
        accounting = " and ".join(named) if named else "the other factors"
        sentence = _contrast_sentence(term.factor, float(term.sd), float(row["rho"]),
                                      bool(one_clear), float(term.irr), float(term.ci_low),
                                      float(term.ci_high), accounting)
        out.append(Contrast(factor=term.factor, sentence=sentence,
                            rho=float(row["rho"]), irr=float(term.irr), ci_low=float(term.ci_low),
                            ci_high=float(term.ci_high), sd=float(term.sd),
                            rho_clear=bool(one_clear), accounting=accounting))
    return out


def _contrast_sentence(factor: str, sd: float, rho: float, one_clear: bool, irr_unit: float,
                       lo_unit: float, hi_unit: float, accounting: str,
                       system: str = "metric") -> str:
    """One contrast in words, its rate ratio per a step in ``system``'s units."""
    noun, step, each = _words(factor, sd, system)
    adj_clear = lo_unit > 1 or hi_unit < 1
    irr, lo, hi = irr_unit**step, lo_unit**step, hi_unit**step
    if one_clear:
        alone = (f"{noun.capitalize()} on its own goes with "
                 f"{'more' if np.sign(rho) > 0 else 'fewer'} spasms (rho {rho:.2f})")
    else:
        alone = f"{noun.capitalize()} looks unrelated to spasms on its own (rho {rho:.2f})"
    if adj_clear:
        adjusted = (f"after accounting for {accounting} {each} goes with about "
                    f"{_change(irr)} spasms ({_interval(lo, hi)})")
    else:
        adjusted = (f"after accounting for {accounting} the link is unclear "
                    f"({each}: {_interval(lo, hi)})")
    return f"{alone}, but {adjusted}."


# --------------------------------------------------------------------------- analyze


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: numpy scalars unwrapped, NaN/inf -> None, dates as ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (pd.Timestamp, date)):
        return value.isoformat()[:10]
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


@dataclass(frozen=True)
class Analysis:
    """Everything the Insights page and the CLI show for one window."""

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
    caveat: str = CAVEAT
    #: Muscles the episodes were filtered to (empty: all).
    muscles: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """A plain-Python summary (``json.dumps`` works; NaN and infinity become None)."""
        model = None
        if self.model is not None:
            m = self.model
            model = {
                "method": m.method, "terms": _records(m.terms),
                "dispersion": _plain(m.dispersion), "dispersion_p": _plain(m.dispersion_p),
                "dispersion_test": m.dispersion_test, "covariance": m.covariance,
                "serial_p": _plain(m.serial_p), "n": m.n, "episodes": m.episodes,
                "alpha": _plain(m.alpha), "dropped": list(m.dropped),
                "contrasts": [{"factor": c.factor, "sentence": c.sentence} for c in self.contrasts],
            }
        return {
            "window": {"first": _plain(self.first), "last": _plain(self.last), "days": int(self.days)},
            "episodes": int(self.episodes),
            "enough_data": bool(self.enough_data),
            "warnings": list(self.warnings),
            "factors": _records(self.factors),
            "model": model,
        }


def analyze(daily: pd.DataFrame, episodes: pd.DataFrame | None = None, *, start: date | None = None,
            end: date | None = None, muscles: list[str] | None = None) -> Analysis:
    """Join, check there is enough data, then the one-at-a-time table, the model and contrasts.

    ``start``/``end`` (inclusive calendar dates, None = open) cut the window
    and the episodes; ``muscles`` (None or empty = all) filters episodes before
    they are counted. Statistics appear only with :data:`MIN_DAYS` logged days
    and :data:`MIN_EPISODES` episodes in the window; ``missing`` says how many
    more are needed.
    """
    days, _ = _prepared_daily(daily)  # validate early; daily_table repeats its notes
    chosen = [str(m) for m in muscles] if muscles else []
    if episodes is not None:
        eps, _ = _prepared_episodes(episodes)
        if chosen:
            if "muscle" not in eps.columns:
                raise AnalysisInputError("The episode log has no muscle column to filter on.")
            eps = eps[eps["muscle"].astype("object").isin(chosen)]
    elif chosen:
        raise AnalysisInputError("Filtering by muscle needs the episode log; the daily episodes "
                                 "column counts every muscle.")
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
    table, notes = daily_table(days, eps)
    n_days = len(table)
    n_episodes = int(np.nansum(table["episodes"].to_numpy(dtype="float64"))) if n_days else 0
    first = table["date"].iloc[0].date() if n_days else None
    last = table["date"].iloc[-1].date() if n_days else None
    missing: list[str] = []
    if n_days < MIN_DAYS:
        missing.append(f"log {_plural(MIN_DAYS - n_days, 'more day')}")
    if n_episodes < MIN_EPISODES:
        missing.append(f"log {_plural(MIN_EPISODES - n_episodes, 'more episode')}")
    enough = not missing
    factors, model, contrasts = _empty_factors(), None, []
    if enough:
        factors, more = _factor_rows(table, "episodes")
        notes += more
        model, more = _fit_model(table)
        notes += more
        contrasts = _contrasts(table, factors, model)
    return Analysis(first=first, last=last, days=n_days, episodes=n_episodes, enough_data=enough,
                    missing=missing, warnings=notes, table=table, factors=factors, model=model,
                    contrasts=contrasts, caveat=CAVEAT, muscles=tuple(chosen))


# --------------------------------------------------------------------------- episode patterns


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
    out["hour"] = (hours.value_counts().reindex(range(24), fill_value=0).rename_axis("hour")
                   .rename("episodes").reset_index().astype("int64"))
    night = (hours >= NIGHT_START_HOUR) | (hours < NIGHT_END_HOUR)
    counts = night.value_counts().reindex([True, False], fill_value=0)
    out["night"] = pd.DataFrame({"night": [True, False], "episodes": counts.to_numpy(dtype="int64"),
                                 "share": counts.to_numpy(dtype="float64") / total})

    if "muscle" in eps.columns:
        side = (eps["side"].astype("object") if "side" in eps.columns
                else pd.Series(None, index=eps.index, dtype="object"))
        frame = pd.DataFrame({"muscle": eps["muscle"].astype("object").fillna("unspecified"),
                              "side": side.fillna("unspecified")})
        out["muscle"] = (frame.groupby(["muscle", "side"]).size().rename("episodes").reset_index()
                         .sort_values(["episodes", "muscle", "side"], ascending=[False, True, True],
                                      kind="stable").reset_index(drop=True))
    else:
        out["muscle"] = empty["muscle"]

    if "relief" in eps.columns:
        items = (eps["relief"].astype("object").dropna().astype(str)
                 .str.split(schema.RELIEF_SEPARATOR).explode().str.strip())
        items = items[items != ""]
        # An item written twice for one episode counts once for that episode.
        used = items.rename("relief").rename_axis("episode").reset_index().drop_duplicates()
        tally = used["relief"].value_counts()
        out["relief"] = pd.DataFrame({"relief": tally.index.astype(str),
                                      "times_used": tally.to_numpy(dtype="int64"),
                                      "share": tally.to_numpy(dtype="float64") / total})
        out["relief"] = out["relief"].sort_values(["times_used", "relief"], ascending=[False, True],
                                                  kind="stable").reset_index(drop=True)
    else:
        out["relief"] = empty["relief"]

    month = eps["start"].dt.to_period("M")
    monthly = pd.DataFrame({
        "month": month,
        "severity": (pd.to_numeric(eps["severity"], errors="coerce") if "severity" in eps
                     else np.nan),
        "duration": (pd.to_numeric(eps["duration_min"], errors="coerce") if "duration_min" in eps
                     else np.nan),
    }).groupby("month").agg(episodes=("month", "size"), median_severity=("severity", "median"),
                            median_duration_min=("duration", "median"))
    every = pd.period_range(month.min(), month.max(), freq="M")
    monthly = monthly.reindex(every)
    monthly["episodes"] = monthly["episodes"].fillna(0).astype("int64")
    monthly.index = every.to_timestamp().astype("datetime64[us]")
    out["monthly"] = monthly.rename_axis("month").reset_index()
    return out


__all__ = [
    "ALPHA", "CAVEAT", "CONVERTS_LIKE", "DERIVED", "FACTOR_COLUMNS", "HOT_HEAT_INDEX_C",
    "MIN_DAYS", "MIN_EPISODES",
    "MIN_PAIRS", "OUTCOMES", "TERM_COLUMNS", "Analysis", "AnalysisInputError", "Contrast", "Model",
    "analyze", "daily_table", "display_quantity", "episode_patterns", "factor_table", "fit_model",
    "heat_index_c", "spearman_ci", "step_for", "step_shown",
]
