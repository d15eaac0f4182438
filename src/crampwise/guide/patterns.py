"""Patterns in a person's own log that the guide talks about ("beside the data").

Why it exists: advice such as "get medical help the same day if a cramp lasts
more than 10 minutes" or "see a doctor if you get cramps in most weeks" is easy
to read past in a guide, but hard to miss when the Home page says "your log has
one". Each pattern, its thresholds and its sentences live in
``content/patterns.toml``; this module only counts, with vectorised pandas, and
fills in the numbers. A pattern that is a triage sign names it (``sign``): its
severity is the sign's level and its advice quotes the sign's sentence from
:mod:`crampwise.guide.triage`, so Home says what the checker and the guide say.
The messages describe counts only and never claim a cause.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from crampwise import schema, units
from crampwise.errors import CrampwiseError, PatternInputError
from crampwise.guide import GuideError, load_toml, triage
from crampwise.stats.daily import DERIVED
from crampwise.stats.findings import Findings

Severity = Literal["info", "self-care", "doctor", "today", "emergency"]

#: Severities from most to least serious: the order :func:`find` returns pointers in.
#: Apart from "info", they are the triage levels (:data:`crampwise.guide.triage.LEVELS`).
SEVERITIES: tuple[Severity, ...] = ("emergency", "today", "doctor", "info")

CONTENT = "patterns.toml"


@dataclass(frozen=True)
class Pointer:
    """One pattern found in the log, with the guide topic that talks about it."""

    id: str
    topic: str
    message: str
    advice: str
    severity: Severity
    #: The triage sign this pointer is about (None for "info" pointers).
    sign: str | None = None


@dataclass(frozen=True)
class _Spec:
    id: str
    topic: str
    severity: Severity
    sign: str | None
    message: str
    message_one: str | None
    advice: str
    requires: str | None
    params: Mapping[str, Any]
    #: A pattern that compares days is a claim of a link: shown only with a finding on one
    #: of these factors in this direction (see content/patterns.toml).
    finding_factors: tuple[str, ...] = ()
    finding_direction: str | None = None


@dataclass(frozen=True)
class _Settings:
    window_days: int
    night_start_hour: int
    night_end_hour: int
    leg_muscles: tuple[str, ...]
    twitch_muscles: tuple[str, ...]
    min_log_weeks: int
    most_weeks_share: float


@dataclass(frozen=True)
class _Content:
    settings: _Settings
    specs: tuple[_Spec, ...]
    words: Mapping[str, str]
    muscle_words: Mapping[str, str]
    errors: Mapping[str, str]


@dataclass(frozen=True)
class _Log:
    """The log cut at ``today``, with the derived columns every detector shares."""

    #: Non-twitch episodes: start, day, muscle, duration_min, week, night_leg, recent.
    cramps: pd.DataFrame
    #: Twitch episodes, same columns.
    twitches: pd.DataFrame
    #: Daily rows: date (midnight), temp_c, water_l, exercise_min.
    daily: pd.DataFrame
    today: pd.Timestamp
    #: Whole weeks (7-day blocks counted back from today) the log spans.
    weeks: int
    #: The unit system amounts in messages are written in ("metric" or "us").
    system: str = "metric"


# --------------------------------------------------------------------------- content


def _need(table: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = table.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) or value in ("", []):
        raise GuideError(f"{CONTENT}: {where} needs {key!r} ({getattr(kind, '__name__', kind)})")
    return value


@cache
def _content() -> _Content:
    """Load and check the TOML once, so a typo fails at first use, not on some log."""
    raw = load_toml(CONTENT)
    s = raw.get("settings", {})
    settings = _Settings(
        window_days=_need(s, "window_days", int, "[settings]"),
        night_start_hour=_need(s, "night_start_hour", int, "[settings]"),
        night_end_hour=_need(s, "night_end_hour", int, "[settings]"),
        leg_muscles=tuple(_need(s, "leg_muscles", list, "[settings]")),
        twitch_muscles=tuple(_need(s, "twitch_muscles", list, "[settings]")),
        min_log_weeks=_need(s, "min_log_weeks", int, "[settings]"),
        most_weeks_share=float(_need(s, "most_weeks_share", (int, float), "[settings]")),
    )
    unknown = set(settings.leg_muscles + settings.twitch_muscles) - set(schema.MUSCLES)
    if unknown:
        raise GuideError(f"{CONTENT}: [settings] names unknown muscles {sorted(unknown)}")
    text_keys = {
        "id",
        "topic",
        "severity",
        "sign",
        "message",
        "message_one",
        "advice",
        "requires",
        "finding_factors",
        "finding_direction",
    }
    specs = []
    for i, p in enumerate(raw.get("patterns", [])):
        where = f"[[patterns]] #{i + 1}"
        pid = _need(p, "id", str, where)
        sign = p.get("sign")
        if sign is not None:
            if "severity" in p:
                raise GuideError(
                    f"{CONTENT}: pattern {pid!r} names the sign {sign!r}, so its "
                    "severity is the sign's level; remove 'severity'"
                )
            try:
                severity = triage.flag(sign).level
            except CrampwiseError as exc:
                raise GuideError(f"{CONTENT}: pattern {pid!r}: {exc}") from None
        else:
            severity = _need(p, "severity", str, where)
            if severity != "info":
                raise GuideError(
                    f"{CONTENT}: pattern {pid!r} has severity {severity!r}; a "
                    "pattern that is not 'info' must name its triage 'sign'"
                )
        spec = _Spec(
            id=pid,
            topic=_need(p, "topic", str, where),
            severity=severity,
            sign=sign,
            message=_need(p, "message", str, where),
            message_one=p.get("message_one"),
            advice=_need(p, "advice", str, where),
            requires=p.get("requires"),
            params=MappingProxyType({k: v for k, v in p.items() if k not in text_keys}),
            finding_factors=tuple(p.get("finding_factors", ())),
            finding_direction=p.get("finding_direction"),
        )
        if bool(spec.finding_factors) != (spec.finding_direction is not None) or (
            spec.finding_direction not in (None, "more", "fewer")
        ):
            raise GuideError(
                f"{CONTENT}: pattern {pid!r} needs both 'finding_factors' and "
                "'finding_direction' ('more' or 'fewer'), or neither"
            )
        unknown_factors = set(spec.finding_factors) - set(schema.DAILY.names) - set(DERIVED)
        if unknown_factors:
            raise GuideError(
                f"{CONTENT}: pattern {pid!r} names unknown factors {sorted(unknown_factors)} "
                "in 'finding_factors'"
            )
        specs.append(spec)
    ids = [p.id for p in specs]
    if len(set(ids)) != len(ids) or set(ids) != set(_DETECTORS):
        raise GuideError(
            f"{CONTENT}: pattern ids {sorted(ids)} must be unique and match the "
            f"detectors {sorted(_DETECTORS)}"
        )
    for p in specs:
        if p.requires is not None and p.requires not in ids:
            raise GuideError(f"{CONTENT}: pattern {p.id!r} requires unknown {p.requires!r}")
    words = raw.get("words", {})
    muscle_words = words.get("muscles", {})
    missing = set(schema.MUSCLES) - set(muscle_words)
    if missing:
        raise GuideError(f"{CONTENT}: [words.muscles] lacks {sorted(missing)}")
    return _Content(
        settings=settings,
        specs=tuple(specs),
        words=MappingProxyType(
            {"and": _need(words, "and", str, "[words]"), "date": _need(words, "date", str, "[words]")}
        ),
        muscle_words=MappingProxyType(dict(muscle_words)),
        errors=MappingProxyType({"columns": _need(raw.get("errors", {}), "columns", str, "[errors]")}),
    )


def twitch_muscles() -> tuple[str, ...]:
    """The muscles whose episodes are twitches, not cramps (eyelid, face)."""
    return _content().settings.twitch_muscles


def leg_muscles() -> tuple[str, ...]:
    """The muscles counted as legs, for night leg cramps (calf, foot, toes, thighs)."""
    return _content().settings.leg_muscles


def muscle_word(muscle: str) -> str:
    """A muscle in plain words ("back of the thigh" for ``hamstring``)."""
    return _content().muscle_words.get(muscle, muscle)


def topics() -> tuple[str, ...]:
    """Every guide topic a pointer can link to (so the guide can check it has them all)."""
    return tuple(dict.fromkeys(p.topic for p in _content().specs))


# --------------------------------------------------------------------------- wording


def _plain(x: float) -> str:
    return f"{round(float(x), 1):g}"


def _day_text(day: pd.Timestamp) -> str:
    """ "2 Mar 2025": the sentence style of ``crampwise.words.dates`` (a sibling layer, so
    not imported; a test checks the two agree)."""
    return _content().words["date"].format(day=day.day, month=day.month_name()[:3], year=day.year)


def _where(muscles: pd.Series) -> str:
    """The muscles present, most frequent first, in plain words: "calf, foot and toes"."""
    c = _content()
    counts = muscles.value_counts()
    counts = counts[counts > 0]
    rank = {m: i for i, m in enumerate(schema.MUSCLES)}
    order = sorted(counts.index, key=lambda m: (-counts[m], rank.get(m, len(rank))))
    names = [c.muscle_words.get(m, m) for m in order]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {c.words['and']} {names[-1]}"


# --------------------------------------------------------------------------- detectors
# Each returns the values for the message template, or None when the pattern is absent.


def _long_cramp(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    long = log.cramps[log.cramps["duration_min"] > p["minutes"]]
    if long.empty:
        return None
    return {"n": len(long), "minutes": _plain(p["minutes"]), "last": _day_text(long["day"].max())}


def _in_muscles(hits: pd.DataFrame) -> dict[str, Any] | None:
    if hits.empty:
        return None
    return {"n": len(hits), "where": _where(hits["muscle"]), "last": _day_text(hits["day"].max())}


def _chest(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    return _in_muscles(log.cramps[log.cramps["muscle"].isin(p["muscles"])])


def _arm_belly(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    """Cramps there on days the log shows no exercise and no heat (heat cramps hit there)."""
    days = log.daily.set_index("date")
    explained = days.index[(days["exercise_min"] > p["exercise_min"]) | (days["temp_c"] >= p["heat_c"])]
    hits = log.cramps[log.cramps["muscle"].isin(p["muscles"])]
    return _in_muscles(hits[~hits["day"].isin(explained)])


def _most_weeks(weeks: pd.Series, span: int) -> int | None:
    """How many of the last ``span`` weeks have an episode, if that is "most weeks".

    Needs at least ``min_log_weeks`` whole weeks of log: fewer say too little.
    """
    s = _content().settings
    if span < s.min_log_weeks:
        return None
    k = int(weeks[weeks < span].nunique())
    return k if k / span > s.most_weeks_share else None


def _night_most_weeks(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    weeks = int(p["weeks"])
    if log.weeks < weeks:
        return None
    k = _most_weeks(log.cramps.loc[log.cramps["night_leg"], "week"], weeks)
    return None if k is None else {"k": k, "weeks": weeks}


def _cramps_most_weeks(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    k = _most_weeks(log.cramps["week"], log.weeks)
    return None if k is None else {"k": k, "weeks": log.weeks}


def _night_leg(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    hits = log.cramps[log.cramps["night_leg"] & log.cramps["recent"]]
    if len(hits) < p["min_count"]:
        return None
    return {"n": len(hits), "days": _content().settings.window_days, "where": _where(hits["muscle"])}


def _twitches(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    hits = log.twitches[log.twitches["recent"]]
    if len(hits) < p["min_count"]:
        return None
    return {"n": len(hits), "days": _content().settings.window_days, "where": _where(hits["muscle"])}


def _day_share(
    log: _Log, column: str, test: Callable[[pd.Series], pd.Series], p: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Most cramps fell on days that pass ``test``, and more often than such days occur."""
    values = log.daily.set_index("date")[column].dropna()
    if values.empty:
        return None
    on_day = log.cramps["day"].map(values).dropna()
    n, days = len(on_day), len(values)
    if n < p["min_cramps"]:
        return None
    k, d = int(test(on_day).sum()), int(test(values).sum())
    if not (k / n > 0.5 and k / n > d / days):
        return None
    return {"k": k, "n": n, "d": d, "days": days}


def _amount(field: str, canonical: float, system: str) -> str:
    """A threshold with its unit in ``system``: "25 °C" / "77 °F", "1.5 L" / "51 fl oz"."""
    return units.converting(field, system).format(float(canonical))


def _hot_days(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    found = _day_share(log, "temp_c", lambda t: t >= p["temp_c"], p)
    return None if found is None else {**found, "temp": _amount("temp_c", p["temp_c"], log.system)}


def _low_fluid_days(log: _Log, p: Mapping[str, Any]) -> dict[str, Any] | None:
    found = _day_share(log, "water_l", lambda w: w < p["water_l"], p)
    return None if found is None else {**found, "water": _amount("water_l", p["water_l"], log.system)}


_DETECTORS: dict[str, Callable[[_Log, Mapping[str, Any]], dict[str, Any] | None]] = {
    "long-cramp": _long_cramp,
    "chest-cramp": _chest,
    "arm-belly-cramps": _arm_belly,
    "night-cramps-most-weeks": _night_most_weeks,
    "cramps-most-weeks": _cramps_most_weeks,
    "night-leg-cramps": _night_leg,
    "frequent-twitches": _twitches,
    "hot-days": _hot_days,
    "low-fluid-days": _low_fluid_days,
}


# --------------------------------------------------------------------------- preparing the log


def _check_columns(frame: pd.DataFrame, table: str, needed: tuple[str, ...]) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise PatternInputError(
            _content()
            .errors["columns"]
            .format(table=table, columns=", ".join(needed), missing=", ".join(missing))
        )


def _as_datetime(values: pd.Series) -> pd.Series:
    out = pd.to_datetime(values, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(float("nan"), index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def _prepare(
    episodes: pd.DataFrame | None, daily: pd.DataFrame | None, today: date | None, system: str = "metric"
) -> _Log | None:
    s = _content().settings
    ep = pd.DataFrame(
        {
            "start": pd.Series(dtype="datetime64[us]"),
            "muscle": pd.Series(dtype="str"),
            "duration_min": pd.Series(dtype="float64"),
        }
    )
    if episodes is not None and len(episodes):
        _check_columns(episodes, "episodes", ("start", "muscle"))
        ep = pd.DataFrame(
            {
                "start": _as_datetime(episodes["start"]),
                "muscle": episodes["muscle"].astype("str").where(episodes["muscle"].notna()),
                "duration_min": _numeric(episodes, "duration_min"),
            }
        ).dropna(subset=["start", "muscle"])
    dy = pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[us]"),
            "temp_c": pd.Series(dtype="float64"),
            "water_l": pd.Series(dtype="float64"),
            "exercise_min": pd.Series(dtype="float64"),
        }
    )
    if daily is not None and len(daily):
        _check_columns(daily, "daily", ("date",))
        dy = pd.DataFrame(
            {
                "date": _as_datetime(daily["date"]).dt.normalize(),
                "temp_c": _numeric(daily, "temp_c"),
                "water_l": _numeric(daily, "water_l"),
                "exercise_min": _numeric(daily, "exercise_min"),
            }
        ).dropna(subset=["date"])
    ep = ep.assign(day=ep["start"].dt.normalize())
    if ep.empty and dy.empty:
        return None
    if today is None:
        end = max(x for x in (ep["day"].max(), dy["date"].max()) if pd.notna(x))
    else:
        end = pd.Timestamp(today).normalize()
    ep = ep[ep["day"] <= end]
    dy = dy[dy["date"] <= end].drop_duplicates("date", keep="last")
    if ep.empty and dy.empty:
        return None
    first = min(x for x in (ep["day"].min(), dy["date"].min()) if pd.notna(x))
    age = (end - ep["day"]).dt.days
    hour = ep["start"].dt.hour
    if s.night_start_hour > s.night_end_hour:  # the night wraps past midnight
        night = (hour >= s.night_start_hour) | (hour < s.night_end_hour)
    else:
        night = (hour >= s.night_start_hour) & (hour < s.night_end_hour)
    ep = ep.assign(
        week=age // 7,
        recent=age < s.window_days,
        night_leg=night & ep["muscle"].isin(s.leg_muscles),
    )
    twitch = ep["muscle"].isin(s.twitch_muscles)
    return _Log(
        cramps=ep[~twitch],
        twitches=ep[twitch],
        daily=dy,
        today=end,
        weeks=((end - first).days + 1) // 7,
        system=units.check(system),
    )


# --------------------------------------------------------------------------- API


def _supported(spec: _Spec, findings: Findings | None) -> bool:
    """Whether a pattern that compares days has the finding it needs (others always do)."""
    if not spec.finding_factors:
        return True
    if findings is None:
        return False
    return any(
        f.factor in spec.finding_factors and f.direction == spec.finding_direction for f in findings.findings
    )


def find(
    episodes: pd.DataFrame | None,
    daily: pd.DataFrame | None,
    *,
    today: date | None = None,
    system: str = "metric",
    findings: Findings | None = None,
) -> list[Pointer]:
    """Patterns in the log that the guide names, most serious first.

    ``today`` defaults to the log's own last date (episodes or daily, whichever
    is later), so the same log always gives the same pointers; rows after
    ``today`` are ignored. None or empty tables give an empty list. The tables
    are in canonical units (litres, °C); amounts in the messages are written in
    ``system``'s units ("metric" or "us": "25 °C" or "77 °F"). Which patterns
    are found never depends on ``system``.

    Patterns that compare days (hot days, low-fluid days) say a factor goes with
    cramps, so they appear only when ``findings`` (the analysis of the same log,
    :attr:`crampwise.stats.analysis.Analysis.findings`) has a finding on that
    factor in that direction; without ``findings`` they never appear.
    """
    log = _prepare(episodes, daily, today, system)
    if log is None:
        return []
    found: dict[str, Pointer] = {}
    content = _content()
    # Specs with `requires` run after the rest, so the pattern they need is known.
    for spec in sorted(content.specs, key=lambda sp: sp.requires is not None):
        if spec.requires is not None and spec.requires not in found:
            continue
        if not _supported(spec, findings):
            continue
        values = _DETECTORS[spec.id](log, spec.params)
        if values is None:
            continue
        if spec.sign is not None:
            values["rule"] = triage.rule(spec.sign)
        template = spec.message_one if spec.message_one and values.get("n") == 1 else spec.message
        found[spec.id] = Pointer(
            spec.id,
            spec.topic,
            template.format(**values),
            spec.advice.format(**values),
            spec.severity,
            spec.sign,
        )
    order = {sp.id: i for i, sp in enumerate(content.specs)}
    return sorted(found.values(), key=lambda ptr: (SEVERITIES.index(ptr.severity), order[ptr.id]))
