"""Where the adjusted model and the one-at-a-time look disagree, as numbers.

A factor whose combined-model rate ratio tells a different story from its
same-day Spearman rho is listed with both numbers and the factors the model
accounted for; :mod:`crampwise.words.contrasts` turns each into a sentence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from crampwise.stats.model import Model, Prepared, model_data
from crampwise.stats.thresholds import ALPHA


@dataclass(frozen=True)
class Contrast:
    """A factor whose adjusted effect disagrees with its one-at-a-time look.

    "Disagrees" means the direction differs while at least one of the two is
    clear, or one is clear and the other is not. Clear means its 95% interval
    excludes "no link" (rho's CI excludes 0; the model's IRR CI excludes 1).
    """

    factor: str
    #: Same-day Spearman rho (one at a time) and whether its 95% CI excludes 0.
    rho: float
    rho_clear: bool
    #: The model's rate ratio per one unit (canonical units) and its 95% CI.
    irr: float
    ci_low: float
    ci_high: float
    #: The factor's standard deviation (canonical units), for the step it is stated per.
    sd: float = math.nan
    #: The other model factors that move with this one (Spearman |rho| of at least 0.2 on
    #: the model's days; at most two, the most related first); empty when none does.
    accounted: tuple[str, ...] = ()
    #: Whether the model's view is a finding (:mod:`crampwise.stats.findings`); None: judge
    #: by the interval alone (a Contrast made without the family-wide test).
    adjusted_clear: bool | None = None


def find_contrasts(
    table: pd.DataFrame, factors: pd.DataFrame, model: Model | None, *, prepared: Prepared | None = None
) -> list[Contrast]:
    """Factors where the adjusted and one-at-a-time views disagree, in the model's order.

    ``table`` is the :func:`~crampwise.stats.daily.daily_table`, ``factors`` its
    :func:`~crampwise.stats.factors.factor_table` (lag 0 rows are used) and ``model`` the
    :func:`~crampwise.stats.model.fit_model` result (no contrasts without one).
    """
    if model is None or factors.empty or model.terms.empty:
        return []
    lag0 = factors[factors["lag"] == 0].set_index("factor")
    data, used, _ = prepared if prepared is not None else model_data(table)
    used = [f for f in used if f in set(model.terms["factor"])]
    matrix = np.atleast_2d(
        stats.spearmanr(data[used].to_numpy(dtype="float64")).statistic if len(used) > 1 else 1.0
    )
    if matrix.shape != (len(used), len(used)):  # two factors: scipy returns one rho
        matrix = np.array([[1.0, matrix.item()], [matrix.item(), 1.0]])
    corr = pd.DataFrame(matrix, index=used, columns=used)
    out: list[Contrast] = []
    for term in model.terms.itertuples(index=False):
        if term.factor not in lag0.index:
            continue
        row = lag0.loc[term.factor]
        if "finding" in factors.columns and "finding" in model.terms.columns:
            # The family-wide decisions (crampwise.stats.findings): "clear on its own" is a q
            # that passed the family correction; the model's view is clear only as a finding.
            one_clear = bool(row["q"] < ALPHA)
            adj_clear = bool(term.finding)
        else:
            one_clear = row["ci_low"] > 0 or row["ci_high"] < 0
            adj_clear = term.ci_low > 1 or term.ci_high < 1
        # The CI belongs to the trend-adjusted rank correlation, so its sign is the direction.
        one_sign = np.sign(row.get("rho_detrended", row["rho"]))
        adj_sign = np.sign(math.log(term.irr)) if term.irr > 0 else -1.0
        if not (one_clear or adj_clear):
            continue
        if one_clear and adj_clear and one_sign == adj_sign:
            continue
        others = corr[term.factor].drop(term.factor).abs().sort_values(ascending=False)
        accounted = tuple(str(f) for f in others[others >= 0.2].index[:2])
        out.append(
            Contrast(
                factor=term.factor,
                rho=float(row["rho"]),
                rho_clear=bool(one_clear),
                irr=float(term.irr),
                ci_low=float(term.ci_low),
                ci_high=float(term.ci_high),
                sd=float(term.sd),
                accounted=accounted,
                adjusted_clear=bool(adj_clear),
            )
        )
    return out


__all__ = ["Contrast", "find_contrasts"]
