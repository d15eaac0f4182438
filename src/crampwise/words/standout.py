"""What stands out in a person's log: the findings first, in plain words.

Why it exists: Insights opens with the answer a person came for. Each finding
(:mod:`crampwise.stats.findings`) is said with how big it is, how sure we can
be and on how many days; links that looked real on their own but did not pass
are described as such ("on its own ..., weighed against ..., unclear"); and
when nothing stands out we say so plainly and what would help: how many days
would usually reveal a 30% change per step of each main factor
(:func:`crampwise.stats.power.days_to_show`). The technical figures (q, rho,
rate ratios and their intervals) go to :attr:`Standout.details`, which the
page shows in a "details" expander.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from crampwise.stats.analysis import Analysis
from crampwise.stats.findings import Finding, OneDay, Overlap, Unsupported
from crampwise.stats.power import EXAMPLE_RATIO, POWER, days_to_show
from crampwise.words import contrasts, dates, plain, takeaways

#: Factors the "what would help" sentences are about, in order, when they are in the model.
MAIN_FACTORS: tuple[str, ...] = ("water_l", "temp_c", "exercise_min", "warmup", "stress", "sleep_h")

#: A derived factor that mirrors a logged one: described once, under the logged one.
_MIRRORS: dict[str, str] = {"no_warmup": "warmup"}


@dataclass(frozen=True)
class Standout:
    """The opening of Insights, in words.

    ``headline`` first; ``findings`` one sentence each; ``described`` the links
    that are not findings and why; ``would_help`` what more logging would show;
    ``details`` the figures behind them, for the "details" expander.
    """

    headline: str
    findings: tuple[str, ...] = ()
    described: tuple[str, ...] = ()
    would_help: tuple[str, ...] = ()
    details: tuple[str, ...] = ()


def _names(factors: tuple[str, ...] | list[str]) -> str:
    words = [takeaways.noun(f) for f in factors]
    if not words:
        return "your other factors"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _term_row(a: Analysis, factor: str, system: str) -> dict[str, object] | None:
    if a.model is None:
        return None
    terms = takeaways.model_terms(a.model, a.table, system=system)
    rows = terms[terms["factor"] == factor]
    return None if rows.empty else rows.iloc[0].to_dict()


def _adjusted(a: Analysis, f: Finding, system: str) -> tuple[str, str]:
    row = _term_row(a, f.factor, system)
    assert row is not None  # an adjusted finding is a model term
    irr, lo, hi = float(str(row["irr"])), float(str(row["ci_low"])), float(str(row["ci_high"]))
    days = a.model.n if a.model is not None else a.days
    sd = float(a.model.terms.loc[a.model.terms["factor"] == f.factor, "sd"].iloc[0]) if a.model else 1.0
    text = (
        f"About {plain.change(irr)} episodes a day with {contrasts.each_step(f.factor, sd, system)} "
        f"({plain.change_range(lo, hi)}), weighed against your other factors, the time of year "
        f"and the day of the week, over {days} days. {plain.sureness(f.q)}"
    )
    detail = (
        f"{takeaways.name(f.factor)} (combined model): rate ratio {irr:.2f} {row['per']}, "
        f"95% CI {lo:.2f} to {hi:.2f}, {takeaways.pq('q', f.q)} (family-wide)."
    )
    return text, detail


def _alone(a: Analysis, f: Finding) -> tuple[str, str]:
    row = a.factors[(a.factors["factor"] == f.factor) & (a.factors["lag"] == f.lag)]
    n = int(row["n"].iloc[0]) if len(row) else a.days
    text = (
        f"{takeaways.when_high(f.factor, f.lag)} you had {f.direction} episodes: "
        f"{plain.strength(f.estimate)}, over {n} days, and the combined view agrees. "
        f"{plain.sureness(f.q)}"
    )
    detail = (
        f"{takeaways.lag_label(f.factor, f.lag)} (one at a time, trend-adjusted): rank correlation "
        f"{f.estimate:.2f}, 95% CI {f.ci_low:.2f} to {f.ci_high:.2f}, {takeaways.pq('q', f.q)}, "
        f"n = {n}."
    )
    return text, detail


def _unsupported(u: Unsupported) -> tuple[str, str]:
    what = takeaways.noun(u.factor) + (" the day before" if u.lag else "")
    text = (
        f"On its own, more {what} went with {u.direction} episodes; weighed against "
        f"{_names(u.related)} and the time of year, that link is unclear, so it is not a finding."
    )
    why = takeaways.WHY_ALONE.get(u.factor)
    if why and u.direction == "more":
        text += " " + why
    detail = (
        f"{takeaways.lag_label(u.factor, u.lag)}: on its own {takeaways.pq('q', u.q)} "
        f"(rank correlation {u.rho:.2f}); in the combined model rate ratio {u.adjusted_irr:.2f} per unit, "
        f"{takeaways.pq('q', u.adjusted_q)}."
    )
    return text, detail


def _one_day(o: OneDay) -> tuple[str, str]:
    when = dates.in_sentence(o.day)
    what = takeaways.noun(o.factor) + (" the day before" if o.lag else "")
    text = (
        f"A link with {what} rests on a single day ({when}, with "
        f"{takeaways.counted(o.episodes, 'episode')}): without that day it is unclear, "
        "so it is not a finding."
    )
    detail = f"{takeaways.lag_label(o.factor, o.lag)} ({o.view}): driven by {o.day:%Y-%m-%d}."
    return text, detail


def _overlap(o: Overlap) -> tuple[str, str]:
    text = (
        f"{takeaways.noun(o.first).capitalize()} and {takeaways.noun(o.second)} rose and fell together on "
        f"most days, so their separate effects cannot be told apart"
        + (": neither is named as a finding." if o.hidden_finding else ".")
    )
    detail = f"{takeaways.name(o.first)} and {takeaways.name(o.second)}: Spearman r = {o.r:.2f}."
    return text, detail


def _tests(a: Analysis) -> int:
    rows = int(a.factors["p"].notna().sum()) if len(a.factors) else 0
    terms = int(a.model.terms["p"].notna().sum()) if a.model is not None else 0
    return max(1, rows + terms)


def _would_help(a: Analysis, system: str) -> tuple[list[str], list[str]]:
    """A sentence per main factor: the days that would usually show a 30% change."""
    if a.model is None:
        return (
            [
                "Keep logging your days: with more complete days the app can weigh your factors "
                "against each other, which is what turns a pattern into a finding."
            ],
            [],
        )
    out: list[str] = []
    details: list[str] = []
    tests = _tests(a)
    in_model = [f for f in MAIN_FACTORS if f in set(a.model.terms["factor"])]
    rate = a.model.episodes / a.model.n if a.model.n else math.nan
    change = plain.whole_percent(EXAMPLE_RATIO - 1)
    for factor in in_model[:2]:
        row = _term_row(a, factor, system)
        if row is None:
            continue
        step = float(str(row["step"]))
        needed = days_to_show(a.model, factor, step=step, tests=tests)
        if needed is None:
            continue
        per = str(row["per"])
        sd = float(a.model.terms.loc[a.model.terms["factor"] == factor, "sd"].iloc[0])
        what = f"a {change}% change in episodes with {contrasts.each_step(factor, sd, system)}"
        if needed <= a.model.n:
            out.append(
                f"Your log is already long enough that {what} would usually stand out, so any "
                f"effect {takeaways.noun(factor)} has on you is probably smaller than that."
            )
        else:
            out.append(
                f"At your current rate ({rate:.2f} episodes a day), {what} would usually stand out "
                f"after {plain.duration(needed)} of logged days; you have {a.model.n} so far."
            )
        details.append(
            f"Days to show a rate ratio of {EXAMPLE_RATIO:g} {per} for {takeaways.noun(factor)}: "
            f"{needed:.0f} ({plain.percent(POWER)} power at the level {0.05 / tests:.4f} = 0.05 / {tests} "
            f"tests; the model's standard error scaled by the square root of the days)."
        )
    if out:
        out.append("Logging every day, with the same factors each day, helps most.")
    return out, details


def standout(a: Analysis, system: str = "metric") -> Standout:
    """The findings of ``a`` and what else to say about them (see the module docstring)."""
    if not a.enough_data:
        return Standout(
            "Nothing can stand out yet: there are too few days or episodes to tell a pattern from chance."
        )
    found: list[str] = []
    details: list[str] = []
    adjusted = {f.factor for f in a.findings.findings if f.view == "adjusted"}
    alone = {(f.factor, f.lag) for f in a.findings.findings if f.view == "alone"}
    for f in a.findings.findings:
        text, detail = _adjusted(a, f, system) if f.view == "adjusted" else _alone(a, f)
        details.append(detail)
        base = _MIRRORS.get(f.factor, f.factor)
        said = f.view == "alone" and f.lag == 0 and (base in adjusted or f.factor in adjusted)
        mirrored = f.view == "alone" and f.factor in _MIRRORS and (_MIRRORS[f.factor], f.lag) in alone
        if not (said or mirrored):  # the same link in other words: said once, in the details too
            found.append(text)
    described: list[str] = []
    shown = {(u.factor, u.lag) for u in a.findings.unsupported}
    for u in a.findings.unsupported:
        if u.factor in _MIRRORS and (_MIRRORS[u.factor], u.lag) in shown:
            continue
        text, detail = _unsupported(u)
        described.append(text)
        details.append(detail)
    for o in a.findings.one_day:
        text, detail = _one_day(o)
        described.append(text)
        details.append(detail)
    for pair in a.findings.overlaps:
        text, detail = _overlap(pair)
        described.append(text)
        details.append(detail)
    would_help: list[str] = []
    if found:
        k = len(found)
        headline = (
            f"{k} {'link stands' if k == 1 else 'links stand'} out in your log, once chance, "
            "the time of year, the day of the week and your other factors are allowed for."
        )
    else:
        headline = (
            "Nothing stands out in your log yet: no factor goes clearly with more or fewer "
            "episodes once chance, the time of year, the day of the week and your other factors "
            "are allowed for. That does not mean they do nothing; the log cannot tell yet."
        )
        would_help, more = _would_help(a, system)
        details += more
    details.append(
        f"A finding passes one check across every comparison shown together "
        f"({_tests(a)} p-values, Benjamini-Hochberg q < 0.05), is supported by the combined model, "
        "and does not rest on a single day."
    )
    return Standout(headline, tuple(found), tuple(described), tuple(would_help), tuple(details))


__all__ = ["MAIN_FACTORS", "Standout", "standout"]
