"""One factor at a time: each factor's link with the daily episodes, on its own.

:func:`factor_table` gives, per factor and lag (the same day and the day
before), Spearman's rho with a confidence interval, Benjamini-Hochberg
q-values, and a rate ratio of the high third of days against the low third.
Statistics come from scipy and statsmodels. Warnings mention counts and column
names only, never a person's values.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson_2indep
from statsmodels.tsa.stattools import acf

from crampwise.errors import AnalysisInputError
from crampwise.stats.daily import DERIVED, OUTCOMES, table_factors
from crampwise.stats.model import time_design
from crampwise.stats.notes import plural
from crampwise.stats.thresholds import ALPHA, MIN_N_EFF, MIN_PAIRS, MODEL_DAYS_PER_FACTOR, SERIAL_LAG

#: When a factor row counts its days as this many times fewer independent ones
#: (n / n_eff), the analysis notes it beside every number it affects.
DEPENDENT_DAYS_RATIO: float = 1.25

#: The rate-ratio columns of a factor row (high third of days against the low third).
RATE_COLUMNS: tuple[str, ...] = (
    "rate_low",
    "rate_high",
    "rate_ratio",
    "rr_ci_low",
    "rr_ci_high",
    "low_cut",
    "high_cut",
    "days_low",
    "days_high",
    "episodes_low",
    "episodes_high",
)

#: Columns of :func:`factor_table`, in order.
FACTOR_COLUMNS: tuple[str, ...] = (
    "factor",
    "lag",
    "n",
    "rho",
    "p",
    "q",
    "ci_low",
    "ci_high",
    "derived",
    *RATE_COLUMNS,
    "rho_detrended",
    "n_eff",
)


def _previous_day(table: pd.DataFrame, column: str) -> np.ndarray:
    """Each date's value of ``column`` on the previous calendar date (NaN if it was not logged)."""
    by_date = pd.Series(table[column].to_numpy(dtype="float64"), index=table["date"])
    return by_date.reindex(table["date"] - pd.Timedelta(days=1)).to_numpy()


def spearman_ci(rho: float, n: float, alpha: float = ALPHA) -> tuple[float, float]:
    """Confidence interval for Spearman's rho.

    Fisher z transform, ``atanh(rho) +/- z * se``, with the Bonett & Wright
    (2000) standard error ``sqrt((1 + rho**2 / 2) / (n - 3))``, which holds
    its coverage for Spearman's rho where Fisher's ``1/sqrt(n - 3)`` is too
    narrow; ``z = scipy.stats.norm.ppf(1 - alpha / 2)``. NaN when n <= 3.
    ``n`` may be an effective sample size (not a whole number).
    """
    if n <= 3 or not np.isfinite(rho):
        return math.nan, math.nan
    se = math.sqrt((1 + rho**2 / 2) / (n - 3))
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore"):
        centre = np.arctanh(np.clip(rho, -1.0, 1.0))
    return float(np.tanh(centre - z * se)), float(np.tanh(centre + z * se))


def _adjustment_projection(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(design, its pseudo-inverse): constant + :func:`~crampwise.stats.model.time_design` for these dates.

    Cached, because every factor row on the same set of days shares one design:
    least-squares residuals are then ``y - X (X+ y)``, exactly what statsmodels
    OLS computes (it uses the same ``pinv``), without one SVD per row.
    """
    day = pd.to_datetime(pd.Series(dates)).to_numpy(dtype="datetime64[D]").astype("int64")
    key = day.tobytes()
    if key not in _PROJECTION_CACHE:
        design = time_design(dates, "day of week")
        if MODEL_DAYS_PER_FACTOR * design.shape[1] > len(day):
            design = time_design(dates, "weekend")
        exog = sm.add_constant(design.to_numpy(dtype="float64"), has_constant="add")
        if len(_PROJECTION_CACHE) > 64:
            _PROJECTION_CACHE.clear()
        _PROJECTION_CACHE[key] = (exog, np.linalg.pinv(exog))
    return _PROJECTION_CACHE[key]


_PROJECTION_CACHE: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}


def _residuals(y: np.ndarray, dates: pd.Series) -> np.ndarray:
    """Least-squares residuals of the columns of ``y`` on the adjustment design for ``dates``."""
    exog, pinv = _adjustment_projection(dates)
    return y - exog @ (pinv @ y)


def detrended_rank_correlation(x: np.ndarray, y: np.ndarray, dates: pd.Series) -> tuple[float, float]:
    """(rank correlation after the time trend and the week, effective sample size).

    Both series are ranked (``scipy.stats.rankdata``, ties averaged) and each
    rank series is regressed (least squares, as statsmodels OLS) on the adjustment terms the
    model uses (:func:`~crampwise.stats.model.time_design`: the smooth time
    trend, and each weekday when there are 10 days per term, else weekends);
    the correlation of the two residual series is the detrended rho. The
    effective sample size is Bartlett's / Pyper & Peterman's (1998)
    ``n / (1 + 2 sum_k r_x(k) r_y(k))`` over the residuals' autocorrelations
    (statsmodels ``acf``) at lags 1 to max(7, n // 5), capped at n and at
    least 4. Pairs are taken as consecutive days (lag 1 pairs skip gaps).
    """
    n = len(x)
    resid = _residuals(np.column_stack([stats.rankdata(x), stats.rankdata(y)]), dates)
    rx, ry = resid[:, 0], resid[:, 1]
    if np.ptp(rx) <= 1e-9 * n or np.ptp(ry) <= 1e-9 * n:
        return math.nan, float(n)
    rho = float(stats.pearsonr(rx, ry).statistic)
    lags = min(n - 2, max(SERIAL_LAG, n // 5))
    products = acf(rx, nlags=lags, fft=True)[1:] * acf(ry, nlags=lags, fft=True)[1:]
    n_eff = n / (1 + 2 * float(np.sum(products)))
    return rho, float(np.clip(n_eff, MIN_N_EFF, n))


def dependence_p(rho: float, n_eff: float) -> float:
    """Two-sided p for a correlation ``rho`` from the t distribution with ``n_eff - 2`` df."""
    if not np.isfinite(rho):
        return math.nan
    r = float(np.clip(rho, -1 + 1e-12, 1 - 1e-12))
    t = r * math.sqrt((n_eff - 2) / (1 - r**2))
    return float(2 * stats.t.sf(abs(t), n_eff - 2))


def _rate_ratio(x: np.ndarray, y: np.ndarray, design_effect: float = 1.0) -> dict[str, float]:
    """Episodes per day on the factor's high third of days against its low third.

    Thirds are cut at the factor's tertiles (values <= the 1/3 quantile are
    "low", >= the 2/3 quantile "high"; when ties make the two cuts meet, the
    cut value goes to "low" and "high" is everything above it). A factor with
    two values (0/1) compares the higher with the lower. ``high_cut`` is
    always the smallest value counted as high. The 95% CI is the score
    interval for a ratio of two Poisson rates (statsmodels
    ``confint_poisson_2indep``, ``method="score"``), computed in closed form:
    given the total, the high third's count is binomial, and that score test
    is the conditional binomial's, so the interval is the Wilson interval of
    ``proportion_confint`` turned into a ratio (the same bounds to 1e-6, without
    the numerical inversion; a test checks it). When one third had no episodes
    the score interval breaks down, so the MOVER interval is used.
    Days are not independent, so the interval is computed on counts and days
    divided by ``design_effect`` (n / n_eff of the row, at least 1): the same
    ratio, an interval about sqrt(design_effect) times wider on the log scale.
    """
    out = dict.fromkeys(RATE_COLUMNS, math.nan)
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
    out.update(
        days_low=days_low,
        days_high=days_high,
        episodes_low=count_low,
        episodes_high=count_high,
        rate_low=rate_low,
        rate_high=rate_high,
    )
    if count_low == 0 and count_high == 0:
        return out
    d = max(1.0, design_effect)
    args = (count_high / d, days_high / d, count_low / d, days_low / d)
    if count_low > 0 and count_high > 0:
        ci = _score_ratio_ci(*args)
        ratio = rate_high / rate_low
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            ci = confint_poisson_2indep(*args, method="mover", compare="ratio", alpha=ALPHA)
        ratio = math.inf if count_low == 0 else 0.0
        ci = (float(ci[0]), math.inf) if count_low == 0 else (0.0, float(ci[1]))
    out.update(rate_ratio=ratio, rr_ci_low=float(ci[0]), rr_ci_high=float(ci[1]))
    return out


def _score_ratio_ci(count1: float, days1: float, count2: float, days2: float) -> tuple[float, float]:
    """Score CI for the rate ratio (count1/days1) / (count2/days2), both counts positive.

    Conditional on ``count1 + count2``, count1 is binomial with
    ``pi = R days1 / (R days1 + days2)``; the Wilson interval for ``pi``
    mapped by ``R = pi / (1 - pi) * days2 / days1`` inverts the same score test
    as ``confint_poisson_2indep(method="score", compare="ratio")``.
    """
    low, high = proportion_confint(count1, count1 + count2, alpha=ALPHA, method="wilson")
    return float(low / (1 - low) * days2 / days1), float(high / (1 - high) * days2 / days1)


def factor_rows(
    table: pd.DataFrame, outcome: str, *, only: set[tuple[str, int]] | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """:func:`factor_table` plus warnings naming the rows left out (counts only).

    ``only`` restricts the rows to these (factor, lag) pairs (their q then covers
    only them): the one-extreme-day check re-tests just the candidates.
    """
    if "date" not in table.columns or outcome not in table.columns:
        raise AnalysisInputError(f"factor_table needs a daily_table with 'date' and {outcome!r} columns.")
    if outcome not in OUTCOMES:
        raise AnalysisInputError(f"Unknown outcome {outcome!r}: use one of {', '.join(OUTCOMES)}.")
    if table["date"].duplicated().any():
        raise AnalysisInputError("The table has a date more than once; use daily_table's output.")
    y_all = table[outcome].to_numpy(dtype="float64")
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for factor in table_factors(table):
        logged = int(table[factor].notna().sum())
        if logged == 0:
            if factor not in DERIVED:
                notes.append(f"{factor} has no values in this period and is left out.")
            continue
        for lag in (0, 1):
            if only is not None and (factor, lag) not in only:
                continue
            x_all = table[factor].to_numpy(dtype="float64") if lag == 0 else _previous_day(table, factor)
            ok = ~(np.isnan(x_all) | np.isnan(y_all))
            x, y = x_all[ok], y_all[ok]
            n = int(ok.sum())
            when = "same day" if lag == 0 else "day before"
            if n < MIN_PAIRS:
                notes.append(
                    f"{factor} ({when}) has only {plural(n, 'complete day')}, fewer "
                    f"than {MIN_PAIRS}, and is left out."
                )
                continue
            if np.ptp(x) == 0 or np.ptp(y) == 0:
                which = factor if np.ptp(x) == 0 else outcome
                notes.append(
                    f"{factor} ({when}) is left out: {which} has the same value on every complete day."
                )
                continue
            rho = float(stats.spearmanr(x, y).statistic)
            detrended, n_eff = detrended_rank_correlation(x, y, table["date"][ok])
            p = dependence_p(detrended, n_eff)
            lo, hi = spearman_ci(detrended, n_eff)
            row = {
                "factor": factor,
                "lag": lag,
                "n": n,
                "rho": rho,
                "p": p,
                "q": math.nan,
                "ci_low": lo,
                "ci_high": hi,
                "derived": factor in DERIVED,
                "rho_detrended": detrended,
                "n_eff": n_eff,
            }
            if outcome == "episodes":
                row.update(_rate_ratio(x, y, n / n_eff))
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(FACTOR_COLUMNS))
    if frame.empty:
        return empty_factors(), notes
    ratio = frame["n"].to_numpy(dtype="float64") / frame["n_eff"].to_numpy(dtype="float64")
    alike = frame[ratio >= DEPENDENT_DAYS_RATIO]
    if len(alike):
        # The serial dependence changes these numbers too, not only the model's: say so.
        names = sorted(
            {
                f"{f} ({'day before' if lag else 'same day'})"
                for f, lag in zip(alike["factor"], alike["lag"], strict=True)
            }
        )
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        notes.append(
            f"Days in this log are much like the days around them for {shown}: those "
            "comparisons count their days as fewer independent ones, and their intervals "
            "are wider for it."
        )
    p_all = frame["p"].to_numpy(dtype="float64")
    q = np.full(len(p_all), math.nan)
    finite = np.isfinite(p_all)
    if finite.any():
        q[finite] = stats.false_discovery_control(p_all[finite], method="bh")
    frame["q"] = q
    frame = frame.sort_values(["q", "factor", "lag"], kind="stable").reset_index(drop=True)
    return _factor_dtypes(frame), notes


def empty_factors() -> pd.DataFrame:
    """A :func:`factor_table` without rows (its columns and dtypes)."""
    return _factor_dtypes(pd.DataFrame({c: [] for c in FACTOR_COLUMNS}))


def _factor_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype({c: "float64" for c in FACTOR_COLUMNS if c not in ("factor", "lag", "n", "derived")})
    return out.astype({"factor": "object", "lag": "int64", "n": "int64", "derived": "bool"})


def factor_table(table: pd.DataFrame, *, outcome: str = "episodes") -> pd.DataFrame:
    """One factor at a time: one row per (factor, lag), lag 0 (same day) and 1 (day before).

    Lag 1 pairs each date's outcome with the factor on the previous
    *calendar* date, missing when that date was not logged (not simply the
    previous row). Pairs with a missing value are dropped per factor and
    ``n`` says how many remained; factors with fewer than :data:`~crampwise.stats.thresholds.MIN_PAIRS`
    pairs or without variance are omitted (:func:`~crampwise.stats.analysis.analyze`
    lists them in its warnings). ``rho`` is the plain ``scipy.stats.spearmanr``
    rho. ``p``, ``ci_low``/``ci_high`` (and so ``q``) allow for the time trend,
    the week and serial dependence: they belong to ``rho_detrended`` (see
    :func:`detrended_rank_correlation`), with ``p`` from the t distribution on
    ``n_eff - 2`` df (:func:`dependence_p`) and the CI from :func:`spearman_ci`
    with ``n_eff`` (Fisher z, Bonett-Wright SE, 95%); ``q`` is
    Benjamini-Hochberg (``scipy.stats.false_discovery_control``) over every
    row returned. For ``outcome="episodes"`` the rate columns compare
    episodes per day on the high third of days with the low third (see
    :func:`_rate_ratio`); for other outcomes they are NaN because those are
    not counts. Sorted by q, then factor, then lag.
    """
    return factor_rows(table, outcome)[0]


__all__ = [
    "FACTOR_COLUMNS",
    "dependence_p",
    "detrended_rank_correlation",
    "empty_factors",
    "factor_rows",
    "factor_table",
    "spearman_ci",
]
