"""One-line takeaways, in plain words, computed from the data behind each chart.

Why it exists: a chart alone invites people to see patterns in noise. Every
chart in the app carries one sentence that says what the numbers show, with
how sure we can be (confidence interval, q or p value, how many days), and
pages add the "correlation is not causation" caveat beside it. The sentences
are built here, in the library, so they are the same in the app, a notebook
and the tests, and so a page never does arithmetic.

Functions take the frames that :func:`crampwise.stats.analysis.analyze` returns (its
``table``, one row of ``factors``, the ``model``, the ``episode_patterns``
frames) and return a string. Numbers are rounded for reading, not for
further calculation: rho to 2 decimals, p and q values to 2 (3 below 0.1,
"< 0.001" below 0.001), rate ratios to 2.

Factor names are shown with friendly labels: :func:`label` reads them from
the schema (``temp_c`` -> "Temperature (°C)"), from ``crampwise.stats.daily.DERIVED``
for derived factors, and makes a readable name of a custom factor
(``caffeine_mg`` -> "Caffeine (mg)").

Units: the frames hold canonical units (litres, °C). Functions that show an
amount take ``system`` ("metric", the default, or "us"); with "us" amounts
read in fl oz and °F (``heat_index_c`` like ``temp_c``), converted with
:mod:`crampwise.units`, and model rate ratios are stated per a step round in
those units (32 fl oz, 9 °F). The statistics themselves never change.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeGuard

import pandas as pd

from crampwise import schema, units
from crampwise.stats import thresholds
from crampwise.stats.daily import DERIVED
from crampwise.stats.episodes import NIGHT_END_HOUR, NIGHT_START_HOUR
from crampwise.words import contrasts, dates, plain

#: q (or p) below this reads as a "clear" link; above it, "no clear link".
CLEAR = thresholds.ALPHA

#: How each factor's "more of it" side reads, for lag 0 and lag 1. ``sleep_h`` is
#: the sleep of the night before the date, hence its wording.
_WHEN_HIGH: Mapping[str, tuple[str, str]] = {
    "water_l": ("On days you drank more", "The day after you drank more"),
    "exercise_min": ("On days with more exercise", "The day after more exercise"),
    "exercise_rpe": ("On days with harder exercise", "The day after harder exercise"),
    "warmup": ("On days you warmed up", "The day after you warmed up"),
    "temp_c": ("On hotter days", "The day after a hotter day"),
    "humidity_pct": ("On more humid days", "The day after a more humid day"),
    "stress": ("On more stressful days", "The day after a more stressful day"),
    "sleep_h": ("After a longer night's sleep", "Two days after a longer night's sleep"),
    "heat_index_c": ("On days that felt hotter", "The day after a day that felt hotter"),
    "exercise_load": ("On days with a heavier exercise load", "The day after a heavier exercise load"),
    "hot_exercise_min": ("On days with more exercise in the heat", "The day after more exercise in the heat"),
    "no_warmup": ("On days you exercised without a warm-up", "The day after you exercised without a warm-up"),
}

#: Short names (and units) of the derived factors; ``crampwise.stats.daily.DERIVED`` holds
#: their full descriptions, which are sentences rather than labels.
_DERIVED_NAMES: Mapping[str, tuple[str, str | None]] = {
    "heat_index_c": ("Heat index", "°C"),
    "exercise_load": ("Exercise load", "minutes × effort"),
    "hot_exercise_min": ("Exercise in the heat", "minutes"),
    "no_warmup": ("Exercise without a warm-up", None),
}

#: The factor as a noun in running text ("No clear link between fluids and episodes").
_NOUNS: Mapping[str, str] = {
    "water_l": "fluids",
    "exercise_min": "exercise time",
    "exercise_rpe": "exercise effort",
    "warmup": "warming up",
    "temp_c": "temperature",
    "humidity_pct": "humidity",
    "stress": "stress",
    "sleep_h": "sleep",
    "heat_index_c": "the heat index",
    "exercise_load": "exercise load",
    "hot_exercise_min": "exercise in the heat",
    "no_warmup": "exercising without a warm-up",
}

#: Yes/no factors: how their two sides read in rate sentences (value 1, value 0).
_YES_NO: Mapping[str, tuple[str, str]] = {
    "warmup": ("you warmed up", "you exercised without warming up"),
    "no_warmup": ("you exercised without a warm-up", "you warmed up first"),
}

#: Guide topic (``crampwise.guide.passage``) that talks about each factor.
_TOPICS: Mapping[str, str] = {
    "temp_c": "heat",
    "humidity_pct": "heat",
    "heat_index_c": "heat",
    "hot_exercise_min": "heat",
    "water_l": "hydration",
    "exercise_min": "exercise",
    "exercise_rpe": "exercise",
    "exercise_load": "exercise",
    "warmup": "warmup",
    "no_warmup": "warmup",
    "stress": "stress",
    "sleep_h": "sleep",
}

#: Factors that, on their own, travel with others a person might blame them for, and why.
WHY_ALONE: Mapping[str, str] = {
    "water_l": "You tend to drink more on hot or active days, so on its own drinking can seem to go "
    "with episodes that heat or exercise bring on.",
}

#: Relief items as they read in a sentence.
_RELIEF_WORDS: Mapping[str, str] = {
    "stretch": "stretching",
    "massage": "massage",
    "heat": "heat",
    "ice": "ice",
    "water": "drinking water",
    "rest": "rest",
    "medication": "medication",
    "none": schema.relief_name("none"),
    "other": "something else",
}

#: Unit suffixes recognised in custom factor names (``caffeine_mg`` -> "Caffeine (mg)").
_CUSTOM_UNITS: Mapping[str, str] = {
    "mg": "mg",
    "g": "g",
    "mcg": "mcg",
    "ug": "mcg",
    "ml": "mL",
    "l": "litres",
    "min": "minutes",
    "h": "hours",
    "hrs": "hours",
    "pct": "%",
    "kg": "kg",
    "km": "km",
    "c": "°C",
}

#: Hours counted as night (22:00 to 06:59), as in ``crampwise.stats.episodes.episode_patterns``.
NIGHT = f"between {NIGHT_START_HOUR}:00 and {NIGHT_END_HOUR:02d}:00"

#: The plain caveat every statistic on the page carries.
NOT_CAUSE = (
    "Correlation is not causation: two things that go together in your log can "
    "both follow from something else."
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# --------------------------------------------------------------------------- labels


def _daily_field(factor: str) -> schema.Field | None:
    try:
        return schema.DAILY.field(factor)
    except KeyError:
        return None


def _custom_parts(factor: str) -> tuple[str, str | None]:
    words = [w for w in str(factor).replace("-", "_").split("_") if w]
    found = None
    if len(words) > 1 and words[-1].lower() in _CUSTOM_UNITS:
        found = _CUSTOM_UNITS[words.pop().lower()]
    text = " ".join(words) or str(factor)
    return text[:1].upper() + text[1:], found


def name(factor: str) -> str:
    """The factor's name without its unit: "Temperature", "Heat index", "Caffeine"."""
    f = _daily_field(factor)
    if f is not None:
        return f.label
    if factor in _DERIVED_NAMES:
        return _DERIVED_NAMES[factor][0]
    if factor in DERIVED:
        text = str(DERIVED[factor]).split(":", 1)[0].split(".", 1)[0].strip()
        return text[:1].upper() + text[1:]
    return _custom_parts(factor)[0]


def _converted(factor: str, system: str) -> units.Quantity | None:
    """The factor's display quantity when ``system`` shows it differently (else None)."""
    if system == "metric":
        return None
    q = contrasts.display_quantity(factor, system)
    return q if q is not None and q.alias is not None else None


def unit(factor: str, system: str = "metric") -> str | None:
    """The factor's unit, or ``None``: "°C", "litres", "mg" ("°F", "fl oz" in US units)."""
    q = _converted(factor, system)
    if q is not None:
        return q.symbol
    f = _daily_field(factor)
    if f is not None:
        return f.unit
    if factor in _DERIVED_NAMES:
        return _DERIVED_NAMES[factor][1]
    if factor in DERIVED:
        return None
    return _custom_parts(factor)[1]


def label(factor: str, system: str = "metric") -> str:
    """Name and unit for axes and tables: "Temperature (°C)", "Caffeine (mg)"
    ("Temperature (°F)" in US units)."""
    u = unit(factor, system)
    return f"{name(factor)} ({u})" if u else name(factor)


def lag_label(factor: str, lag: int, system: str = "metric") -> str:
    """The label with "the day before" for lag 1: "Temperature (°C), the day before"."""
    return label(factor, system) + (", the day before" if lag else "")


def _us_descriptions() -> Mapping[str, str]:
    hot = units.quantity("temp_c", "us")
    assert hot is not None
    return {
        **{q.field: q.help for q in units.converted_fields("us")},
        "heat_index_c": "Heat index in °F: how hot the day felt, from temperature and humidity "
        "(US National Weather Service formula).",
        "hot_exercise_min": f"Exercise minutes on days with a heat index of "
        f"{hot.format(thresholds.HOT_HEAT_INDEX_C)} or more, else 0.",
    }


def describe(factor: str, system: str = "metric") -> str:
    """A longer description for help texts: the schema's help or ``DERIVED``
    (in US units for the factors they mention units of)."""
    if system != "metric":
        us = _us_descriptions()
        if factor in us:
            return us[factor]
    f = _daily_field(factor)
    if f is not None:
        return f.help
    if factor in DERIVED:
        return str(DERIVED[factor])
    return "A custom factor from your daily log."


def noun(factor: str) -> str:
    """The factor in running text: "fluids", "temperature", "caffeine"."""
    if factor in _NOUNS:
        return _NOUNS[factor]
    return _lower(name(factor))


def topic(factor: str) -> str | None:
    """The guide topic about ``factor`` (for ``guide.passage``), or ``None``."""
    if factor in _TOPICS:
        return _TOPICS[factor]
    lowered = str(factor).lower()
    for word, found in (
        ("caffeine", "caffeine"),
        ("coffee", "caffeine"),
        ("sleep", "sleep"),
        ("stress", "stress"),
        ("warm", "warmup"),
        ("exercise", "exercise"),
        ("temp", "heat"),
        ("heat", "heat"),
        ("water", "hydration"),
        ("fluid", "hydration"),
    ):
        if word in lowered:
            return found
    return None


def _lower(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("RPE")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def when_high(factor: str, lag: int) -> str:
    """How the factor's "more of it" side starts a sentence: "On hotter days", "The day after ..."."""
    if factor in _WHEN_HIGH:
        return _WHEN_HIGH[factor][1 if lag else 0]
    what = noun(factor)
    return f"The day after higher {what}" if lag else f"On days with higher {what}"


# --------------------------------------------------------------------------- numbers


def _missing(x: Any) -> bool:
    if x is None or isinstance(x, str):
        return x is None
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _finite(x: Any) -> TypeGuard[float]:
    return not _missing(x) and math.isfinite(float(x))


def fmt_p(p: float) -> str:
    """A p or q value for reading: "< 0.001", "0.002", "0.043", "0.62"."""
    if _missing(p):
        return "not available"
    if p < 0.001:
        return "< 0.001"
    if p < 0.1:
        return f"{p:.3f}"
    return f"{p:.2f}"


def pq(letter: str, value: float) -> str:
    """ "q = 0.012" or "q < 0.001"."""
    text = fmt_p(value)
    return f"{letter} {text}" if text.startswith("<") else f"{letter} = {text}"


def _num(x: float, decimals: int = 2) -> str:
    """Fixed decimals, without a "-0.00"."""
    text = f"{float(x):.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _amount(x: float) -> str:
    """A value of a factor: whole numbers without decimals, else one decimal."""
    rounded = round(float(x), 1)
    return _num(rounded, 0) if rounded == int(rounded) else _num(rounded, 1)


def _with_unit(x: float, u: str | None) -> str:
    if not u:
        return _amount(x)
    if u == "%":  # a percentage (humidity): whole, as every share people read
        return plain.percent(float(x) / 100)
    if u == "0-10":
        return f"{_amount(x)} out of 10"
    if u in ("litres", "minutes", "hours") and round(float(x), 1) == 1:
        return f"1 {u[:-1]}"
    return f"{_amount(x)} {u}"


def _value(factor: str, x: float, system: str = "metric") -> str:
    """An amount of ``factor`` with its unit, in ``system``: "25.7 °C", "78 °F", "51 fl oz"."""
    q = _converted(factor, system)
    if q is not None:
        return q.format(float(x))
    return _with_unit(x, unit(factor))


def counted(n: int, word: str, many: str | None = None) -> str:
    """ "1 day", "3 days" (``many`` for an irregular plural)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _share(part: int, whole: int) -> str:
    """A share in words: "7 in 10", or "3 of 8" when the total is small or the share extreme."""
    if whole < 10:
        return f"{part} of {whole}"
    tenths = round(10 * part / whole)
    if (tenths == 0 and part) or (tenths == 10 and part != whole):
        return f"{part} of {whole}"
    return f"{tenths} in 10"


def _day(ts: Any) -> str:
    return dates.in_sentence(ts)


def _month(ts: Any) -> str:
    t = pd.Timestamp(ts)
    return f"{_MONTHS[t.month - 1]} {t.year}"


def _join(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# --------------------------------------------------------------------------- factors


def is_clear(q: float) -> bool:
    """Whether a q (or p) value counts as a clear link (below :data:`CLEAR`)."""
    return not _missing(q) and float(q) < CLEAR


def _rho_shown(row: Mapping[str, Any] | pd.Series) -> float:
    """The rank correlation a row's direction and strength are read from (trend-adjusted)."""
    value = row.get("rho_detrended", math.nan) if hasattr(row, "get") else math.nan
    return float(value) if _finite(value) else float(row["rho"])


def _row_finding(row: Mapping[str, Any] | pd.Series) -> bool:
    if "finding" in row and not _missing(row["finding"]):
        return bool(row["finding"])
    return is_clear(row["q"])


def factor_row(row: Mapping[str, Any] | pd.Series, *, system: str = "metric") -> str:
    """One factor at one lag in plain words: which way, how strong, over how many days,
    and whether it is a finding (the figures are in :func:`factor_row_details`).

    >>> factor_row({"factor": "temp_c", "lag": 0, "n": 179, "rho": 0.31, "p": 0.0001,
    ...             "q": 0.002, "ci_low": 0.17, "ci_high": 0.44, "finding": True})
    'On hotter days you had more episodes: a moderate link, over 179 days. It counts as a finding.'
    """
    factor, lag, n = str(row["factor"]), int(row["lag"]), int(row["n"])
    if _missing(row["rho"]):
        return f"{lag_label(factor, lag, system)}: too little variation to compare ({counted(n, 'day')})."
    rho = _rho_shown(row)
    what = noun(factor) + (" the day before" if lag else "")
    direction = "more" if rho > 0 else "fewer"
    if _row_finding(row) and rho != 0:
        return (
            f"{when_high(factor, lag)} you had {direction} episodes: {plain.strength(rho)}, "
            f"over {counted(n, 'day')}. It counts as a finding."
        )
    if is_clear(row["q"]) and rho != 0:  # passed on its own, but not a finding (crampwise.stats.findings)
        return (
            f"On its own, more {what} went with {direction} episodes ({plain.strength(rho)}, over "
            f"{counted(n, 'day')}), but weighed against the other factors (or without its single "
            "busiest day) that link is unclear, so it is not a finding."
        )
    return f"No clear link between {what} and episodes on its own, over {counted(n, 'day')}."


def factor_row_details(row: Mapping[str, Any] | pd.Series, *, system: str = "metric") -> str:
    """The figures behind :func:`factor_row`: rho with its 95% CI, q and n.

    >>> factor_row_details({"factor": "temp_c", "lag": 0, "n": 179, "rho": 0.31, "p": 0.0001,
    ...                     "q": 0.002, "ci_low": 0.17, "ci_high": 0.44})
    'Temperature (°C): rho 0.31 (95% CI 0.17 to 0.44), q = 0.002, n = 179.'
    """
    factor, lag, n = str(row["factor"]), int(row["lag"]), int(row["n"])
    head = lag_label(factor, lag, system)
    if _missing(row["rho"]):
        return f"{head}: rho not available, n = {n}."
    rho, q = row["rho"], row["q"]
    adjusted = row.get("rho_detrended", math.nan) if hasattr(row, "get") else math.nan
    trend = f"; after the time trend and the week {_num(adjusted)}" if _finite(adjusted) else ""
    return (
        f"{head}: rho {_num(rho)}{trend} (95% CI {_num(row['ci_low'])} to {_num(row['ci_high'])}), "
        f"{pq('q', q)}, n = {n}."
    )


def _side(factor: str, lag: int, high: bool, cut: float, system: str = "metric") -> str:
    """ "days with temperature at 25.7 °C or more" / "days after you warmed up"."""
    if factor in _YES_NO:
        text = _YES_NO[factor][0 if high else 1]
        return f"days after {text}" if lag else f"days {text}"
    where = f"at {_value(factor, cut, system)}"
    if high or float(cut) != 0:  # "at 0 minutes or less" reads oddly: nothing is below 0
        where += " or more" if high else " or less"
    return f"days after a day with {noun(factor)} {where}" if lag else (f"days with {noun(factor)} {where}")


def rates(row: Mapping[str, Any] | pd.Series, *, system: str = "metric") -> str:
    """Episodes a day on the factor's high days against its low days, in plain words.

    High and low are the top and bottom thirds of days (or the two values of a
    yes/no factor), as ``crampwise.stats.factors.factor_table`` cuts them. The cuts read in
    ``system``'s units; the rates and their ratio are the same in every system. A
    row that is not a finding says so, because a difference between the thirds can
    come from chance, the time of year or another factor (the interval is in
    :func:`rates_details`).
    """
    factor, lag = str(row["factor"]), int(row["lag"])
    needed = ("rate_low", "rate_high", "low_cut", "high_cut", "days_low", "days_high")
    if any(_missing(row.get(k)) for k in needed):
        return f"{lag_label(factor, lag, system)}: too few days at either end to compare."
    high = _side(factor, lag, True, row["high_cut"], system)
    low = _side(factor, lag, False, row["low_cut"], system)
    text = (
        f"The {int(row['days_high'])} {high} averaged "
        f"{_num(row['rate_high'])} episodes a day, against {_num(row['rate_low'])} on the "
        f"{int(row['days_low'])} {low}"
    )
    ratio = row.get("rate_ratio")
    if not _finite(ratio):
        if _missing(ratio):
            return text + "."
        return text + " (too few episodes on the low days to give a ratio)."
    text += f" ({plain.change(float(ratio))})."
    if not _row_finding(row):
        text += (
            " On its own a difference like this can come from chance, the time of year or "
            "your other factors, so it is not a finding."
        )
    if factor in WHY_ALONE and float(ratio) > 1:
        text += " " + WHY_ALONE[factor]
    return text


def rates_details(row: Mapping[str, Any] | pd.Series, *, system: str = "metric") -> str:
    """The figures behind :func:`rates`: the rate ratio and its 95% CI."""
    factor, lag = str(row["factor"]), int(row["lag"])
    ratio, lo, hi = row.get("rate_ratio"), row.get("rr_ci_low"), row.get("rr_ci_high")
    if not _finite(ratio):
        return f"{lag_label(factor, lag, system)}: no rate ratio."
    ci = ""
    if _finite(lo) and _finite(hi):
        ci = f", 95% CI {_num(lo)} to {_num(hi)}"
    elif _finite(lo):
        ci = f", 95% CI from {_num(lo)} with no upper limit"
    return (
        f"{lag_label(factor, lag, system)}: rate ratio (high third against low third) "
        f"{_num(ratio)}{ci}; not adjusted for the time trend, the week or the other factors."
    )


def top_factors(frame: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """The ``k`` rows with the smallest q; among equal q the stronger rho first."""
    ranked = frame.dropna(subset=["rho"]).assign(_abs=lambda d: d["rho"].abs())
    ranked = ranked.sort_values(["q", "_abs"], ascending=[True, False], kind="stable")
    return ranked.drop(columns="_abs").head(k)


def factors(frame: pd.DataFrame) -> str:
    """How many factor comparisons count as findings, in plain words."""
    tested = int(frame["rho"].notna().sum()) if len(frame) else 0
    if tested == 0:
        return "No factor had enough days to compare with episodes."
    if "finding" in frame.columns:
        clear = int(frame["finding"].fillna(False).astype(bool).sum())
    else:
        clear = int(frame["q"].lt(CLEAR).sum())
    head = "None" if clear == 0 else str(clear)
    verb = "counts" if clear in (0, 1) else "count"
    return (
        f"{head} of the {tested} comparisons (each factor on the same day and on the day "
        f"before) {verb} as a finding: a link clear enough that chance, testing many factors "
        "at once, the other factors or a single day cannot explain it."
    )


# --------------------------------------------------------------------------- model


nice_step = contrasts.nice_step


def _yes_no(values: pd.Series | None) -> bool:
    if values is None:
        return False
    seen = set(pd.to_numeric(values, errors="coerce").dropna().unique())
    return bool(seen) and seen <= {0.0, 1.0}


def _per(factor: str, step: float, binary: bool, system: str = "metric", shown: float | None = None) -> str:
    """What a rate ratio compares: "per 5 °C more", "for warming up, against not warming up ...".

    ``step`` is in canonical units; ``shown`` is the same step in ``system``'s units
    for a converted factor ("per 9 °F more", "per 32 fl oz more").
    """
    if factor == "warmup":  # the model's warmup term compares exercise days only
        return "for warming up, against not warming up, on exercise days"
    if binary:
        return f"for {noun(factor)}, against none"
    q = _converted(factor, system)
    if q is not None:
        return f"per {(step if shown is None else shown):g} {q.symbol} more"
    u = unit(factor)
    if u == "0-10":
        return f"per {step:g} point{'' if step == 1 else 's'} more (out of 10)"
    if u == "%":
        return f"per {step:g} percentage point{'' if step == 1 else 's'} more"
    if u in ("litres", "minutes", "hours") and step == 1:
        return f"per 1 {u[:-1]} more"
    if u:
        return f"per {step:g} {u} more"
    return f"per {step:g} more"


def model_terms(m: Any, table: pd.DataFrame | None = None, *, system: str = "metric") -> pd.DataFrame:
    """The model's rate ratios per a step people can picture (5 °C, 30 minutes, 1 litre).

    ``m.terms`` gives each rate ratio per one unit, which makes a minute of
    exercise or a milligram of caffeine look like nothing. Here each is
    raised to the power of a step: the standard factors' usual steps, 1 for
    yes/no factors (found in ``table`` when given), else a round number near
    one standard deviation. In US units a converted factor's step is round in
    fl oz or °F (``crampwise.words.contrasts.step_for``): 32 fl oz (0.946353 L), 9 °F (5 °C).
    Columns: factor, step (in canonical units: the power the per-unit ratio is
    raised to), per, label, irr, ci_low, ci_high, p, shown_step (the step in
    ``system``'s units).
    """
    rows = []
    for t in m.terms.itertuples(index=False):
        factor = str(t.factor)
        binary = factor == "warmup" or (
            table is not None and factor in table.columns and _yes_no(table[factor])
        )
        step, shown = (
            (1.0, 1.0) if binary else contrasts.step_shown(factor, float(getattr(t, "sd", 1.0)), system)
        )
        per = _per(factor, step, binary, system, shown)
        short = "yes against no" if binary else per.removesuffix(" (out of 10)")
        if factor == "warmup":
            short = "yes against no, on exercise days"
        rows.append(
            {
                "factor": factor,
                "step": step,
                "per": per,
                "label": f"{name(factor)}, {short}",
                "irr": float(t.irr) ** step,
                "ci_low": float(t.ci_low) ** step,
                "ci_high": float(t.ci_high) ** step,
                "p": float(t.p),
                "shown_step": shown,
                "finding": bool(getattr(t, "finding", float(t.ci_low) > 1 or float(t.ci_high) < 1)),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["factor", "step", "per", "label", "irr", "ci_low", "ci_high", "p", "shown_step", "finding"],
    )


def model(m: Any, table: pd.DataFrame | None = None, *, system: str = "metric") -> str:
    """What the combined model says in plain words: the factors that are findings, each
    with its change in episodes per a step people can picture and the range the data allow."""
    if m is None:
        return "There is not enough data to weigh the factors against each other."
    terms = model_terms(m, table, system=system)
    if terms.empty:
        return "No factor could go into the combined model."
    clear = terms[terms["finding"].astype(bool)]
    days = f"on {counted(int(m.n), 'complete day')}"
    lead = "Weighed against each other, and allowing for the time of year and the day of the week"
    if clear.empty:
        return f"{lead}, none of the {len(terms)} factors clearly goes with more or fewer episodes ({days})."
    sds = dict(zip(m.terms["factor"], m.terms["sd"], strict=True))
    parts = [
        f"{noun(t.factor)} goes with about {plain.change(t.irr)} episodes with "
        f"{contrasts.each_step(t.factor, float(sds.get(t.factor, 1.0)), system)} "
        f"({plain.change_range(t.ci_low, t.ci_high)})"
        for t in clear.itertuples(index=False)
    ]
    rest = len(terms) - len(clear)
    tail = (
        ""
        if rest == 0
        else "; the other factor shows no clear link"
        if rest == 1
        else f"; the other {rest} factors show no clear link"
    )
    return f"{lead}, {'; '.join(parts)}{tail} ({days})."


def method_plain(m: Any) -> str:
    """How the combined model was worked out, without jargon (:func:`method` has the details)."""
    if m is None:
        return ""
    time_df, weekday = int(getattr(m, "time_df", 0) or 0), str(getattr(m, "weekday", "") or "")
    allowed = ["a straight-line trend over time" if time_df == 1 else "a smooth trend over time"]
    week = {"day of week": "the day of the week", "weekend": "weekends"}.get(weekday)
    if week:
        allowed.append(week)
    allowed.append("one day being like the next")
    return (
        f"Worked out from the episodes on {counted(int(m.n), 'complete day')} (days with every "
        f"factor in this view logged), allowing for {_join(allowed)}, so that neither a slow "
        "change nor a weekly rhythm is taken for a factor's effect."
    )


def method(m: Any) -> str:
    """How the model was fitted, in one line."""
    if m is None:
        return ""
    if str(m.method).lower().startswith("negative"):
        kind = (
            "a negative binomial regression, because the daily counts vary more than a Poisson model expects"
        )
    else:
        kind = (
            "a Poisson regression, because the test did not find more day-to-day variation "
            "than that model expects"
        )
    disp = f" (dispersion {_num(m.dispersion)}, {pq('p', m.dispersion_p)})"
    serial = ""
    if not _missing(getattr(m, "serial_p", None)):
        serial = f"; left-over day-to-day correlation check (Ljung-Box): {pq('p', m.serial_p)}"
    adjusted = ""
    time_df, weekday = int(getattr(m, "time_df", 0) or 0), str(getattr(m, "weekday", "") or "")
    if time_df or weekday:
        trend = "a straight-line trend over time" if time_df == 1 else "a smooth trend over time"
        week = {"day of week": " and for the day of the week", "weekend": " and for weekends"}.get(
            weekday, ""
        )
        adjusted = (
            f" It also allows for {trend}{week}, so that a slow change or a weekly rhythm "
            "is not taken for a factor's effect; these are not shown as factors."
        )
    return (
        f"Episodes per day on {int(m.n)} complete days, fitted as {kind}{disp}.{adjusted} The 95% "
        f"CIs use {m.covariance} standard errors, which allow for one day being like the "
        f"next{serial}. A rate ratio of 1.5 means 50% more episodes, 1 means no difference."
    )


# --------------------------------------------------------------------------- the daily table


def timeline(table: pd.DataFrame, factor: str | None = None, *, system: str = "metric") -> str:
    """Episodes over the period and, for ``factor``, its average on days with and without
    (in ``system``'s units)."""
    days = len(table)
    if days == 0:
        return "No logged days in this period."
    counts = pd.to_numeric(table["episodes"], errors="coerce")
    total = int(counts.sum())
    with_ep = counts.gt(0)
    text = (
        f"{counted(total, 'episode')} on {int(with_ep.sum())} of {counted(days, 'logged day')} "
        f"({_num(total / days)} a day)"
    )
    if factor and factor in table.columns:
        values = pd.to_numeric(table[factor], errors="coerce")
        on, off = values[with_ep].dropna(), values[counts.eq(0)].dropna()
        if len(on) and len(off) and _yes_no(values):
            yes = _YES_NO.get(factor, (f"{noun(factor)} was 1",))[0]
            text += (
                f"; {yes} on {int(on.sum())} of the {counted(len(on), 'day')} with an "
                f"episode and {int(off.sum())} of the {len(off)} without"
            )
        elif len(on) and len(off):
            text += (
                f"; {noun(factor)} averaged {_value(factor, on.mean(), system)} on the "
                f"{counted(len(on), 'day')} with an episode and "
                f"{_value(factor, off.mean(), system)} on the {len(off)} without"
            )
        logged = len(on) + len(off)
        if len(on) and len(off) and logged < days:
            # Counts say what they count: the factor's days are fewer than the logged days.
            if factor in ("no_warmup", "warmup"):
                text += f" (these cover the {logged} exercise days; warm-up is only asked when you exercise)"
            else:
                text += (
                    f" (these cover the {logged} days with {noun(factor)} logged; it is missing "
                    f"on the other {days - logged})"
                )
    return text + "."


def _zero_runs(table: pd.DataFrame) -> tuple[int, Any, Any]:
    """Longest run of consecutive logged dates without an episode: (length, first, last)."""
    dates = pd.to_datetime(table["date"]).reset_index(drop=True)
    zero = pd.to_numeric(table["episodes"], errors="coerce").eq(0).reset_index(drop=True)
    new_run = dates.diff().dt.days.ne(1) | zero.ne(zero.shift())
    runs = dates[zero].groupby(new_run.cumsum()[zero]).agg(["min", "max", "count"])
    if runs.empty:
        return 0, None, None
    best = runs.sort_values("count", ascending=False, kind="stable").iloc[0]
    return int(best["count"]), best["min"], best["max"]


def calendar(table: pd.DataFrame) -> str:
    """Days with episodes, and the longest stretch of logged days without one."""
    days = len(table)
    if days == 0:
        return "No logged days in this period."
    with_ep = int(pd.to_numeric(table["episodes"], errors="coerce").gt(0).sum())
    text = f"You had episodes on {with_ep} of {counted(days, 'logged day')}"
    length, first, last = _zero_runs(table)
    if length >= 2:
        text += f"; the longest stretch without one was {length} days, {_day(first)} to {_day(last)}"
    return text + "."


# --------------------------------------------------------------------------- episode patterns


def hours(hour: pd.DataFrame, night: pd.DataFrame) -> str:
    """Share of episodes at night and the busiest hour (``episode_patterns`` frames)."""
    total = int(hour["episodes"].sum()) if len(hour) else 0
    if total == 0:
        return "No episodes in this period."
    at_night = int(night.loc[night["night"].astype(bool), "episodes"].sum())
    best = hour.sort_values(["episodes", "hour"], ascending=[False, True], kind="stable").iloc[0]
    h = int(best["hour"])
    share = _share(at_night, total)
    exact = f" ({at_night} of {total})" if share != f"{at_night} of {total}" else ""
    return (
        f"{share} episodes started {NIGHT}{exact}; "
        f"the busiest hour was {h:02d}:00 to {(h + 1) % 24:02d}:00 "
        f"({counted(int(best['episodes']), 'episode')})."
    )


def _muscle_words(muscle: str) -> str:
    if muscle == "other":
        return "other muscles"
    if muscle == "unspecified":
        return "an unnamed muscle"
    return f"the {schema.muscle_name(muscle)}"


def muscles(frame: pd.DataFrame) -> str:
    """The muscle with most episodes and how they split by side (``episode_patterns``)."""
    total = int(frame["episodes"].sum()) if len(frame) else 0
    if total == 0:
        return "No episodes in this period."
    by_muscle = frame.groupby("muscle", sort=False)["episodes"].sum()
    by_muscle = by_muscle.sort_values(ascending=False, kind="stable")
    top, count = str(by_muscle.index[0]), int(by_muscle.iloc[0])
    sides = frame[frame["muscle"].astype(str) == top].groupby("side", sort=False)["episodes"].sum()
    sides = sides[sides > 0].sort_values(ascending=False, kind="stable")
    words = {"both": "on both sides", "unspecified": "side not noted"}
    side_text = _join([f"{int(v)} {words.get(str(s), s)}" for s, v in sides.items()])
    lead = (
        f"All {total} episodes were in {_muscle_words(top)}"
        if count == total
        else f"Most episodes were in {_muscle_words(top)} ({count} of {total})"
        if count * 2 > total
        else f"The muscle with most episodes was {_muscle_words(top).removeprefix('the ')} "
        f"({count} of {total})"
    )
    others = len(by_muscle) - 1
    more = "" if others == 0 else f"; {counted(others, 'other muscle')} had the rest"
    return f"{lead}: {side_text}{more}."


def top_muscle(frame: pd.DataFrame) -> str | None:
    """The muscle with most episodes in ``episode_patterns()["muscle"]`` (first on ties)."""
    if frame.empty:
        return None
    totals = frame.groupby(frame["muscle"].astype(str), sort=False)["episodes"].sum()
    return str(totals.sort_values(ascending=False, kind="stable").index[0])


def relief(frame: pd.DataFrame) -> str:
    """What was used most for relief (``episode_patterns``); counts use, not success.

    "none" (nothing was done) is never named as the thing "used most": the sentence
    names the most used actual remedy and says separately how often nothing was done.
    """
    if frame.empty or int(frame["times_used"].sum()) == 0:
        return "No relief was noted for these episodes."
    first = frame.iloc[0]
    total = int(round(float(first["times_used"]) / float(first["share"])))
    is_none = frame["relief"].astype(str) == "none"
    nothing = int(frame.loc[is_none, "times_used"].sum())
    used = frame[~is_none]
    tail = " This counts what you used, not what worked."
    nothing_text = f"for {nothing} of {total} you did nothing" if nothing else ""
    if used.empty:
        return f"You noted doing nothing for relief, for {nothing} of {total} episodes."
    top = used.iloc[0]
    head = (
        f"What you used most was {_RELIEF_WORDS.get(str(top['relief']), top['relief'])}, "
        f"for {int(top['times_used'])} of {total} episodes"
    )
    rest = [
        f"{_RELIEF_WORDS.get(str(r.relief), r.relief)} ({int(r.times_used)})"
        for r in used.iloc[1:3].itertuples(index=False)
    ]
    then = f", then {_join(rest)}" if rest else ""
    after = f"; {nothing_text}" if nothing_text else ""
    return f"{head}{then}{after}.{tail}"


def monthly(frame: pd.DataFrame) -> str:
    """The month with most episodes and the range of median severity and duration."""
    if frame.empty or int(frame["episodes"].sum()) == 0:
        return "No episodes in this period."
    best = frame.sort_values(["episodes", "month"], ascending=[False, True], kind="stable").iloc[0]
    text = f"{_month(best['month'])} had the most episodes ({int(best['episodes'])})"
    parts = []
    sev = frame["median_severity"].dropna()
    if len(sev):
        parts.append(f"median severity {_range(sev, '0-10')}")
    dur = frame["median_duration_min"].dropna()
    if len(dur):
        parts.append(f"median duration {_range(dur, 'minutes')}")
    if parts and len(frame) > 1:
        text += "; from month to month, " + _join(parts)
    elif parts:
        text += "; " + _join(parts)
    return text + "."


def _range(values: pd.Series, u: str) -> str:
    lo, hi = float(values.min()), float(values.max())
    if round(lo, 1) == round(hi, 1):
        return f"was {_with_unit(lo, u)}"
    if u == "0-10":
        return f"ranged from {_amount(lo)} to {_amount(hi)} out of 10"
    return f"ranged from {_amount(lo)} to {_with_unit(hi, u)}"


__all__ = [
    "when_high",
    "WHY_ALONE",
    "pq",
    "factor_row_details",
    "rates_details",
    "method_plain",
    "CLEAR",
    "NIGHT",
    "NOT_CAUSE",
    "calendar",
    "describe",
    "factor_row",
    "factors",
    "fmt_p",
    "hours",
    "is_clear",
    "label",
    "lag_label",
    "method",
    "model",
    "model_terms",
    "monthly",
    "muscles",
    "name",
    "nice_step",
    "noun",
    "rates",
    "relief",
    "timeline",
    "top_factors",
    "counted",
    "top_muscle",
    "topic",
    "unit",
]
