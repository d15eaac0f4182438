"""Prevention targets: how much to drink on a given day, and how a log compares.

Why it exists: "drink enough" is the most common advice for cramps, but a
number means more with its source beside it. Every figure comes from
``content/hydration.toml`` with the name of who published it (EFSA, the US
National Academies); the numbers we made up ourselves -- extra for exercise
and for hot days -- are labelled there as Crampwise estimates, and the
exercise sentence gives ACSM's advice to weigh yourself to learn your own
sweat loss. This module only does the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd

from crampwise import schema, units
from crampwise.errors import HydrationInputError
from crampwise.guide import GuideError, load_toml

Sex = Literal["female", "male"]
Reference = Literal["EFSA", "NAM"]

#: Values of ``compare(...)["status"]``, in display order.
STATUSES: tuple[str, ...] = ("below", "within", "above", "no data")

CONTENT = "hydration.toml"

_SEXES = ("female", "male")
_GROUPS = ("female", "male", "pregnant", "breastfeeding")
_EXERCISE = schema.DAILY.field("exercise_min")
_TEMP = schema.DAILY.field("temp_c")


@dataclass(frozen=True)
class Target:
    """One day's drinking target and where each part of it comes from.

    ``total_l`` is the reference's adequate total water intake (food and drinks
    together) before any exercise or heat extra; the drinks range is what to
    drink that day, extras included.
    """

    total_l: float
    drinks_low_l: float
    drinks_high_l: float
    #: One plain sentence per part of the target, each naming its source.
    basis: list[str]
    reference: str


@dataclass(frozen=True)
class _Ref:
    source: str
    values: Mapping[str, float]
    drinks_low: float
    drinks_high: float


@dataclass(frozen=True)
class _Content:
    sources: Mapping[str, Mapping[str, str]]
    refs: Mapping[str, _Ref]
    exercise_source: str
    exercise_advice_source: str
    rate_low: float
    rate_high: float
    heat_source: str
    #: (temp_c_min, extra_l), ascending by temperature.
    heat_steps: tuple[tuple[float, float], ...]
    who: Mapping[str, str]
    basis: Mapping[str, str]
    texts: Mapping[str, str]
    errors: Mapping[str, str]


def _number(table: Mapping[str, Any], key: str, where: str) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise GuideError(f"{CONTENT}: {where} needs a number {key!r} >= 0")
    return float(value)


def _texts(table: Mapping[str, Any], keys: tuple[str, ...], where: str) -> Mapping[str, str]:
    for key in keys:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise GuideError(f"{CONTENT}: {where} needs a non-empty text {key!r}")
    return MappingProxyType({k: v for k, v in table.items() if isinstance(v, str)})


@cache
def _content() -> _Content:
    """Load and check the TOML once, so a broken figure fails at first use, loudly."""
    raw = load_toml(CONTENT)
    sources = {
        sid: _texts(s, ("name", "short", "full"), f"[sources.{sid}]")
        for sid, s in raw.get("sources", {}).items()
    }

    def source_of(table: Mapping[str, Any], where: str) -> str:
        sid = table.get("source")
        if sid not in sources:
            raise GuideError(f"{CONTENT}: {where} names source {sid!r}, which has no [sources.{sid}] table")
        return str(sid)

    refs: dict[str, _Ref] = {}
    for rid, r in raw.get("references", {}).items():
        where = f"[references.{rid}]"
        low, high = _number(r, "drinks_low", where), _number(r, "drinks_high", where)
        if not 0 < low <= high <= 1:
            raise GuideError(f"{CONTENT}: {where} needs 0 < drinks_low <= drinks_high <= 1")
        refs[rid] = _Ref(
            source_of(r, where), MappingProxyType({g: _number(r, g, where) for g in _GROUPS}), low, high
        )
    if set(refs) != {"EFSA", "NAM"}:
        raise GuideError(f"{CONTENT}: expected [references.EFSA] and [references.NAM], found {sorted(refs)}")
    ex = raw.get("exercise", {})
    rate_low = _number(ex, "low_l_per_hour", "[exercise]")
    rate_high = _number(ex, "high_l_per_hour", "[exercise]")
    if rate_low > rate_high:
        raise GuideError(f"{CONTENT}: [exercise] low_l_per_hour > high_l_per_hour")
    heat = raw.get("heat", {})
    steps = sorted(
        (float(s["temp_c_min"]), _number(s, "extra_l", "[[heat.steps]]")) for s in heat.get("steps", [])
    )
    return _Content(
        sources=MappingProxyType(sources),
        refs=MappingProxyType(refs),
        exercise_source=source_of(ex, "[exercise]"),
        exercise_advice_source=source_of({"source": ex.get("advice_source")}, "[exercise] advice_source"),
        rate_low=rate_low,
        rate_high=rate_high,
        heat_source=source_of(heat, "[heat]"),
        heat_steps=tuple(steps),
        who=_texts(raw.get("who", {}), _GROUPS, "[who]"),
        basis=_texts(
            raw.get("basis", {}), ("total", "drinks_range", "drinks_single", "exercise", "heat"), "[basis]"
        ),
        texts=_texts(raw.get("texts", {}), STATUSES, "[texts]"),
        errors=_texts(
            raw.get("errors", {}),
            (
                "sex",
                "reference",
                "pregnant_male",
                "pregnant_and_breastfeeding",
                "exercise",
                "temperature",
                "flag",
                "no_date",
            ),
            "[errors]",
        ),
    )


def texts() -> Mapping[str, str]:
    """Page texts: ``title``, ``intro``, ``caution``, ``drinks_note`` and one per status."""
    return _content().texts


def sources() -> Mapping[str, Mapping[str, str]]:
    """Each source id -> its ``name``, ``short`` and ``full`` citation, for a references list."""
    return _content().sources


# --------------------------------------------------------------------------- helpers


def _water(system: str) -> units.Quantity:
    return units.converting("water_l", system)


def _places(q: units.Quantity) -> int:
    """Litres to 0.1 L (as the content says), fl oz whole."""
    return min(q.decimals, 1)


def amount(litres: float, system: str = units.DEFAULT) -> str:
    """An amount of fluid in ``system``'s units: "1.6 L", "54 fl oz"."""
    q = _water(system)
    return q.format(litres, decimals=_places(q))


def amount_range(low: float, high: float, system: str = units.DEFAULT, *, sep: str = " to ") -> str:
    """A range of fluid with the unit once: "1.4 to 1.6 L", "47 to 54 fl oz"; a single
    amount when both ends show the same."""
    q = _water(system)
    first, last = amount(low, system), amount(high, system)
    if first == last:
        return last
    return f"{first.removesuffix(' ' + q.symbol)}{sep}{last}"


def temperature(temp_c: float, system: str = units.DEFAULT) -> str:
    """A temperature in ``system``'s units: "25 °C", "77 °F"."""
    return units.converting("temp_c", system).format(temp_c)


def _plain(x: float) -> str:
    """A number without trailing zeros: 27.0 -> "27", 27.5 -> "27.5"."""
    return f"{round(x, 1):g}"


def _sentence(template: str, **values: Any) -> str:
    text = template.format(**values)
    return text[:1].upper() + text[1:]


def _heat_extra(temp: np.ndarray) -> np.ndarray:
    """Extra litres for each day's highest temperature (NaN -> 0): the highest step reached."""
    extra = np.zeros(temp.shape)
    with np.errstate(invalid="ignore"):
        for temp_min, litres in _content().heat_steps:
            extra = np.where(temp >= temp_min, litres, extra)
    return extra


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _check(sex: str, pregnant: bool, breastfeeding: bool, reference: str) -> tuple[_Ref, str]:
    """Validate who the target is for; return the reference and the group key."""
    c = _content()
    err = c.errors
    if sex not in _SEXES:
        raise HydrationInputError(err["sex"].format(value=sex))
    if reference not in c.refs:
        raise HydrationInputError(err["reference"].format(value=reference, known=", ".join(c.refs)))
    for name, flag in (("pregnant", pregnant), ("breastfeeding", breastfeeding)):
        if not isinstance(flag, bool | np.bool_):
            raise HydrationInputError(err["flag"].format(name=name, value=flag))
    if (pregnant or breastfeeding) and sex == "male":
        raise HydrationInputError(err["pregnant_male"])
    if pregnant and breastfeeding:
        raise HydrationInputError(err["pregnant_and_breastfeeding"])
    group = "pregnant" if pregnant else "breastfeeding" if breastfeeding else sex
    return c.refs[reference], group


def _check_number(value: Any, field: schema.Field, key: str) -> float | None:
    """A finite number inside the schema's limits, or None when not given (None or NaN)."""
    if _missing(value):
        return None
    lo = -math.inf if field.min is None else field.min
    hi = math.inf if field.max is None else field.max
    ok = (
        not isinstance(value, bool)
        and isinstance(value, int | float | np.number)
        and math.isfinite(value)
        and lo <= value <= hi
    )
    if not ok:
        raise HydrationInputError(_content().errors[key].format(value=value, lo=_plain(lo), hi=_plain(hi)))
    return float(value)


# --------------------------------------------------------------------------- API


def target(
    sex: Sex,
    *,
    pregnant: bool = False,
    breastfeeding: bool = False,
    temp_c: float | None = None,
    exercise_min: float = 0,
    reference: Reference = "EFSA",
    system: str = units.DEFAULT,
) -> Target:
    """The day's drinking target for an adult, with one sourced sentence per part.

    Drinks range = the reference total x the share from drinks, plus sweat
    lost in exercise and the hot-day allowance (both rough Crampwise
    estimates, labelled as such in the basis). ``temp_c`` is the day's highest temperature; None or
    NaN means unknown (no heat allowance), and NaN exercise counts as none.

    The numbers stay canonical (litres, °C); ``system`` ("metric" or "us") only
    chooses the units the basis sentences show amounts and temperatures in.
    """
    units.check(system)
    ref, group = _check(sex, pregnant, breastfeeding, reference)
    temp = _check_number(temp_c, _TEMP, "temperature")
    minutes = _check_number(exercise_min, _EXERCISE, "exercise") or 0.0
    c = _content()
    total = ref.values[group]
    low, high = total * ref.drinks_low, total * ref.drinks_high
    src = c.sources[ref.source]
    basis = [_sentence(c.basis["total"], source=src["name"], total=amount(total, system), who=c.who[group])]
    if ref.drinks_low == ref.drinks_high:
        basis.append(
            _sentence(
                c.basis["drinks_single"],
                source=src["name"],
                share=_plain(100 * ref.drinks_low),
                low=amount(low, system),
            )
        )
    else:
        basis.append(
            _sentence(
                c.basis["drinks_range"],
                source=src["name"],
                share_low=_plain(100 * ref.drinks_low),
                share_high=_plain(100 * ref.drinks_high),
                amounts=amount_range(low, high, system),
            )
        )
    if minutes > 0:
        ex_low, ex_high = c.rate_low * minutes / 60, c.rate_high * minutes / 60
        low, high = low + ex_low, high + ex_high
        basis.append(
            _sentence(
                c.basis["exercise"],
                source=c.sources[c.exercise_source]["name"],
                advice_source=c.sources[c.exercise_advice_source]["name"],
                rates=amount_range(c.rate_low, c.rate_high, system),
                minutes=_plain(minutes),
                amounts=amount_range(ex_low, ex_high, system),
            )
        )
    heat = float(_heat_extra(np.array([np.nan if temp is None else temp]))[0])
    if temp is not None and heat > 0:
        low, high = low + heat, high + heat
        basis.append(
            _sentence(
                c.basis["heat"],
                source=c.sources[c.heat_source]["name"],
                temp=temperature(temp, system),
                extra=amount(heat, system),
                reference=src["short"],
            )
        )
    return Target(
        total_l=round(total, 3),
        drinks_low_l=round(low, 3),
        drinks_high_l=round(high, 3),
        basis=basis,
        reference=reference,
    )


def compare(
    daily: pd.DataFrame,
    sex: Sex,
    *,
    pregnant: bool = False,
    breastfeeding: bool = False,
    reference: Reference = "EFSA",
) -> pd.DataFrame:
    """Each logged day's fluids against that day's drinks range.

    Uses the day's ``temp_c`` and ``exercise_min`` (missing column or NaN ->
    none). Returns one row per row of ``daily``, sorted by date, with columns
    ``date, water_l, drinks_low_l, drinks_high_l, status``; ``status`` is
    "below", "within" or "above" the range, or "no data" when no fluids were
    logged. Values on a boundary count as within.
    """
    if "date" not in daily.columns:
        raise HydrationInputError(_content().errors["no_date"])
    base = target(sex, pregnant=pregnant, breastfeeding=breastfeeding, reference=reference)
    c = _content()
    frame = daily.sort_values("date", kind="stable").reset_index(drop=True)

    def column(name: str) -> pd.Series:
        if name not in frame.columns:
            return pd.Series(np.nan, index=frame.index, dtype="float64")
        return pd.to_numeric(frame[name], errors="coerce").astype("float64")

    hours = column("exercise_min").fillna(0.0).clip(lower=0.0) / 60
    heat = _heat_extra(column("temp_c").to_numpy())
    ref = c.refs[reference]
    low = (base.total_l * ref.drinks_low + hours * c.rate_low + heat).round(3)
    high = (base.total_l * ref.drinks_high + hours * c.rate_high + heat).round(3)
    water = column("water_l")
    status = np.select(
        [water.isna().to_numpy(), (water < low).to_numpy(), (water > high).to_numpy()],
        ["no data", "below", "above"],
        default="within",
    )
    return pd.DataFrame(
        {
            "date": frame["date"],
            "water_l": water,
            "drinks_low_l": low,
            "drinks_high_l": high,
            "status": pd.Categorical(status, categories=list(STATUSES)),
        }
    )


# --------------------------------------------------------------------------- the chart's days

#: Days with fluids logged further apart than this start a new stretch: the chart shows
#: one stretch at a time, so it never spans long empty months.
MAX_GAP_DAYS = 14


@dataclass(frozen=True)
class Stretch:
    """A run of days with fluids logged, none more than :data:`MAX_GAP_DAYS` from the next."""

    start: pd.Timestamp
    end: pd.Timestamp
    #: How many of its days have fluids logged.
    days: int

    def label(self) -> str:
        """ "3 Mar to 11 Apr 2025 (39 days)"; one day: "2 Dec 2026 (1 day)"."""
        end = f"{self.end.day} {self.end:%b %Y}"
        if self.start == self.end:
            span = end
        elif self.start.year == self.end.year:
            span = f"{self.start.day} {self.start:%b} to {end}"
        else:
            span = f"{self.start.day} {self.start:%b %Y} to {end}"
        return f"{span} ({self.days} day{'' if self.days == 1 else 's'})"


def stretches(compared: pd.DataFrame, max_gap_days: int = MAX_GAP_DAYS) -> list[Stretch]:
    """The stretches of days with fluids logged in ``compared`` (from :func:`compare`),
    latest first.

    >>> frame = pd.DataFrame({"date": pd.to_datetime(["2025-03-01", "2025-03-02", "2026-12-02"]),
    ...                       "water_l": [1.0, 2.0, 1.5]})
    >>> [s.label() for s in stretches(frame)]
    ['2 Dec 2026 (1 day)', '1 Mar to 2 Mar 2025 (2 days)']
    """
    days = pd.to_datetime(compared.loc[compared["water_l"].notna(), "date"]).dt.normalize()
    days = days.drop_duplicates().sort_values().reset_index(drop=True)
    if days.empty:
        return []
    new = days.diff() > pd.Timedelta(days=max_gap_days)
    found = [Stretch(group.iloc[0], group.iloc[-1], len(group)) for _, group in days.groupby(new.cumsum())]
    return found[::-1]


def in_stretch(compared: pd.DataFrame, stretch: Stretch) -> pd.DataFrame:
    """The rows of ``compared`` whose date falls in ``stretch`` (whole days)."""
    day = pd.to_datetime(compared["date"]).dt.normalize()
    return compared[(day >= stretch.start) & (day <= stretch.end)].reset_index(drop=True)
