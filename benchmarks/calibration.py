"""How often are the app's claims right? A measurement on simulated logs whose truth is known.

For each scenario of :mod:`crampwise.stats.simulate` (nothing matters; nothing
matters but susceptibility wanders; a trend only; a weekday rhythm only;
planted effects with night cramps after the exposure day; overdispersed
counts) it simulates ``--logs`` logs of ``--days`` days, runs
``crampwise.stats.analyze`` on each and reads what a person would be *told*,
then prints one table: how often a log shows a finding where nothing matters,
how often heat or stress are blamed for a trend or a weekly rhythm, how often
each planted effect is found with the right sign (power), how often the
model's 95% intervals cover the planted rate ratios, how often a finding points
the wrong way, and the seconds per analysis.

    make calibrate       # or: .venv/bin/python benchmarks/calibration.py [--logs 200 --days 365 --seed 12]

It is a measurement, not a test: it never fails, and it may take minutes
(progress goes to stderr). The figures and their goals (issue 12) are in
docs/analysis.md, "How often the claims are right (calibration)".

What counts as told: when ``crampwise.words.summary.to_json(a)`` has a
``"findings"`` list, exactly that list; until then, the claims the app shows
today (a factor row with q < 0.05, a model term whose 95% CI excludes 1, and
every "where the two views disagree" box, in the direction of its clear view).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from statsmodels.stats.proportion import proportion_confint

from crampwise.stats import analyze, simulate
from crampwise.words import summary

TODAY = "claims as shown today (no findings list yet)"
LISTED = "the JSON findings list"

#: A finding about one of these factors is a finding about a planted effect:
#: factor -> (planted factor, sign). Warm-up is the mirror of exercise without one;
#: the heat index rises with the temperature.
SAME_AS: dict[str, tuple[str, int]] = {
    "water_l": ("water_l", 1),
    "no_warmup": ("no_warmup", 1),
    "warmup": ("no_warmup", -1),
    "temp_c": ("temp_c", 1),
    "heat_index_c": ("temp_c", 1),
}
#: The model term that estimates each planted effect: term -> (planted factor, power).
#: Today's model codes warm-up as 1 on warmed-up and rest days, 0 on exercise
#: without a warm-up, so its IRR is the planted ratio to the power -1.
TERMS: dict[str, tuple[str, int]] = {
    "water_l": ("water_l", 1),
    "temp_c": ("temp_c", 1),
    "warmup": ("no_warmup", -1),
    "no_warmup": ("no_warmup", 1),
}


# --------------------------------------------------------------------------- what a person is told


def _direction(value: float, null: float) -> str:
    return "more" if value > null else "fewer"


def told(a: Any) -> tuple[list[dict[str, Any]], str]:
    """The findings a person is shown for analysis ``a``, and which definition was used."""
    js = summary.to_json(a)
    if "findings" in js:
        return list(js["findings"]), LISTED
    out: list[dict[str, Any]] = []
    for row in js["factors"]:
        if row["q"] is not None and row["q"] < 0.05:
            out.append(
                {
                    "factor": row["factor"],
                    "lag": row["lag"],
                    "direction": _direction(row["rho"], 0.0),
                    "view": "factor row",
                    "estimate": row["rho"],
                    "ci_low": row["ci_low"],
                    "ci_high": row["ci_high"],
                    "q": row["q"],
                }
            )
    terms = js["model"]["terms"] if js["model"] else []
    for term in terms:
        lo, hi = term["ci_low"], term["ci_high"]
        if (lo is not None and lo > 1) or (hi is not None and hi < 1):
            out.append(
                {
                    "factor": term["factor"],
                    "lag": 0,
                    "direction": _direction(term["irr"], 1.0),
                    "view": "model",
                    "estimate": term["irr"],
                    "ci_low": lo,
                    "ci_high": hi,
                    "q": None,
                }
            )
    for c in a.contrasts:  # a box states the direction of whichever view is clear
        if c.rho_clear:
            out.append(
                {"factor": c.factor, "lag": 0, "direction": _direction(c.rho, 0.0), "view": "contrast"}
            )
        if c.ci_low > 1 or c.ci_high < 1:
            out.append(
                {"factor": c.factor, "lag": 0, "direction": _direction(c.irr, 1.0), "view": "contrast"}
            )
    return out, TODAY


# --------------------------------------------------------------------------- one log


@dataclass
class Outcome:
    """What one simulated log's analysis told, reduced to what the table counts."""

    seconds: float
    any_finding: bool
    blamed_decoy: bool
    #: planted factor -> a finding on it with the right sign
    found: dict[str, bool] = field(default_factory=dict)
    #: planted factor -> the model's 95% CI covers its true rate ratio (absent without the term)
    covered: dict[str, bool] = field(default_factory=dict)
    wrong_direction: bool = False
    #: a finding about a factor with no planted effect (planted logs only)
    other_finding: bool = False
    leaked_warnings: int = 0
    definition: str = TODAY


def run_one(scenario: str, days: int, seed: int) -> Outcome:
    daily, episodes, truth = simulate.SCENARIOS[scenario](days=days, seed=seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        began = time.perf_counter()
        a = analyze(daily, episodes)
        seconds = time.perf_counter() - began
        findings, definition = told(a)
    out = Outcome(
        seconds=seconds,
        any_finding=bool(findings),
        blamed_decoy=any(f["factor"] in truth.decoys for f in findings),
        leaked_warnings=len(caught),
        definition=definition,
    )
    if truth.effects:
        out.found = dict.fromkeys(truth.effects, False)
        for f in findings:
            planted, sign = SAME_AS.get(f["factor"], (None, 0))
            if planted not in truth.effects:
                out.other_finding = True
                continue
            says_more = (f["direction"] == "more") == (sign > 0)
            if says_more == (truth.effects[planted] > 1):
                out.found[planted] = True
            else:
                out.wrong_direction = True
        terms = a.model.terms if a.model is not None else None
        if terms is not None:
            for term in terms.itertuples(index=False):
                planted, power = TERMS.get(term.factor, (None, 0))
                if planted in truth.effects:
                    target = truth.effects[planted] ** power
                    out.covered[planted] = bool(term.ci_low <= target <= term.ci_high)
    return out


# --------------------------------------------------------------------------- the table


def share(hits: Iterable[bool]) -> tuple[int, int, str]:
    values = list(hits)
    k, n = sum(values), len(values)
    if n == 0:
        return 0, 0, "no logs"
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    return k, n, f"{k}/{n} = {100 * k / n:.1f}% (95% CI {100 * lo:.0f}-{100 * hi:.0f}%)"


def verdict(k: int, n: int, goal: str) -> str:
    if n == 0 or goal == "-":
        return "-"
    bound = float(goal[2:].rstrip("%")) / 100
    rate = k / n
    ok = rate <= bound if goal.startswith("<=") else rate >= bound
    return "met" if ok else "NOT met"


def table(results: dict[str, list[Outcome]]) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []

    def add(measure: str, scenario: str, hits: Iterable[bool], goal: str = "-") -> None:
        k, n, text = share(hits)
        rows.append((measure, scenario, text, goal, verdict(k, n, goal)))

    any_goal = {"null": "<=5%", "wandering": "<=10%", "overdispersed": "<=5%"}
    for scenario, outcomes in results.items():
        add("logs with any finding", scenario, (o.any_finding for o in outcomes), any_goal.get(scenario, "-"))
    if "trend" in results:
        add("trend-only logs blaming heat", "trend", (o.blamed_decoy for o in results["trend"]), "<=5%")
    if "weekday" in results:
        add(
            "weekday-only logs blaming stress",
            "weekday",
            (o.blamed_decoy for o in results["weekday"]),
            "<=5%",
        )
    if "planted" in results:
        outcomes = results["planted"]
        for factor, (step, label) in simulate.PLANTED_STEPS.items():
            true_rr = simulate.PLANTED[factor] ** step
            name = f"{factor} {true_rr:.2f} {label}"
            add(f"power: {name} found, right sign", "planted", (o.found.get(factor, False) for o in outcomes))
            add(
                f"coverage: model 95% CI holds {name}",
                "planted",
                (o.covered[factor] for o in outcomes if factor in o.covered),
                ">=93%",
            )
        add("logs with a wrong-direction finding", "planted", (o.wrong_direction for o in outcomes), "<=2%")
        add(
            "logs with a finding on a factor with no planted effect",
            "planted",
            (o.other_finding for o in outcomes),
        )
    everything = [o for outcomes in results.values() for o in outcomes]
    add("analyses that let a library warning out", "all", (o.leaked_warnings > 0 for o in everything), "<=0%")
    seconds = sorted(o.seconds for o in everything)
    p95 = seconds[min(len(seconds) - 1, math.ceil(0.95 * len(seconds)) - 1)] if seconds else math.nan
    rows.append(
        (
            "seconds per analysis",
            "all",
            f"median {statistics.median(seconds) if seconds else math.nan:.3f}, 95th percentile {p95:.3f}",
            "-",
            "-",
        )
    )
    return rows


def render(rows: list[tuple[str, str, str, str, str]]) -> str:
    head = ("measure", "scenario", "result", "goal", "goal met?")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip(), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=200, help="simulated logs per scenario (default 200)")
    parser.add_argument("--days", type=int, default=365, help="days per log (default 365)")
    parser.add_argument("--seed", type=int, default=12, help="seed of the whole run (default 12)")
    parser.add_argument(
        "--scenarios", nargs="+", choices=list(simulate.SCENARIOS), default=list(simulate.SCENARIOS)
    )
    args = parser.parse_args(argv)
    if args.logs < 1 or args.days < 2:
        parser.error("--logs must be at least 1 and --days at least 2")

    results: dict[str, list[Outcome]] = {}
    began = time.perf_counter()
    for si, scenario in enumerate(args.scenarios):
        outcomes = results.setdefault(scenario, [])
        for j in range(args.logs):
            seed = int(np.random.SeedSequence([args.seed, si, j]).generate_state(1)[0])
            outcomes.append(run_one(scenario, args.days, seed))
            if (j + 1) % max(1, args.logs // 10) == 0 or j + 1 == args.logs:
                print(
                    f"{scenario}: {j + 1}/{args.logs} logs ({time.perf_counter() - began:.0f} s)",
                    file=sys.stderr,
                    flush=True,
                )
    definitions = {o.definition for outcomes in results.values() for o in outcomes}
    print(
        f"Calibration: {args.logs} simulated logs per scenario, {args.days} days each, seed {args.seed}; "
        f"{time.perf_counter() - began:.0f} s in all."
    )
    print(f"What counts as told: {' / '.join(sorted(definitions))}.")
    print()
    print(render(table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
