"""All factors together: daily episodes regressed on every logged factor at once.

Why it exists: one factor at a time cannot tell "water helps" from "water rises
on hot, active days"; :func:`fit_model` puts every logged factor into one
count regression (Poisson or negative binomial, with HAC standard errors) so
each factor's rate ratio is "with the others held the same". Statistics come
from statsmodels. Warnings mention counts and column names only.
"""

from __future__ import annotations

import math
import warnings as _warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import patsy
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationWarning,
    ValueWarning,
)

from crampwise.errors import AnalysisInputError
from crampwise.stats.daily import DERIVED, table_factors
from crampwise.stats.notes import plural
from crampwise.stats.thresholds import (
    ALPHA,
    MIN_DAYS,
    MIN_EPISODES,
    MIN_HAC_LAGS,
    MODEL_DAYS_PER_FACTOR,
    MODEL_EPISODES_PER_FACTOR,
    MODEL_MAX_MISSING,
    SEASON_DAYS,
    SEASON_HARMONICS,
    SERIAL_LAG,
    TIME_DAYS_PER_DF,
    TIME_MAX_DF,
    TIME_SPLINE_MIN_SPAN,
)

#: Model column marking exercise days (an adjustment term, never reported): with it
#: the ``warmup`` term compares warming up with not warming up on exercise days.
EXERCISED = "_exercised"
#: Logged factors whose effect a season can mimic (the under-a-year note names heat).
WEATHER: tuple[str, ...] = ("temp_c", "humidity_pct")
#: The library warnings a fit may raise; caught, never printed (notes say what matters).
_FIT_WARNINGS: tuple[type[Warning], ...] = (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationWarning,
    ValueWarning,
    RuntimeWarning,
)

#: Columns of :attr:`Model.terms`.
TERM_COLUMNS: tuple[str, ...] = ("factor", "irr", "ci_low", "ci_high", "p", "coef", "se", "sd")


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
    #: HAC lags: max(7, floor(4 (n/100)^(2/9))), the Newey-West (1994) plug-in, at least a week.
    hac_lags: int = 0
    #: Logged factors left out (missing too often, no variance, or redundant).
    dropped: tuple[str, ...] = ()
    dispersion_test: str = "Cameron-Trivedi auxiliary regression (NB2), one-sided"
    #: Degrees of freedom of the smooth time trend adjusted for (1 = a straight line; yearly
    #: waves included for a log longer than the spline's cap).
    time_df: int = 0
    #: The weekly rhythm adjusted for: "day of week" (six indicators), "weekend" (one).
    weekday: str = ""
    #: Calendar days from the first to the last complete day.
    span_days: int = 0
    #: Adjustment coefficients (time trend, weekday, exercise day); not in ``terms``.
    adjustments: int = 0


def model_data(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Complete days of episodes + usable logged factors; returns (data, factors, notes)."""
    notes: list[str] = []
    logged = [c for c in table_factors(table) if c not in DERIVED]
    data = table.loc[table["episodes"].notna(), ["date", "episodes", *logged]].copy()
    if "warmup" in data and "exercise_min" in data:
        # Warm-up is only asked on exercise days: a rest day counts 0 (no warm-up) and the
        # exercise-day indicator, always beside warmup, takes the rest days' own level, so
        # the warmup term compares warming up with not warming up on exercise days.
        rest = data["exercise_min"] == 0
        data["warmup"] = data["warmup"].mask(rest, 0.0)
        data[EXERCISED] = (data["exercise_min"] > 0).astype("float64").mask(data["exercise_min"].isna())
    days = len(data)
    keep: list[str] = []
    for col in logged:
        missing = int(data[col].isna().sum())
        if days and missing > MODEL_MAX_MISSING * days:
            notes.append(
                f"{col} is missing on {missing} of {days} days and is left out of the combined model."
            )
        else:
            keep.append(col)
    if "warmup" in keep and "exercise_min" not in keep:
        keep.remove("warmup")
        notes.append(
            "warmup needs exercise_min to tell rest days apart and is left out of the combined model."
        )
    data = data.dropna(subset=keep)
    base = [EXERCISED] if "warmup" in keep else []
    factors: list[str] = []
    varying = []
    for col in keep:
        if data[col].nunique() < 2:
            notes.append(
                f"{col} has the same value on every complete day and is left out of the combined model."
            )
        else:
            varying.append(col)
    whole = np.column_stack([np.ones(len(data)), data[[*base, *varying]].to_numpy(dtype="float64")])
    full_rank = np.linalg.matrix_rank(whole) == whole.shape[1]  # usual: no column-by-column check
    for col in varying:
        trial = np.column_stack([np.ones(len(data)), data[[*base, *factors, col]].to_numpy(dtype="float64")])
        if not full_rank and np.linalg.matrix_rank(trial) < trial.shape[1]:
            notes.append(
                f"{col} is fully determined by the other factors and is left out of the combined model."
            )
            continue
        factors.append(col)
    return data.reset_index(drop=True), factors, notes


def _required(k: int) -> tuple[int, int]:
    """(complete days, episodes) a model with ``k`` coefficients besides the intercept needs."""
    return (max(MIN_DAYS, MODEL_DAYS_PER_FACTOR * k), max(MIN_EPISODES, MODEL_EPISODES_PER_FACTOR * k))


def _hac_lags(n: int) -> int:
    """max(a week, the Newey-West (1994) plug-in floor(4 (n/100)^(2/9)))."""
    return max(MIN_HAC_LAGS, int(math.floor(4 * (n / 100) ** (2 / 9))))


def time_df(span_days: int) -> int:
    """Degrees of freedom of the time trend's spline for a log spanning ``span_days`` calendar days.

    One per :data:`~crampwise.stats.thresholds.TIME_DAYS_PER_DF` days (rounded), at least
    2 from :data:`~crampwise.stats.thresholds.TIME_SPLINE_MIN_SPAN` days, else 1 (a line),
    and at most :data:`~crampwise.stats.thresholds.TIME_MAX_DF`.
    """
    if span_days < TIME_SPLINE_MIN_SPAN:
        return 1
    return min(TIME_MAX_DF, max(2, round(span_days / TIME_DAYS_PER_DF)))


def season_waves(span_days: int) -> int:
    """Yearly sine/cosine pairs the trend adds: :data:`~crampwise.stats.thresholds.SEASON_HARMONICS`
    once the spline is capped (the log is longer than ``TIME_MAX_DF * TIME_DAYS_PER_DF`` days), else 0.
    """
    return SEASON_HARMONICS if span_days > TIME_MAX_DF * TIME_DAYS_PER_DF else 0


def time_design(dates: pd.Series, weekday: str = "day of week") -> pd.DataFrame:
    """Adjustment columns for ``dates``: a smooth time trend and the weekly rhythm.

    The trend is a natural cubic regression spline of the day number (patsy
    ``cr``, centred, :func:`time_df` degrees of freedom), or the standardised day
    number for a log under 8 weeks; a log longer than the spline's cap adds
    :func:`season_waves` yearly sine/cosine pairs, so each year's season stays
    allowed for. ``weekday`` "day of week" adds an indicator per weekday but the
    first one seen, "weekend" one Saturday-or-Sunday indicator, "none" nothing.
    Columns without variation are left out.
    """
    when = pd.to_datetime(pd.Series(dates).reset_index(drop=True))
    day = (when - when.min()).dt.days.to_numpy(dtype="float64")
    span = int(day.max()) + 1 if len(day) else 0
    df = time_df(span)
    if df == 1 or len(np.unique(day)) <= df + 2:
        sd = day.std() or 1.0
        trend = pd.DataFrame({"_time_1": (day - day.mean()) / sd})
    else:
        # patsy's cr transform called directly: the same basis as the formula
        # "cr(x, df=..., constraints='center') - 1", without parsing a formula each time.
        basis = np.asarray(patsy.cr(day, df=df, constraints="center"))
        basis = (basis - basis.mean(axis=0)) / basis.std(axis=0)
        trend = pd.DataFrame(basis, columns=[f"_time_{i + 1}" for i in range(basis.shape[1])])
    waves = season_waves(span)
    if waves:
        angle = 2 * np.pi * when.dt.day_of_year.to_numpy(dtype="float64") / 365.25
        for k in range(1, waves + 1):
            trend[f"_season_sin_{k}"] = np.sin(k * angle)
            trend[f"_season_cos_{k}"] = np.cos(k * angle)
    dow = when.dt.day_of_week.to_numpy()
    if weekday == "day of week":
        seen = sorted(set(dow.tolist()))
        week = pd.DataFrame({f"_weekday_{d}": (dow == d).astype("float64") for d in seen[1:]})
    elif weekday == "weekend":
        week = pd.DataFrame({"_weekend": (dow >= 5).astype("float64")})
    else:
        week = pd.DataFrame(index=trend.index)
    out = pd.concat([trend, week], axis=1)
    return out.loc[:, out.nunique() > 1]


#: What :func:`model_data` returns: (complete days, factors, notes).
Prepared = tuple[pd.DataFrame, list[str], list[str]]


def fit_model_and_notes(
    table: pd.DataFrame, *, prepared: Prepared | None = None
) -> tuple[Model | None, list[str]]:
    """:func:`fit_model` plus warnings saying why a factor or the model was left out.

    ``prepared`` is :func:`model_data` of the same ``table`` when the caller already has it
    (the analysis prepares it once for the model, the overlap check and the contrasts).
    """
    if "episodes" not in table.columns or "date" not in table.columns:
        raise AnalysisInputError("fit_model needs a daily_table with 'date' and 'episodes'.")
    data, factors, notes = prepared if prepared is not None else model_data(table)
    factors, notes = list(factors), list(notes)
    dropped = tuple(c for c in table_factors(table) if c not in DERIVED and c not in factors)
    n, k = len(data), len(factors)
    total = int(data["episodes"].sum()) if n else 0
    if k == 0:
        notes.append("No logged factor can go into the combined model.")
        return None, notes
    if n and data["episodes"].nunique() < 2:
        notes.append(
            f"Every one of the {n} complete days has the same number of episodes, so the "
            "combined model has nothing to explain and is not shown."
        )
        return None, notes
    base = [EXERCISED] if "warmup" in factors else []
    # The weekly rhythm: each weekday when the log is big enough, else weekends only.
    for weekday in ("day of week", "weekend"):
        adjust = pd.concat([data[base].astype("float64"), time_design(data["date"], weekday)], axis=1)
        need_days, need_episodes = _required(k + adjust.shape[1])
        if n >= need_days and total >= need_episodes:
            break
    else:
        notes.append(
            f"The combined model of {plural(k, 'factor')}, with {adjust.shape[1]} more terms for "
            f"the time trend and the week, needs at least {need_days} complete days and "
            f"{need_episodes} episodes; there are {n} and {total}."
        )
        return None, notes
    if weekday == "weekend":
        notes.append(
            f"With {n} complete days and {total} episodes the combined model allows for "
            "weekends against weekdays, not for each day of the week."
        )
    span = int((data["date"].max() - data["date"].min()).days) + 1
    n_time = sum(c.startswith(("_time_", "_season_")) for c in adjust.columns)

    y = data["episodes"].to_numpy(dtype="float64")
    raw = data[factors].to_numpy(dtype="float64")
    centre, scale = raw.mean(axis=0), raw.std(axis=0, ddof=1)
    exog = sm.add_constant(
        np.column_stack([(raw - centre) / scale, adjust.to_numpy(dtype="float64")]), has_constant="add"
    )  # factors standardised (stable fits) and first, then the adjustment terms
    lags = _hac_lags(n)
    hac = {"maxlags": lags, "use_correction": True}
    with _warnings.catch_warnings(), np.errstate(all="ignore"):
        for category in _FIT_WARNINGS:
            _warnings.simplefilter("ignore", category)
        # One Poisson fit (Newton: the same estimates and HAC errors as the GLM's IRLS, several
        # times faster on long logs) serves the dispersion check and, if kept, the answer.
        poisson = sm.Poisson(y, exog, check_rank=False).fit(
            disp=0, method="newton", maxiter=100, cov_type="HAC", cov_kwds=hac
        )
        mu0 = poisson.predict(exog)
        dispersion = float(np.sum((y - mu0) ** 2 / mu0) / poisson.df_resid)
        ct = poisson.get_diagnostic().test_dispersion().summary_frame()
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
                notes.append(
                    "The negative binomial model did not converge; the Poisson model "
                    "is shown, with HAC standard errors."
                )
        if fit is None:
            fit = poisson
        mu = fit.predict(exog)
        ok = bool(np.all(np.isfinite(fit.params)) and np.all(np.isfinite(fit.bse)))
        serial_p = None
        if ok:
            var = mu + (alpha or 0.0) * mu**2
            pearson = (y - mu) / np.sqrt(var)
            if n > 2 * SERIAL_LAG:
                lb = acorr_ljungbox(pearson, lags=[SERIAL_LAG], return_df=True)
                serial_p = float(lb["lb_pvalue"].iloc[0])
    if not ok:
        notes.append(
            "The combined model could not be estimated (a factor separates days with and "
            "without episodes perfectly)."
        )
        return None, notes

    params = np.asarray(fit.params, dtype="float64")[1 : k + 1]
    bse = np.asarray(fit.bse, dtype="float64")[1 : k + 1]
    ci = np.asarray(fit.conf_int(alpha=ALPHA), dtype="float64")[1 : k + 1]
    pvalues = np.asarray(fit.pvalues, dtype="float64")[1 : k + 1]
    coef = params / scale
    terms = pd.DataFrame(
        {
            "factor": factors,
            "irr": np.exp(coef),
            "ci_low": np.exp(ci[:, 0] / scale),
            "ci_high": np.exp(ci[:, 1] / scale),
            "p": pvalues,
            "coef": coef,
            "se": bse / scale,
            "sd": scale,
        },
        columns=list(TERM_COLUMNS),
    )
    model = Model(
        method=method,
        dispersion=dispersion,
        dispersion_p=float(dispersion_p),
        covariance=f"HAC (Newey-West, {plural(lags, 'lag')})",
        serial_p=serial_p,
        n=n,
        terms=terms,
        episodes=total,
        alpha=alpha,
        hac_lags=lags,
        dropped=dropped,
        time_df=n_time,
        weekday=weekday,
        span_days=span,
        adjustments=int(adjust.shape[1]),
    )
    if serial_p is not None and serial_p < ALPHA:
        notes.append(
            "The model's residuals are still correlated from day to day; its intervals may be too narrow."
        )
    if span < SEASON_DAYS and any(f in factors for f in WEATHER):
        notes.append(
            "With less than a year of data, part of a heat effect cannot be told apart from the season."
        )
    return model, notes


def fit_model(table: pd.DataFrame) -> Model | None:
    """Count regression of daily episodes on all logged numeric factors together.

    Why: one factor at a time cannot tell "water helps" from "water rises on
    hot, active days". Derived factors are left out (they re-use the logged
    ones). ``warmup`` is only asked on exercise days: it is 0 on rest days and
    an exercise-day indicator sits beside it, so its rate ratio compares
    warming up with not warming up on exercise days. A factor missing on more
    than 20% of days, without variance, or fully determined by the others is
    dropped; the rest are used on complete days. Adjustment terms, never in
    ``terms``: a smooth time trend and the weekly rhythm (:func:`time_design`).

    Returns None unless there are at least ``max(MIN_DAYS, 10 p)`` complete
    days and ``max(MIN_EPISODES, 5 p)`` episodes for ``p`` terms (factors and
    adjustment terms; each day of the week first, else weekends only), or when
    every day has the same count. Poisson regression first (statsmodels
    ``Poisson``, Newton; the same fit as a Poisson GLM); the one-sided
    Cameron-Trivedi test (see :class:`Model`) picks negative binomial when
    p < 0.05. Standard errors are HAC (Newey-West) with max(7, floor(4
    (n/100)^(2/9))) lags, treating complete days as consecutive (a few
    unlogged days barely matter); for the negative binomial the sandwich's
    bread is statsmodels' observed information. Factors are standardised for
    fitting and reported per one unit.
    """
    return fit_model_and_notes(table)[0]


__all__ = ["TERM_COLUMNS", "Model", "Prepared", "fit_model", "fit_model_and_notes", "model_data"]
