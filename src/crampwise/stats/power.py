"""How many days of logging would usually reveal an effect of a given size.

Why it exists: "nothing stands out" is only half an answer. A person also
wants to know whether their log *could* have shown an effect, and how much
longer they would need to log for it to show. The combined model already
knows how precisely it measures each factor in this log (its standard error,
which includes the spread of the counts, the day-to-day dependence, the
overlap with other factors and the time trend); the precision grows with the
square root of the number of days, so the days needed for a chosen effect
follow from it (the usual Wald-test power calculation).

Numbers only; :mod:`crampwise.words.standout` says them in words.
"""

from __future__ import annotations

import math

from scipy import stats

from crampwise.stats.model import Model
from crampwise.stats.thresholds import ALPHA

#: The chance of seeing a real effect that "usually" means: 80%, the common choice.
POWER: float = 0.8
#: The example effect size: 30% more (or fewer) episodes a day per step of the factor.
EXAMPLE_RATIO: float = 1.3


def days_to_show(
    model: Model,
    factor: str,
    *,
    step: float = 1.0,
    ratio: float = EXAMPLE_RATIO,
    tests: int = 1,
    power: float = POWER,
) -> float | None:
    """Complete days after which an effect of ``ratio`` per ``step`` of ``factor`` would
    usually (with probability ``power``) pass the finding test.

    ``step`` is in the factor's canonical units (1 litre, 5 °C). ``tests`` is the
    number of p-values in the finding family: one real effect among them has to
    pass about ``ALPHA / tests`` (where Benjamini-Hochberg sets the bar for the
    smallest p), so that is the level used. The model's standard error for the
    factor, ``se`` per unit on ``n`` days, shrinks like ``1 / sqrt(days)``; the
    days needed are ``n * (se / se_needed) ** 2`` with
    ``se_needed = log(ratio) / step / (z(1 - level / 2) + z(power))``. None when
    the factor is not in the model or its standard error is not finite.

    >>> import pandas as pd
    >>> from crampwise.stats.model import Model
    >>> terms = pd.DataFrame({"factor": ["water_l"], "irr": [1.0], "ci_low": [0.8],
    ...     "ci_high": [1.25], "p": [0.9], "coef": [0.0], "se": [0.115], "sd": [0.5]})
    >>> m = Model("poisson", 1.0, 0.5, "HAC", None, 180, terms, 90)
    >>> round(days_to_show(m, "water_l"))
    271
    """
    if ratio <= 0 or ratio == 1 or step <= 0 or not 0 < power < 1:
        raise ValueError("ratio must be positive and not 1, step positive, power between 0 and 1.")
    rows = model.terms[model.terms["factor"] == factor]
    if rows.empty:
        return None
    se = float(rows["se"].iloc[0])
    if not math.isfinite(se) or se <= 0:
        return None
    level = ALPHA / max(1, tests)
    z = float(stats.norm.ppf(1 - level / 2) + stats.norm.ppf(power))
    needed = abs(math.log(ratio)) / step / z
    return float(model.n * (se / needed) ** 2)


__all__ = ["EXAMPLE_RATIO", "POWER", "days_to_show"]
