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
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    HessianInversionWarning,
    PerfectSeparationWarning,
)

from crampwise.errors import AnalysisInputError
from crampwise.stats.daily import DERIVED, table_factors
from crampwise.stats.notes import plural
from crampwise.stats.thresholds import (
    ALPHA,
    MIN_DAYS,
    MIN_EPISODES,
    MODEL_DAYS_PER_FACTOR,
    MODEL_EPISODES_PER_FACTOR,
    MODEL_MAX_MISSING,
    SERIAL_LAG,
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
    #: HAC lags: floor(4 (n/100)^(2/9)), the Newey-West (1994) plug-in rule.
    hac_lags: int = 0
    #: Logged factors left out (missing too often, no variance, or redundant).
    dropped: tuple[str, ...] = ()
    dispersion_test: str = "Cameron-Trivedi auxiliary regression (NB2), one-sided"


def model_data(table: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Complete days of episodes + usable logged factors; returns (data, factors, notes)."""
    notes: list[str] = []
    logged = [c for c in table_factors(table) if c not in DERIVED]
    data = table.loc[table["episodes"].notna(), ["date", "episodes", *logged]].copy()
    if "warmup" in data and "exercise_min" in data:
        # Warm-up is only asked on exercise days; a rest day has no un-warmed exercise.
        data["warmup"] = data["warmup"].mask(data["warmup"].isna() & (data["exercise_min"] == 0), 1.0)
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
    data = data.dropna(subset=keep)
    factors: list[str] = []
    for col in keep:
        if data[col].nunique() < 2:
            notes.append(
                f"{col} has the same value on every complete day and is left out of the combined model."
            )
            continue
        trial = np.column_stack([np.ones(len(data)), data[[*factors, col]].to_numpy(dtype="float64")])
        if np.linalg.matrix_rank(trial) < trial.shape[1]:
            notes.append(
                f"{col} is fully determined by the other factors and is left out of the combined model."
            )
            continue
        factors.append(col)
    return data.reset_index(drop=True), factors, notes


def _required(k: int) -> tuple[int, int]:
    """(complete days, episodes) a model with ``k`` factors needs."""
    return (max(MIN_DAYS, MODEL_DAYS_PER_FACTOR * k), max(MIN_EPISODES, MODEL_EPISODES_PER_FACTOR * k))


def _hac_lags(n: int) -> int:
    return max(1, int(math.floor(4 * (n / 100) ** (2 / 9))))


def fit_model_and_notes(table: pd.DataFrame) -> tuple[Model | None, list[str]]:
    """:func:`fit_model` plus warnings saying why a factor or the model was left out."""
    if "episodes" not in table.columns or "date" not in table.columns:
        raise AnalysisInputError("fit_model needs a daily_table with 'date' and 'episodes'.")
    data, factors, notes = model_data(table)
    dropped = tuple(c for c in table_factors(table) if c not in DERIVED and c not in factors)
    n, k = len(data), len(factors)
    need_days, need_episodes = _required(k)
    total = int(data["episodes"].sum()) if n else 0
    if k == 0:
        notes.append("No logged factor can go into the combined model.")
        return None, notes
    if n < need_days or total < need_episodes:
        notes.append(
            f"The combined model of {plural(k, 'factor')} needs at least {need_days} "
            f"complete days and {need_episodes} episodes; there are {n} and {total}."
        )
        return None, notes

    y = data["episodes"].to_numpy(dtype="float64")
    raw = data[factors].to_numpy(dtype="float64")
    centre, scale = raw.mean(axis=0), raw.std(axis=0, ddof=1)
    exog = sm.add_constant((raw - centre) / scale, has_constant="add")  # standardised: stable fits
    lags = _hac_lags(n)
    hac = {"maxlags": lags, "use_correction": True}
    with _warnings.catch_warnings():
        for category in (
            ConvergenceWarning,
            HessianInversionWarning,
            PerfectSeparationWarning,
            RuntimeWarning,
        ):
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
                notes.append(
                    "The negative binomial model did not converge; the Poisson model "
                    "is shown, with HAC standard errors."
                )
        if fit is None:
            fit = sm.GLM(y, exog, family=sm.families.Poisson()).fit(cov_type="HAC", cov_kwds=hac)
        mu = fit.predict(exog)
    if not (np.all(np.isfinite(fit.params)) and np.all(np.isfinite(fit.bse))):
        notes.append(
            "The combined model could not be estimated (a factor separates days with and "
            "without spasms perfectly)."
        )
        return None, notes
    var = mu + (alpha or 0.0) * mu**2
    pearson = (y - mu) / np.sqrt(var)
    serial_p = (
        float(acorr_ljungbox(pearson, lags=[SERIAL_LAG], return_df=True)["lb_pvalue"].iloc[0])
        if n > 2 * SERIAL_LAG
        else None
    )

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
    )
    if serial_p is not None and serial_p < ALPHA:
        notes.append(
            "The model's residuals are still correlated from day to day; its intervals may be too narrow."
        )
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
    return fit_model_and_notes(table)[0]


__all__ = ["TERM_COLUMNS", "Model", "fit_model", "fit_model_and_notes", "model_data"]
