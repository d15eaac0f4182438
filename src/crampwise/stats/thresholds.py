"""The minimums and levels the statistics use, each with the reason for its value.

docs/analysis.md quotes these values (tests/cli/test_cli_analyze.py checks that it
does), so a change here is a change there too.
"""

from __future__ import annotations

from datetime import time

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

#: When a day starts: an episode before this time counts with the day before,
#: so a 02:00 cramp is paired with the water, exercise and heat of the evening
#: before it rather than of the day that follows. Night cramps cluster in the
#: small hours (the guide's "night" runs 22:00-06:59), while daytime cramps
#: after exercise rarely happen before 06:00, so 06:00 splits the two cleanly.
#: ``time(0, 0)`` gives plain calendar days.
DAY_STARTS: time = time(6, 0)

#: Flexibility of the smooth time trend the adjusted model (and the detrended
#: one-at-a-time check) allow for: one degree of freedom of a natural cubic
#: spline of the day number per this many days of the log's calendar span
#: (rounded), at least 2 once the log spans 8 weeks, and a straight-line trend
#: (1) for a shorter log. Two months per degree of freedom lets the trend
#: follow seasons and slow changes in logging, but not week-to-week swings,
#: which are left for the factors to explain.
TIME_DAYS_PER_DF: int = 60
#: Span (days) from which the time trend gets at least 2 degrees of freedom.
TIME_SPLINE_MIN_SPAN: int = 56
#: The spline never gets more degrees of freedom than this (the span of
#: ``TIME_MAX_DF * TIME_DAYS_PER_DF`` days, four years). A longer log keeps
#: following each season through :data:`SEASON_HARMONICS` yearly waves
#: instead: a 100-year log would otherwise need 600 spline terms, and a
#: season that comes back every year needs only a few numbers.
TIME_MAX_DF: int = 24
#: Yearly sine/cosine pairs (one wave a year, two a year, ...) the time trend
#: adds once the spline is capped at :data:`TIME_MAX_DF`.
SEASON_HARMONICS: int = 2

#: HAC (Newey-West) lags are never fewer than this: a week, because daily logs
#: come in weekly rhythms and neighbouring weeks are alike.
MIN_HAC_LAGS: int = 7

#: A log shorter than this (calendar days) cannot separate a heat effect from
#: the season: the time trend and the weather rise and fall together once.
SEASON_DAYS: int = 365

#: The smallest effective sample size a factor row is given: days that follow
#: each other are alike, so a row counts as fewer independent days than it has
#: (Bartlett / Pyper & Peterman 1998), but never fewer than 4, so that its t
#: test (n_eff - 2 df) and interval (n_eff - 3) stay defined.
MIN_N_EFF: float = 4.0

__all__ = [
    "ALPHA",
    "DAY_STARTS",
    "HOT_HEAT_INDEX_C",
    "MIN_DAYS",
    "MIN_EPISODES",
    "MIN_HAC_LAGS",
    "MIN_N_EFF",
    "MIN_PAIRS",
    "MODEL_DAYS_PER_FACTOR",
    "MODEL_EPISODES_PER_FACTOR",
    "MODEL_MAX_MISSING",
    "SEASON_DAYS",
    "SEASON_HARMONICS",
    "SERIAL_LAG",
    "TIME_DAYS_PER_DF",
    "TIME_MAX_DF",
    "TIME_SPLINE_MIN_SPAN",
]
