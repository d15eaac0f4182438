"""The contrast sentences, and the readable steps rate ratios are stated per.

A :class:`~crampwise.stats.contrasts.Contrast` holds the numbers of a factor
whose adjusted effect (the combined model) disagrees with its one-at-a-time
look; :func:`sentence` says it in words, per a step people can picture (1
litre, 30 minutes, 5 °C), in metric or US units (32 fl oz, 9 °F). Only the
words and the step change with the units, never the statistics. The step
helpers (:func:`step_for`, :func:`step_shown`, :func:`nice_step`,
:func:`display_quantity`) are shared with :mod:`crampwise.words.takeaways` and
:mod:`crampwise.words.charts`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from crampwise import schema, units
from crampwise.words import plain

if TYPE_CHECKING:
    from crampwise.stats.contrasts import Contrast

#: factor -> (noun, step, "each extra ..." wording) for contrast sentences.
_WORDS: dict[str, tuple[str, float, str]] = {
    "water_l": ("water", 1.0, "each extra litre"),
    "exercise_min": ("exercise", 30.0, "each extra 30 minutes of exercise"),
    "exercise_rpe": ("exercise effort", 1.0, "each extra point of effort"),
    "warmup": ("warming up", 1.0, "warming up, against exercising without a warm-up"),
    "temp_c": ("heat", 5.0, "each extra 5 °C"),
    "humidity_pct": ("humidity", 10.0, "each extra 10 points of humidity"),
    "stress": ("stress", 1.0, "each extra point of stress"),
    "sleep_h": ("sleep", 1.0, "each extra hour of sleep"),
}
_UNITS = {
    "mg": "mg",
    "g": "g",
    "mcg": "µg",
    "ug": "µg",
    "ml": "ml",
    "l": "litre",
    "min": "minute",
    "h": "hour",
    "km": "km",
    "kg": "kg",
    "pct": "%",
    "c": "°C",
    "count": "",
    "n": "",
}


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


def _noun(factor: str) -> str:
    """The factor as a noun in a contrast sentence ("water", "caffeine")."""
    if factor in _WORDS:
        return _WORDS[factor][0]
    head, _, tail = factor.rpartition("_")
    return head.replace("_", " ") if head and tail in _UNITS else factor.replace("_", " ")


def _words(factor: str, sd: float, system: str = "metric") -> tuple[str, float, str]:
    """(noun, step in canonical units, "each extra ..." wording) of ``factor`` in ``system``."""
    q = display_quantity(factor, system) if system != "metric" else None
    if q is not None:
        noun = _noun(factor)
        step, shown = step_shown(factor, sd, system)
        amount = f"{shown:g} {q.symbol}"
        return noun, step, (f"each extra {amount}" if factor in _WORDS else f"each extra {amount} of {noun}")
    if factor in _WORDS:
        return _WORDS[factor]
    head, _, tail = factor.rpartition("_")
    step = nice_step(sd)
    noun = _noun(factor)
    if head and tail in _UNITS:
        unit = _UNITS[tail]
        amount = f"{step:g} {unit}".strip() + (
            "s" if unit in ("litre", "minute", "hour") and step != 1 else ""
        )
        return noun, step, f"each extra {amount} of {noun}"
    return noun, step, f"each extra {step:g} of {noun}"


def each_step(factor: str, sd: float, system: str = "metric") -> str:
    """The step a ratio is stated per, as running text: "each extra litre of fluids",
    "each 5 °C warmer", "each extra 30 minutes of exercise" (US: "each extra 32 fl oz of fluids")."""
    each = _words(factor, sd, system)[2]
    if factor == "water_l":
        return f"{each} of fluids"
    if factor in ("temp_c", "heat_index_c"):
        return each.replace("each extra", "each") + " warmer"
    return each


def _change(ratio: float) -> str:
    if ratio >= 1:
        return f"{plain.percent(ratio - 1)} more"
    return f"{plain.percent(1 - ratio)} fewer"


def _interval(lo: float, hi: float) -> str:
    if hi < 1:
        return f"95% CI {plain.percent(1 - hi)} to {plain.percent(1 - lo)} fewer"
    if lo > 1:
        return f"95% CI {plain.percent(lo - 1)} to {plain.percent(hi - 1)} more"
    return f"95% CI {plain.percent(1 - lo)} fewer to {plain.percent(hi - 1)} more"


def accounted_for(c: Contrast) -> str:
    """The factors the model accounted for, in words: "heat and exercise"."""
    return " and ".join(_noun(f) for f in c.accounted) or "the other factors"


def sentence(c: Contrast, system: str = "metric") -> str:
    """One contrast in plain words, its change in episodes per a step in ``system``'s units
    ("metric" or "us": "each extra litre" or "each extra 32 fl oz"); a factor without a
    finite standard deviation keeps its metric step. When the model's interval alone
    leaves out "no change" but the link is not a finding, the sentence says why."""
    if not math.isfinite(c.sd):
        system = "metric"
    noun, step, each = _words(c.factor, c.sd, system)
    adj_clear = c.adjusted_clear if c.adjusted_clear is not None else (c.ci_low > 1 or c.ci_high < 1)
    irr, lo, hi = c.irr**step, c.ci_low**step, c.ci_high**step
    accounting = accounted_for(c)
    if c.rho_clear:
        alone = (
            f"{noun.capitalize()} on its own goes with "
            f"{'more' if np.sign(c.rho) > 0 else 'fewer'} episodes ({plain.strength(c.rho)})"
        )
    else:
        alone = f"{noun.capitalize()} has no clear link with episodes on its own"
    if adj_clear:
        adjusted = (
            f"after accounting for {accounting}, {each} goes with about "
            f"{_change(irr)} episodes ({plain.change_range(lo, hi)})"
        )
    else:
        adjusted = (
            f"after accounting for {accounting} the link is unclear (for {each}, the data allow "
            f"{plain.change_range(lo, hi)} episodes"
        )
        if lo > 1 or hi < 1:
            adjusted += ", which is not clear enough once every comparison is checked for chance together"
        adjusted += ")"
    return f"{alone}, but {adjusted}."


__all__ = [
    "CONVERTS_LIKE",
    "accounted_for",
    "each_step",
    "display_quantity",
    "nice_step",
    "sentence",
    "step_for",
    "step_shown",
]
