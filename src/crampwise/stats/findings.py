"""One definition of a finding: which links between a factor and cramps a person is told about.

A *finding* is any statement that a factor goes with more or fewer episodes:
a factor row marked clear, a factor named in the combined model's sentence or
highlighted in its plot, a contrast box, a takeaway. Every finding of one
analysis passes one test, here, so that in logs where nothing matters almost
none appear:

1. **One family.** The one-at-a-time rows (each factor on the same day and on
   the day before) and the combined model's terms are shown together, so their
   p-values are corrected together: Benjamini-Hochberg over the whole family
   (statsmodels ``multipletests``, ``fdr_bh``). The factor table's ``q`` and the
   model's ``q`` are these family-wide values.
2. **The adjusted view decides.** An association on its own (same day or the
   day before) that the combined model does not support for the same factor
   (its term is not a finding, or points the other way) is *described*
   (:class:`Unsupported`), never claimed: water rises on hot, active days, so
   on its own it can look linked to cramps.
3. **Not one day.** A candidate that no longer passes when the single day
   with the most episodes is left out is reported as driven by that day
   (:class:`OneDay`), not as a finding.
4. **Not two factors that move as one.** When two model factors overlap
   strongly (Spearman |r| of :data:`OVERLAP_R` or more), the model cannot tell
   their separate effects apart: a model finding on either is reported as the
   pair (:class:`Overlap`).

Numbers only: the sentences are in :mod:`crampwise.words`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from crampwise.stats.factors import factor_rows
from crampwise.stats.model import Model, Prepared, fit_model_and_notes, model_data
from crampwise.stats.thresholds import ALPHA

#: Two factors whose rank correlation over the model's days is at least this large (in
#: absolute value) are treated as one: with |r| of 0.8, four-fifths of the ranks move
#: together and a count model trades one's estimate against the other's.
OVERLAP_R: float = 0.8

#: A model factor that moves with another at least this much (|Spearman r|) is named as
#: one the adjusted view weighed it against ("accounting for heat and exercise").
RELATED_R: float = 0.2

#: Same-day factors the model does not fit itself, judged by the model term they are made
#: from (and the sign that maps one onto the other): the heat index is mostly temperature,
#: exercise load and hot exercise are exercise minutes, and "no warm-up" is warm-up turned
#: around. A derived factor is never a finding the model would not support.
JUDGED_BY: dict[str, tuple[tuple[str, int], ...]] = {
    "heat_index_c": (("temp_c", 1),),
    "exercise_load": (("exercise_min", 1),),
    "hot_exercise_min": (("exercise_min", 1),),
    "no_warmup": (("warmup", -1),),
    "warmup": (("no_warmup", -1),),
}

#: Columns of :attr:`Findings.frame` (and of the JSON ``findings`` list).
FINDING_COLUMNS: tuple[str, ...] = (
    "factor",
    "lag",
    "direction",
    "view",
    "estimate",
    "ci_low",
    "ci_high",
    "q",
)


@dataclass(frozen=True)
class Finding:
    """A link a person is told about.

    ``view`` is "adjusted" (the combined model: ``estimate`` is the rate ratio
    per one unit, with its 95% CI) or "alone" (one factor at a time:
    ``estimate`` is Spearman's rho, with its 95% CI). ``q`` is family-wide.
    """

    factor: str
    lag: int
    direction: str
    view: str
    estimate: float
    ci_low: float
    ci_high: float
    q: float


@dataclass(frozen=True)
class Unsupported:
    """An association on its own (same day or the day before) that the combined model
    does not support for the same factor."""

    factor: str
    direction: str
    rho: float
    q: float
    #: The model's rate ratio per unit for the factor and its family-wide q.
    adjusted_irr: float
    adjusted_q: float
    #: 0 for the same day, 1 for the day before.
    lag: int = 0
    #: The model factors that move most with it (what the adjusted view weighed it against).
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class OneDay:
    """A candidate that vanishes when the single day with the most episodes is left out."""

    factor: str
    lag: int
    view: str
    day: date
    episodes: int


@dataclass(frozen=True)
class Overlap:
    """Two model factors that move together too closely for their effects to be told apart."""

    first: str
    second: str
    r: float
    #: Whether the model would have named one of the two as a finding.
    hidden_finding: bool


@dataclass(frozen=True)
class Findings:
    """What :func:`assess` decided for one analysis."""

    findings: tuple[Finding, ...] = ()
    unsupported: tuple[Unsupported, ...] = ()
    one_day: tuple[OneDay, ...] = ()
    overlaps: tuple[Overlap, ...] = ()

    @property
    def frame(self) -> pd.DataFrame:
        """The findings as a table with :data:`FINDING_COLUMNS`."""
        rows = [{c: getattr(f, c) for c in FINDING_COLUMNS} for f in self.findings]
        return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))

    def has(self, factor: str, lag: int | None = None, view: str | None = None) -> bool:
        """Whether ``factor`` (at ``lag``, in ``view``; None = any) is a finding."""
        return any(
            f.factor == factor and (lag is None or f.lag == lag) and (view is None or f.view == view)
            for f in self.findings
        )


def _family_q(factors: pd.DataFrame, terms: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini-Hochberg q over the factor rows and the model terms together (NaN where no p)."""
    row_p = (
        pd.to_numeric(factors["p"], errors="coerce").to_numpy(dtype="float64")
        if len(factors)
        else np.array([])
    )
    term_p = (
        pd.to_numeric(terms["p"], errors="coerce").to_numpy(dtype="float64")
        if terms is not None and len(terms)
        else np.array([])
    )
    every = np.concatenate([row_p, term_p])
    q = np.full(every.shape, np.nan)
    ok = np.isfinite(every)
    if ok.any():
        q[ok] = multipletests(every[ok], alpha=ALPHA, method="fdr_bh")[1]
    return q[: len(row_p)], q[len(row_p) :]


def _passes_with(all_p: np.ndarray, index: int, p_new: float) -> bool:
    """Whether item ``index`` still passes the family correction with its p replaced."""
    if not math.isfinite(p_new):
        return False
    p = all_p.copy()
    p[index] = p_new
    ok = np.isfinite(p)
    q = np.full(p.shape, np.nan)
    q[ok] = multipletests(p[ok], alpha=ALPHA, method="fdr_bh")[1]
    return bool(q[index] < ALPHA)


def _rho(row: pd.Series) -> float:
    """The rank correlation a row's p and CI belong to (trend-adjusted when there is one)."""
    value = row.get("rho_detrended", row["rho"])
    return float(value) if pd.notna(value) else float(row["rho"])


def _direction(value: float, neutral: float) -> str:
    return "more" if value > neutral else "fewer"


def _correlations(table: pd.DataFrame, model: Model | None, prepared: Prepared | None) -> pd.DataFrame:
    """Spearman r between the model's factors on its days (one spearmanr call ranks each once)."""
    if model is None or model.terms.empty:
        return pd.DataFrame()
    data, used, _ = prepared if prepared is not None else model_data(table)
    used = [f for f in used if f in set(model.terms["factor"])]
    used = [f for f in used if np.ptp(data[f].to_numpy(dtype="float64")) > 0]
    if len(used) < 2:
        return pd.DataFrame()
    r_all = np.atleast_2d(stats.spearmanr(data[used].to_numpy(dtype="float64")).statistic)
    return pd.DataFrame(r_all, index=used, columns=used)


def _overlaps(corr: pd.DataFrame) -> list[tuple[str, str, float]]:
    used = list(corr.columns)
    pairs = []
    for i, a in enumerate(used):
        for j in range(i + 1, len(used)):
            r = float(corr.iloc[i, j])
            if math.isfinite(r) and abs(r) >= OVERLAP_R:
                pairs.append((a, used[j], r))
    return pairs


def _related(corr: pd.DataFrame, factor: str) -> tuple[str, ...]:
    """The (at most two) model factors that move most with ``factor`` (|r| of RELATED_R or more)."""
    if factor not in corr.columns:
        return ()
    others = corr[factor].drop(factor).abs().sort_values(ascending=False)
    return tuple(str(f) for f in others[others >= RELATED_R].index[:2])


def assess(
    table: pd.DataFrame, factors: pd.DataFrame, model: Model | None, *, prepared: Prepared | None = None
) -> tuple[pd.DataFrame, Model | None, Findings]:
    """Family-wide q for every row and term, and the findings (see the module docstring).

    Returns the factor table and the model with ``q`` replaced (rows) or added
    (terms) by the family-wide values and a boolean ``finding`` column on
    both, and the :class:`Findings`.
    """
    factors = factors.copy()
    terms = model.terms.copy() if model is not None else None
    row_q, term_q = _family_q(factors, terms)
    if len(factors):
        factors["q"] = row_q
    factors["finding"] = False
    if terms is not None:
        terms["q"] = term_q
        terms["finding"] = False

    all_p = np.concatenate(
        [
            pd.to_numeric(factors["p"], errors="coerce").to_numpy(dtype="float64")
            if len(factors)
            else np.array([]),
            pd.to_numeric(terms["p"], errors="coerce").to_numpy(dtype="float64")
            if terms is not None
            else np.array([]),
        ]
    )

    # Candidates: everything the family correction let through.
    adjusted = []
    if terms is not None:
        adjusted = [i for i in range(len(terms)) if np.isfinite(term_q[i]) and term_q[i] < ALPHA]
    alone = [i for i in range(len(factors)) if np.isfinite(row_q[i]) and row_q[i] < ALPHA]

    one_day: list[OneDay] = []
    if adjusted or alone:
        one_day, adjusted, alone = _check_one_day(table, factors, terms, adjusted, alone, all_p)

    overlaps: list[Overlap] = []
    hidden: set[str] = set()
    corr = _correlations(table, model, prepared)
    for a, b, r in _overlaps(corr):
        named = terms is not None and any(str(terms.iloc[i]["factor"]) in (a, b) for i in adjusted)
        overlaps.append(Overlap(a, b, r, bool(named)))
        if named:
            hidden |= {a, b}

    found: list[Finding] = []
    model_says: dict[str, tuple[float, float, bool]] = {}
    if terms is not None:
        for i in range(len(terms)):
            t = terms.iloc[i]
            model_says[str(t["factor"])] = (float(t["irr"]), float(term_q[i]), i in adjusted)
        for i in adjusted:
            t = terms.iloc[i]
            if str(t["factor"]) in hidden:
                continue
            terms.iloc[i, terms.columns.get_loc("finding")] = True
            found.append(
                Finding(
                    str(t["factor"]),
                    0,
                    _direction(float(t["irr"]), 1.0),
                    "adjusted",
                    float(t["irr"]),
                    float(t["ci_low"]),
                    float(t["ci_high"]),
                    float(term_q[i]),
                )
            )
    unsupported: list[Unsupported] = []
    for i in alone:
        row = factors.iloc[i]
        # The direction and interval of a row belong to its trend-adjusted rank correlation.
        factor, lag, rho = str(row["factor"]), int(row["lag"]), _rho(row)
        judge = (
            [(factor, 1)]
            if factor in model_says
            else [(base, sign) for base, sign in JUDGED_BY.get(factor, ()) if base in model_says]
        )
        if judge:  # the day before too: the model is the only view that adjusts
            base, sign = judge[0]
            irr, q_adj, adj_found = model_says[base]
            agrees = _direction(irr**sign, 1.0) == _direction(rho, 0.0)
            if not (adj_found and base not in hidden and agrees):
                unsupported.append(
                    Unsupported(
                        factor,
                        _direction(rho, 0.0),
                        rho,
                        float(row_q[i]),
                        irr,
                        q_adj,
                        lag,
                        _related(corr, base),
                    )
                )
                continue
        factors.iloc[i, factors.columns.get_loc("finding")] = True
        found.append(
            Finding(
                factor,
                lag,
                _direction(rho, 0.0),
                "alone",
                rho,
                float(row["ci_low"]),
                float(row["ci_high"]),
                float(row_q[i]),
            )
        )
    model = replace(model, terms=terms) if model is not None and terms is not None else model
    return factors, model, Findings(tuple(found), tuple(unsupported), tuple(one_day), tuple(overlaps))


def _check_one_day(
    table: pd.DataFrame,
    factors: pd.DataFrame,
    terms: pd.DataFrame | None,
    adjusted: list[int],
    alone: list[int],
    all_p: np.ndarray,
) -> tuple[list[OneDay], list[int], list[int]]:
    """Drop the day with the most episodes and keep only the candidates that still pass."""
    counts = pd.to_numeric(table["episodes"], errors="coerce")
    if counts.notna().sum() == 0:
        return [], adjusted, alone
    worst = int(counts.to_numpy(dtype="float64").argmax())
    day = pd.Timestamp(table["date"].iloc[worst]).date()
    n_worst = int(counts.iloc[worst])
    rest = table.drop(index=table.index[worst]).reset_index(drop=True)
    driven: list[OneDay] = []

    kept_alone = alone
    if alone:
        wanted = {(str(factors.iloc[i]["factor"]), int(factors.iloc[i]["lag"])) for i in alone}
        again, _ = factor_rows(rest, "episodes", only=wanted)
        keyed = again.set_index(["factor", "lag"])
        kept_alone = []
        for i in alone:
            row = factors.iloc[i]
            key = (row["factor"], int(row["lag"]))
            p_new = float(keyed.loc[key, "p"]) if key in keyed.index else math.nan
            rho_new = _rho(keyed.loc[key]) if key in keyed.index else math.nan
            same_way = math.isfinite(rho_new) and np.sign(rho_new) == np.sign(_rho(row))
            if same_way and _passes_with(all_p, i, p_new):
                kept_alone.append(i)
            else:
                driven.append(OneDay(str(row["factor"]), int(row["lag"]), "alone", day, n_worst))

    kept_adjusted = adjusted
    if adjusted and terms is not None:
        refit, _ = fit_model_and_notes(rest)
        by_factor = refit.terms.set_index("factor") if refit is not None else None
        kept_adjusted = []
        for i in adjusted:
            t = terms.iloc[i]
            factor = str(t["factor"])
            ok = False
            if by_factor is not None and factor in by_factor.index:
                p_new, irr_new = float(by_factor.loc[factor, "p"]), float(by_factor.loc[factor, "irr"])
                ok = _direction(irr_new, 1.0) == _direction(float(t["irr"]), 1.0) and _passes_with(
                    all_p, len(factors) + i, p_new
                )
            if ok:
                kept_adjusted.append(i)
            else:
                driven.append(OneDay(factor, 0, "adjusted", day, n_worst))
    return driven, kept_adjusted, kept_alone


__all__ = [
    "FINDING_COLUMNS",
    "OVERLAP_R",
    "RELATED_R",
    "Finding",
    "Findings",
    "OneDay",
    "Overlap",
    "Unsupported",
    "assess",
]
