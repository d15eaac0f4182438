"""Simulated logs whose truth is known, for measuring how often the app's claims are right.

Why it exists: a statistic can be computed correctly and still mislead, for
example when cramps drift up over a summer and heat gets the blame. The only
way to know how often a claim is true is to run the analysis on logs where the
answer is known. Each scenario below makes one year (``days=365``) of one
made-up person's log, in exactly the canonical shapes :func:`crampwise.stats.analyze`
takes (the columns and dtypes of :mod:`crampwise.io.sample`), and returns
``(daily, episodes, truth)``. ``benchmarks/calibration.py`` runs hundreds of
them and counts what a person would be told.

The factors are the same realistic mix in every scenario (after
:mod:`crampwise.io.sample`): a seasonal temperature with weather in spells
(AR(1)), humidity falling with heat, exercise more often and longer at
weekends, water rising with heat and exercise, stress with a weekly rhythm
(workdays higher), and sleep shorter after stressful days. Only what drives the
cramps differs:

* :func:`null`: nothing; Poisson counts at a constant 0.5 a day.
* :func:`wandering`: nothing, but susceptibility wanders: the log-rate is
  AR(1) with phi 0.9 (good and bad weeks), so days are not independent.
* :func:`trend`: cramps drift up slowly over the log (0.3 to 0.8 a day) while
  the weather warms as from spring into summer; heat does nothing.
* :func:`weekday`: a weekday rhythm in the cramps only (more on workdays);
  stress has its own weekly rhythm but does nothing.
* :func:`planted`: known rate ratios (:data:`PLANTED`): 0.7 per litre of
  water, 1.6 for exercising without a warm-up, 1.3 per 5 °C.
* :func:`overdispersed`: nothing; gamma-Poisson counts (day-to-day spread
  larger than the mean).

**The cramp day.** A day's exposure drives the cramps of its *cramp day*, which
runs from :data:`DAY_STARTS` (05:00) to 05:00 the next morning. About 60% of
cramps are night cramps, starting between midnight and 05:00 (around 02:00),
so they land on the calendar date *after* the exposure; the rest start between
07:00 and 22:00 of the exposure day. A factor's true effect is therefore at
lag 0 on cramp days, and is split between lag 0 and lag 1 when cramps are
counted per calendar date from midnight.

Numbers only: the logs are complete (no blanks, no forgotten days), the
factors are in canonical units, and only ``numpy.random.default_rng(seed)`` is
used, so a seed gives the same frames.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from crampwise import schema

#: Where a cramp day starts: the planted effects act on 05:00 to 05:00 the next morning.
DAY_STARTS: str = "05:00"
#: Share of cramps that are night cramps (00:00 to 04:59 of the next calendar date).
NIGHT_SHARE: float = 0.6
#: Mean cramps a day in every scenario.
BASE_RATE: float = 0.5
#: The planted rate ratios per one unit: a litre of water, exercise without a
#: warm-up (yes against no; the mirror image of ``warmup`` on exercise days),
#: one °C (1.3 per 5 °C).
PLANTED: Mapping[str, float] = {"water_l": 0.7, "no_warmup": 1.6, "temp_c": 1.3 ** (1 / 5)}
#: The planted effects per the step a person reads them in (for the benchmark's labels).
PLANTED_STEPS: Mapping[str, tuple[float, str]] = {
    "water_l": (1.0, "per litre"),
    "no_warmup": (1.0, "exercise without a warm-up"),
    "temp_c": (5.0, "per 5 °C"),
}
#: Log start in every scenario (spring, as in the sample data).
START: str = "2025-03-01"


@dataclass(frozen=True, eq=False)
class Truth:
    """What really drives the cramps in a simulated log.

    ``effects`` holds the factors that matter and their true rate ratio per one
    unit (canonical units), acting on cramp days (see :data:`DAY_STARTS`);
    every other factor does nothing. ``decoys`` are factors that travel with
    what does drive the cramps (the season, the week) but do nothing, so a
    claim about them is wrong. ``rate`` is each logged date's expected cramps
    (on its cramp day).
    """

    scenario: str
    description: str
    effects: Mapping[str, float] = field(default_factory=dict)
    decoys: tuple[str, ...] = ()
    day_starts: str = DAY_STARTS
    rate: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def matters(self, factor: str) -> bool:
        """True when ``factor`` has a planted effect."""
        return factor in self.effects


# --------------------------------------------------------------------------- factors


def _ar1(rng: np.random.Generator, n: int, phi: float, sd: float) -> np.ndarray:
    """Stationary AR(1) noise with innovation sd ``sd``: spells, not independent days."""
    out = np.empty(n)
    out[0] = rng.normal(0.0, sd / np.sqrt(1 - phi**2))
    shocks = rng.normal(0.0, sd, n)
    for i in range(1, n):
        out[i] = phi * out[i - 1] + shocks[i]
    return out


def _season(dates: pd.DatetimeIndex, warming: bool) -> np.ndarray:
    """Typical daily high in °C: a yearly cycle (8 °C mid-January, 27 °C mid-July), or,
    with ``warming``, a climb from 8 to 27 °C across the whole log (spring into summer)."""
    if warming:
        t = np.linspace(0.0, 1.0, len(dates))
        return 17.5 - 9.5 * np.cos(np.pi * t)
    day_of_year = dates.day_of_year.to_numpy(dtype=float)
    return 17.5 - 9.5 * np.cos(2 * np.pi * (day_of_year - 15) / 365.25)


def _factors(rng: np.random.Generator, days: int, *, warming: bool = False) -> pd.DataFrame:
    """A complete daily log of factors in the canonical columns and dtypes."""
    dates = pd.date_range(START, periods=days, freq="D")
    weekday = dates.day_of_week.to_numpy()
    weekend = weekday >= 5

    temp = np.round(_season(dates, warming) + _ar1(rng, days, 0.7, 2.5), 1)
    humidity = np.round(np.clip(78 - 0.9 * (temp - 8) + _ar1(rng, days, 0.6, 9.0), 35, 90))

    exercised = rng.random(days) < np.where(weekend, 0.70, 0.45)
    length = np.where(weekend, rng.normal(100, 30, days), rng.normal(40, 12, days))
    exercise_min = np.where(exercised, np.clip(np.round(length / 5) * 5, 15, 180), 0.0)
    rpe = np.clip(np.round(2.5 + exercise_min / 30 + rng.normal(0, 1, days)), 1, 10)
    warmed = rng.random(days) < 0.65
    warmup = pd.array(
        [bool(w) if e else None for w, e in zip(warmed, exercised, strict=True)], dtype="boolean"
    )

    rhythm = np.array([5.0, 5.0, 5.0, 4.5, 4.0, 2.5, 2.5])[weekday]
    stress = np.clip(np.round(rhythm + _ar1(rng, days, 0.5, 1.0)), 0, 10)
    sleep = np.clip(np.round((7.6 - 0.3 * (stress - 4) + rng.normal(0, 0.6, days)) * 2) / 2, 5, 9)
    water = 1.3 + 0.035 * (temp - 8) + 0.008 * exercise_min + rng.normal(0, 0.3, days)
    water = np.round(np.clip(water, 0.6, 4.5), 1)
    return pd.DataFrame(
        {
            "date": dates.astype("datetime64[us]"),
            "water_l": water,
            "exercise_min": exercise_min,
            "exercise_rpe": np.where(exercised, rpe, 0.0),
            "warmup": warmup,
            "temp_c": temp,
            "humidity_pct": humidity,
            "stress": stress,
            "sleep_h": sleep,
            "notes": pd.Series([None] * days, dtype="str"),
        }
    )


def no_warmup(daily: pd.DataFrame) -> np.ndarray:
    """1.0 on days with exercise but no warm-up, else 0.0 (rest days included)."""
    exercised = daily["exercise_min"].to_numpy(dtype="float64") > 0
    warmed = daily["warmup"].fillna(True).to_numpy(dtype=bool)
    return (exercised & ~warmed).astype("float64")


# --------------------------------------------------------------------------- episodes


def _episodes(rng: np.random.Generator, dates: pd.Series, counts: np.ndarray) -> pd.DataFrame:
    """Calf cramps: each date's ``counts``, at night (after midnight) or in the day."""
    n = int(counts.sum())
    day = np.repeat(dates.to_numpy(dtype="datetime64[us]"), counts)
    night = rng.random(n) < NIGHT_SHARE
    night_min = 24 * 60 + np.clip(np.round(rng.normal(120, 60, n)), 0, 299)  # next date, 00:00-04:59
    day_min = rng.integers(7 * 60, 22 * 60, n)
    minutes = np.where(night, night_min, day_min).astype("int64")
    start = pd.Series(day + minutes.astype("timedelta64[m]"), dtype="datetime64[us]")
    frame = pd.DataFrame(
        {
            "start": start,
            "muscle": pd.Categorical(["calf"] * n, categories=list(schema.MUSCLES)),
            "side": pd.Categorical(rng.choice(["left", "right"], n), categories=list(schema.SIDES)),
            "severity": np.clip(np.round(rng.normal(5.5, 1.6, n)), 1, 10).astype("float64"),
            "duration_min": np.clip(np.round(rng.lognormal(np.log(1.5), 0.7, n), 1), 0.3, 10.0),
            "activity": pd.Series(np.where(night, "sleeping", "walking"), dtype="str"),
            "relief": pd.Series(["stretch"] * n, dtype="str"),
            "notes": pd.Series([None] * n, dtype="str"),
        }
    )
    return frame.sort_values("start", kind="stable").reset_index(drop=True)


def _log(
    rng: np.random.Generator, daily: pd.DataFrame, rate: np.ndarray, truth: Truth, *, shape: float = 0.0
) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """Draw the counts (Poisson, or gamma-Poisson with ``shape`` > 0) and the episodes."""
    mean = rate * rng.gamma(shape, 1 / shape, len(rate)) if shape > 0 else rate
    counts = rng.poisson(mean)
    episodes = _episodes(rng, daily["date"], counts)
    return daily, episodes, Truth(**{**truth.__dict__, "rate": rate})


def _check(days: int) -> None:
    if days < 2:
        raise ValueError("days must be at least 2")


# --------------------------------------------------------------------------- scenarios


def null(days: int = 365, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """Nothing affects cramps: Poisson counts at a constant 0.5 a day."""
    _check(days)
    rng = np.random.default_rng(seed)
    daily = _factors(rng, days)
    truth = Truth("null", "nothing affects cramps (Poisson, 0.5 a day)")
    return _log(rng, daily, np.full(days, BASE_RATE), truth)


def wandering(days: int = 365, seed: int = 0, phi: float = 0.9) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """Nothing affects cramps, but susceptibility wanders: log-rate AR(1), marginal sd 0.5."""
    _check(days)
    rng = np.random.default_rng(seed)
    daily = _factors(rng, days)
    sd = 0.5
    rate = BASE_RATE * np.exp(_ar1(rng, days, phi, sd * np.sqrt(1 - phi**2)) - sd**2 / 2)
    truth = Truth("wandering", f"nothing matters; susceptibility wanders (AR(1), phi {phi:g})")
    return _log(rng, daily, rate, truth)


def trend(days: int = 365, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """Cramps drift up (0.3 to 0.8 a day) while the weather warms across the log; heat does nothing."""
    _check(days)
    rng = np.random.default_rng(seed)
    daily = _factors(rng, days, warming=True)
    rate = np.exp(np.linspace(np.log(0.3), np.log(0.8), days))
    truth = Truth(
        "trend",
        "cramps drift up slowly as the weather warms; heat does nothing",
        decoys=("temp_c", "heat_index_c", "hot_exercise_min"),
    )
    return _log(rng, daily, rate, truth)


#: Weekday multipliers of the cramp rate, Monday first (mean 1).
WEEKDAY_RHYTHM: tuple[float, ...] = (1.4, 1.3, 1.2, 1.05, 0.95, 0.55, 0.55)


def weekday(days: int = 365, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """More cramps on workdays (:data:`WEEKDAY_RHYTHM`); stress has its weekly rhythm but does nothing."""
    _check(days)
    rng = np.random.default_rng(seed)
    daily = _factors(rng, days)
    rhythm = np.array(WEEKDAY_RHYTHM)[pd.DatetimeIndex(daily["date"]).day_of_week.to_numpy()]
    truth = Truth("weekday", "a weekday rhythm in cramps only; stress does nothing", decoys=("stress",))
    return _log(rng, daily, BASE_RATE * rhythm, truth)


def planted(days: int = 365, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """Known effects (:data:`PLANTED`) on each cramp day; night cramps land after midnight."""
    _check(days)
    rng = np.random.default_rng(seed)
    daily = _factors(rng, days)
    log_rr = {f: np.log(v) for f, v in PLANTED.items()}
    water = daily["water_l"].to_numpy(dtype="float64")
    temp = daily["temp_c"].to_numpy(dtype="float64")
    linear = (
        log_rr["water_l"] * (water - 2.0)
        + log_rr["temp_c"] * (temp - 17.5)
        + log_rr["no_warmup"] * no_warmup(daily)
    )
    rate = BASE_RATE * np.exp(linear)
    truth = Truth(
        "planted",
        "water 0.7 per litre, exercise without a warm-up 1.6, 1.3 per 5 °C; night cramps after the day",
        effects=dict(PLANTED),
    )
    return _log(rng, daily, rate, truth)


def overdispersed(
    days: int = 365, seed: int = 0, shape: float = 1.0
) -> tuple[pd.DataFrame, pd.DataFrame, Truth]:
    """Nothing affects cramps; gamma-Poisson counts (gamma ``shape`` 1: variance mu + mu^2)."""
    _check(days)
    rng = np.random.default_rng(seed)
    daily = _factors(rng, days)
    truth = Truth("overdispersed", f"nothing matters; gamma-Poisson counts (shape {shape:g})")
    return _log(rng, daily, np.full(days, BASE_RATE), truth, shape=shape)


#: Every scenario by name, in the benchmark's order.
SCENARIOS: Mapping[str, Callable[..., tuple[pd.DataFrame, pd.DataFrame, Truth]]] = {
    "null": null,
    "wandering": wandering,
    "trend": trend,
    "weekday": weekday,
    "planted": planted,
    "overdispersed": overdispersed,
}


def cramp_days(episodes: pd.DataFrame, day_starts: str = DAY_STARTS) -> pd.Series:
    """Each episode's cramp day: its start's date, moved to the day before when it starts
    before ``day_starts`` ("HH:MM")."""
    hours, minutes = (int(part) for part in day_starts.split(":"))
    shift = pd.Timedelta(hours=hours, minutes=minutes)
    return (episodes["start"] - shift).dt.normalize()


__all__ = [
    "BASE_RATE",
    "DAY_STARTS",
    "NIGHT_SHARE",
    "PLANTED",
    "PLANTED_STEPS",
    "SCENARIOS",
    "START",
    "WEEKDAY_RHYTHM",
    "Truth",
    "cramp_days",
    "no_warmup",
    "null",
    "overdispersed",
    "planted",
    "trend",
    "wandering",
    "weekday",
]
