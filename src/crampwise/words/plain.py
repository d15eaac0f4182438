"""Plain words for statistics: how big, how sure, and how long.

Why it exists: a person reading their own log should not need to know what
rho, q or a confidence interval is. These helpers turn each number into the
words every page uses for it, so that "a weak link" or "good evidence" means
the same thing everywhere. The technical figures stay available in each
page's "details".
"""

from __future__ import annotations

import math

#: Strength of a rank correlation in words, by its absolute size (Cohen's usual bands:
#: 0.1 small, 0.3 medium, 0.5 large).
STRENGTH_BANDS: tuple[tuple[float, str], ...] = (
    (0.5, "a strong link"),
    (0.3, "a moderate link"),
    (0.1, "a weak link"),
    (0.0, "a very weak link"),
)

#: How sure, by the family-wide q (the share of such claims expected to be chance).
SURENESS_BANDS: tuple[tuple[float, str], ...] = (
    (0.001, "Strong evidence: very unlikely to be chance."),
    (0.01, "Good evidence: unlikely to be chance."),
    (0.05, "Some evidence: it passes the app's check for chance, but keep an eye on it as you log more."),
)


def strength(rho: float) -> str:
    """ "a moderate link" for a rank correlation of 0.3 to 0.5 (either sign).

    >>> strength(-0.34)
    'a moderate link'
    """
    size = abs(float(rho)) if math.isfinite(rho) else 0.0
    return next(words for bound, words in STRENGTH_BANDS if size >= bound)


def sureness(q: float) -> str:
    """How sure a finding is, from its family-wide q (only findings have q below 0.05).

    >>> sureness(0.004)
    'Good evidence: unlikely to be chance.'
    """
    for bound, words in SURENESS_BANDS:
        if math.isfinite(q) and q < bound:
            return words
    return "Not enough evidence to tell it from chance."


def whole_percent(fraction: float) -> int:
    """A share (0.617) as the whole percent people read (62); halves round up.

    >>> whole_percent(0.617), whole_percent(0.125), whole_percent(0.7143)
    (62, 13, 71)
    """
    return math.floor(float(fraction) * 100 + 0.5 + 1e-9)


def percent(fraction: float) -> str:
    """The one way a share (0 to 1) or a change is shown to people: a whole percent.

    >>> percent(0.617), percent(0.005), percent(1.0)
    ('62%', '1%', '100%')
    """
    return f"{whole_percent(fraction)}%"


def change(ratio: float) -> str:
    """A rate ratio as a change: "30% more", "25% fewer", "about the same".

    >>> change(1.3), change(0.75), change(1.004)
    ('30% more', '25% fewer', 'about the same')
    """
    if not math.isfinite(ratio):
        return "many times more" if ratio > 0 else "about the same"
    if ratio >= 2:
        return f"{ratio:.1f} times as many"
    if whole_percent(abs(ratio - 1)) == 0:
        return "about the same"
    return f"{percent(abs(ratio - 1))} {'more' if ratio > 1 else 'fewer'}"


def change_range(low: float, high: float) -> str:
    """A rate ratio's 95% interval as the changes it allows.

    >>> change_range(1.1, 1.5), change_range(0.6, 0.9), change_range(0.8, 1.2)
    ('between 10% and 50% more', 'between 10% and 40% fewer', 'anywhere from 20% fewer to 20% more')
    """
    if not (math.isfinite(low) and low > 0):
        return "the data cannot say how big"
    if not math.isfinite(high):
        return f"at least {change(low)}, with no upper limit"
    if low >= 1 or high <= 1:
        more = low >= 1
        near, far = (low, high) if more else (high, low)
        if far >= 2 or whole_percent(abs(near - 1)) == 0:
            return f"anywhere from {change(near)} to {change(far)}"
        word = "more" if more else "fewer"
        return f"between {whole_percent(abs(near - 1))}% and {percent(abs(far - 1))} {word}"
    return f"anywhere from {change(low)} to {change(high)}"


def duration(days: float) -> str:
    """Days in round words: "about 40 days", "about 8 months", "about 3 years".

    >>> duration(37), duration(250), duration(1100)
    ('about 40 days', 'about 8 months', 'about 3 years')
    """
    if days < 90:
        return f"about {max(10, round(days / 10) * 10)} days"
    if days < 730:
        return f"about {round(days / 30.4)} months"
    years = days / 365.25
    return f"about {round(years)} years" if years < 20 else "decades"


__all__ = ["change", "change_range", "duration", "percent", "strength", "sureness", "whole_percent"]
